// Queue attributes: AWS's ranges and defaults, validation of what CreateQueue and
// SetQueueAttributes are given, and the values GetQueueAttributes answers with.
import { errors } from "../../generated/sqs/index.ts";
import { invalidParameterValue } from "./errors.ts";
import * as messages from "./messages.ts";

/** settable attributes with a numeric range [min, max] */
const RANGES: Record<string, [number, number]> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 262_144],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};

export const DEFAULTS: Readonly<Record<string, string>> = {
  DelaySeconds: "0",
  MaximumMessageSize: "262144",
  MessageRetentionPeriod: "345600",
  ReceiveMessageWaitTimeSeconds: "0",
  VisibilityTimeout: "30",
  SqsManagedSseEnabled: "true",
};

export const FIFO_DEFAULTS: Readonly<Record<string, string>> = {
  FifoQueue: "true",
  ContentBasedDeduplication: "false",
  DeduplicationScope: "queue",
  FifoThroughputLimit: "perQueue",
};

const SETTABLE = new Set([
  ...Object.keys(RANGES),
  "Policy",
  "RedrivePolicy",
  "RedriveAllowPolicy",
  "KmsMasterKeyId",
  "SqsManagedSseEnabled",
  "FifoQueue",
  "ContentBasedDeduplication",
  "DeduplicationScope",
  "FifoThroughputLimit",
]);
const FIFO_ONLY = new Set(["DeduplicationScope", "FifoThroughputLimit"]);

/** every name GetQueueAttributes knows, in the order "All" lists them */
export const READABLE = [
  "ApproximateNumberOfMessages",
  "ApproximateNumberOfMessagesDelayed",
  "ApproximateNumberOfMessagesNotVisible",
  "ContentBasedDeduplication",
  "CreatedTimestamp",
  "DeduplicationScope",
  "DelaySeconds",
  "FifoQueue",
  "FifoThroughputLimit",
  "KmsDataKeyReusePeriodSeconds",
  "KmsMasterKeyId",
  "LastModifiedTimestamp",
  "MaximumMessageSize",
  "MessageRetentionPeriod",
  "Policy",
  "QueueArn",
  "ReceiveMessageWaitTimeSeconds",
  "RedriveAllowPolicy",
  "RedrivePolicy",
  "SqsManagedSseEnabled",
  "VisibilityTimeout",
] as const;
const READABLE_SET = new Set<string>(READABLE);

export const isReadable = (name: string): boolean => name === "All" || READABLE_SET.has(name);

export interface RedrivePolicy {
  raw: string;
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export interface RedriveAllowPolicy {
  permission: "allowAll" | "denyAll" | "byQueue";
  sourceQueueArns: string[];
}

export const QUEUE_ARN = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,80}(?:\.fifo)?)$/;

export function parseRedrivePolicy(raw: string): RedrivePolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    throw invalidParameterValue(messages.redriveNotJson(raw));
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw invalidParameterValue(messages.redriveNotJson(raw));
  const d = doc as Record<string, unknown>;
  const arn = d.deadLetterTargetArn;
  if (typeof arn !== "string" || !QUEUE_ARN.test(arn)) throw invalidParameterValue(messages.redriveBadTarget(raw));
  const count = typeof d.maxReceiveCount === "string" ? Number(d.maxReceiveCount) : d.maxReceiveCount;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > 1000) {
    throw invalidParameterValue(messages.redriveBadMaxReceiveCount(raw, d.maxReceiveCount));
  }
  return { raw, deadLetterTargetArn: arn, maxReceiveCount: count };
}

export function parseRedriveAllowPolicy(raw: string): RedriveAllowPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    throw invalidParameterValue(messages.redriveAllowInvalid(raw, "Redrive allow policy is not a valid JSON map."));
  }
  const d = (doc && typeof doc === "object" && !Array.isArray(doc) ? doc : {}) as Record<string, unknown>;
  const permission = d.redrivePermission;
  if (permission !== "allowAll" && permission !== "denyAll" && permission !== "byQueue") {
    throw invalidParameterValue(messages.redriveAllowInvalid(raw, "Invalid value for redrivePermission."));
  }
  const sources = d.sourceQueueArns;
  if (permission === "byQueue") {
    if (!Array.isArray(sources) || sources.length < 1 || sources.length > 10 || sources.some((s) => typeof s !== "string" || !QUEUE_ARN.test(s))) {
      throw invalidParameterValue(messages.redriveAllowInvalid(raw, "Invalid value for sourceQueueArns."));
    }
  } else if (sources !== undefined) {
    throw invalidParameterValue(messages.redriveAllowInvalid(raw, "sourceQueueArns can only be given when redrivePermission is byQueue."));
  }
  return { permission, sourceQueueArns: permission === "byQueue" ? (sources as string[]) : [] };
}

const bool = (name: string, v: string): string => {
  const l = v.toLowerCase();
  if (l !== "true" && l !== "false") throw new errors.InvalidAttributeValue(messages.invalidAttributeValue(name));
  return l;
};

/**
 * Checks the attributes a CreateQueue or SetQueueAttributes carries and returns them in
 * the form GetQueueAttributes answers with ("" for Policy/RedrivePolicy/... means remove).
 * `fifo` is the queue's type (for CreateQueue: what FifoQueue asks for).
 */
export function normalize(given: Readonly<Record<string, string>>, fifo: boolean, creating: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (!SETTABLE.has(name)) throw new errors.InvalidAttributeName(messages.unknownAttribute(name));
    if (!fifo && FIFO_ONLY.has(name)) throw new errors.InvalidAttributeName(messages.fifoOnlyAttribute(name));
    // a standard queue knows neither, not even FifoQueue=false (as AWS answers)
    if (!fifo && (name === "ContentBasedDeduplication" || name === "FifoQueue")) {
      throw new errors.InvalidAttributeName(messages.unknownAttribute(name));
    }
    const range = RANGES[name];
    if (range) {
      const n = /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
      if (!Number.isInteger(n) || n < range[0] || n > range[1]) throw new errors.InvalidAttributeValue(messages.invalidAttributeValue(name));
      out[name] = String(n);
      continue;
    }
    switch (name) {
      case "FifoQueue":
        if (!creating && value.toLowerCase() !== "true") throw new errors.InvalidAttributeValue(messages.modifyingQueueType());
        out[name] = bool(name, value);
        break;
      case "ContentBasedDeduplication":
      case "SqsManagedSseEnabled":
        out[name] = bool(name, value);
        break;
      case "DeduplicationScope":
        if (value !== "queue" && value !== "messageGroup") throw new errors.InvalidAttributeValue(messages.invalidAttributeValue(name));
        out[name] = value;
        break;
      case "FifoThroughputLimit":
        if (value !== "perQueue" && value !== "perMessageGroupId") throw new errors.InvalidAttributeValue(messages.invalidAttributeValue(name));
        out[name] = value;
        break;
      case "Policy":
        if (value !== "") {
          try {
            const doc = JSON.parse(value);
            if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new Error("not a map");
          } catch {
            throw new errors.InvalidAttributeValue(messages.policyNotJson());
          }
        }
        out[name] = value;
        break;
      case "RedrivePolicy":
        if (value !== "") parseRedrivePolicy(value);
        out[name] = value;
        break;
      case "RedriveAllowPolicy":
        if (value !== "") parseRedriveAllowPolicy(value);
        out[name] = value;
        break;
      default:
        out[name] = value;
    }
  }
  if (out.KmsMasterKeyId && out.SqsManagedSseEnabled === "true") throw new errors.InvalidAttributeName(messages.sseExclusive());
  return out;
}

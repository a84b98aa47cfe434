// The JS SDK tiers the conformance suite records and replays, each client pinned to an
// exact version (npm aliases in package.json):
//   old     3.441.0  SQS still speaks Query; S3 sends no checksums by default
//   middle  3.922.0  SQS JSON with x-amzn-query-mode; S3 CRC32 and aws-chunked; the last
//                    generated serializers before schema-based serde
//   latest  the newest of each client (schema-based serde)
// Where a client was never published at a tier's version, the nearest one stands in,
// listed in SUBSTITUTES with the reason.
import { createRequire } from "node:module";
import type { ServiceDescriptor, ServiceModule } from "../../runtime/schema.ts";
import { services } from "../../generated/registry.ts";
import { LAMBDA_OVERRIDES } from "../support/rest-overrides.ts";
import { knownMembers, pruneUnknown } from "../support/query-known.ts";
import type { RoundTripOptions } from "../support/roundtrip.ts";
import { s3Options } from "../support/s3-roundtrip.ts";

export type TierName = "old" | "middle" | "latest";
export const TIER_NAMES: readonly TierName[] = ["old", "middle", "latest"];

/** The services recorded: the eight, DynamoDB Streams and STS (service id -> client name). */
export const CLIENTS: Readonly<Record<string, string>> = {
  kinesis: "client-kinesis",
  s3: "client-s3",
  sns: "client-sns",
  sqs: "client-sqs",
  dynamodb: "client-dynamodb",
  "dynamodb-streams": "client-dynamodb-streams",
  lambda: "client-lambda",
  firehose: "client-firehose",
  memorydb: "client-memorydb",
  sts: "client-sts",
};

const TIER_VERSION: Readonly<Record<Exclude<TierName, "latest">, string>> = { old: "3.441.0", middle: "3.922.0" };

/** Clients never published at a tier's version: the version used instead, and why that one. */
export const SUBSTITUTES: Readonly<Record<string, { version: string; reason: string }>> = {
  "client-memorydb@3.441.0": {
    version: "3.523.0",
    reason: "client-memorydb has no 3.441.0; 3.523.0 is the nearest published version (3.332.0 is further below)",
  },
  "client-memorydb@3.922.0": {
    version: "3.721.0",
    reason:
      "client-memorydb has no 3.922.0; of its neighbours 3.721.0 still has generated serializers like the tier, while 3.1048.0 (nearer by number) already uses schema-based serde like the latest tier",
  },
  "client-dynamodb-streams@3.441.0": {
    version: "3.425.0",
    reason: "client-dynamodb-streams has no 3.441.0; 3.425.0 is the nearest published version (3.462.0 is further above)",
  },
};

/** The code a modeled error travels by: its Query code where the service speaks Query or is query-compatible, else the shape's name. */
export function wireErrorCode(svc: ServiceDescriptor, mod: ServiceModule, errorKey: string): string {
  const query = svc.protocol === "awsQuery" || svc.awsQueryCompatible === true;
  return (query ? mod.shapes[errorKey]?.awsQueryError?.code : undefined) ?? errorKey.replace(/^.*#/, "");
}

export interface Tier {
  tier: TierName;
  service: string;
  client: string;
  version: string;
  /** the module specifier: an npm alias, or @aws-sdk/<client> for the latest tier */
  pkg: string;
  /** recordings/<client>@<version> */
  dir: string;
}

const require = createRequire(import.meta.url);

export function tierOf(tier: TierName, service: string): Tier {
  const client = CLIENTS[service];
  if (!client) throw new Error(`no client listed for ${service}`);
  let version: string;
  let pkg: string;
  if (tier === "latest") {
    pkg = `@aws-sdk/${client}`;
    version = (require(`${pkg}/package.json`) as { version: string }).version;
  } else {
    version = SUBSTITUTES[`${client}@${TIER_VERSION[tier]}`]?.version ?? TIER_VERSION[tier];
    pkg = `${client}-${version}`;
  }
  return { tier, service, client, version, pkg, dir: `${client}@${version}` };
}

export function allTiers(): Tier[] {
  return TIER_NAMES.flatMap((t) => Object.keys(CLIENTS).map((s) => tierOf(t, s)));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SdkModule = Record<string, any>;

/** The round-trip options a service needs with any client: S3's input preparation, Lambda's overrides. */
export function serviceOptions(service: string, mod: ServiceModule): RoundTripOptions {
  return service === "s3" ? s3Options(mod) : service === "lambda" ? { overrides: LAMBDA_OVERRIDES } : {};
}

/**
 * The round-trip options of one client: the service's own (S3's input preparation, Lambda's
 * overrides), and for an older client the members, operations and error classes it lacks.
 */
export function tierOptions(t: Tier, sdk: SdkModule, mod: ServiceModule): RoundTripOptions {
  const options = serviceOptions(t.service, mod);
  options.label = `with @aws-sdk/${t.client}@${t.version}`;
  const missing: Record<string, string> = {};
  for (const op of Object.keys(mod.operations)) {
    if (typeof sdk[`${op}Command`] !== "function") missing[op] = `@aws-sdk/${t.client}@${t.version} has no ${op}Command`;
  }
  options.exclude = missing;
  if (t.tier === "latest") return options;
  const known = knownMembers(t.pkg);
  const prune = pruneUnknown(mod.shapes, known);
  // an operation's input or output the client does not declare at all (ListBuckets had no
  // input, HeadBucket no output): the client sends and decodes no member of it
  const opShapes = new Set(Object.values(mod.operations).flatMap((o) => [o.input, o.output]));
  const inputs = new Set(Object.values(mod.operations).map((o) => o.input));
  options.adjust = (key, value) => {
    if (opShapes.has(key) && !known.has(key.replace(/^.*#/, ""))) return {};
    const v = prune(key, value);
    // CRC64NVME needs the native @aws-sdk/crc64-nvme-crt add-on in these clients: the
    // every-member input asks for CRC32 instead
    if (inputs.has(key) && v.ChecksumAlgorithm === "CRC64NVME") v.ChecksumAlgorithm = "CRC32";
    return v;
  };
  // the class an older client lacks is named by the wire code
  const svc = services.find((s) => s.id === t.service)!;
  options.unknownErrorName = (errorKey) => wireErrorCode(svc, mod, errorKey);
  if (t.service === "sqs" && t.tier === "old") {
    options.query = true;
    // this client models no message member on SQS errors: err.message is "UnknownError" and
    // the text is in err.Error.Message (aws/aws-sdk-js#4506)
    options.errorMessage = (err) => (err.message === "UnknownError" ? (err.Error as { Message?: unknown } | undefined)?.Message : err.message);
  }
  return options;
}

// Checks and builds one message of SendMessage or one entry of SendMessageBatch.
import { createHash } from "node:crypto";
import { errors, type MessageAttributeValue, type MessageSystemAttributeValue } from "../../generated/sqs/index.ts";
import type { RequestContext } from "../../runtime/types.ts";
import { invalidParameterValue, missingParameter } from "./errors.ts";
import { md5Hex, md5OfAttributes } from "./md5.ts";
import * as messages from "./messages.ts";
import type { Queue } from "./queue.ts";
import { Msg } from "./state.ts";

export interface SendEntry {
  MessageBody: string;
  DelaySeconds?: number;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  MessageSystemAttributes?: Record<string, MessageSystemAttributeValue>;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

export interface Sent {
  MessageId: string;
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
  MD5OfMessageSystemAttributes?: string;
  SequenceNumber?: string;
}

// characters XML 1.0 allows, which is what SQS accepts in bodies and string values
const BAD_CHARS = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ATTR_NAME = /^(?!\.)(?!.*\.\.)(?!.*\.$)(?!aws\.)(?!amazon\.)[A-Za-z0-9_.-]{1,256}$/i;
const ATTR_TYPE = /^(String|Number|Binary)(\..+)?$/;
const FIFO_ID = /^[\x21-\x7E]{1,128}$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const utf8Length = (s: string): number => Buffer.byteLength(s, "utf8");

/** Size AWS counts against MaximumMessageSize: body plus attribute names, types and values. */
export function messageSize(e: SendEntry): number {
  let n = utf8Length(e.MessageBody ?? "");
  for (const [name, a] of Object.entries(e.MessageAttributes ?? {})) {
    n += utf8Length(name) + utf8Length(a.DataType ?? "");
    if (a.StringValue !== undefined) n += utf8Length(a.StringValue);
    if (a.BinaryValue !== undefined) n += a.BinaryValue.length;
  }
  return n;
}

function checkAttributes(attrs: Record<string, MessageAttributeValue> | undefined): void {
  if (!attrs) return;
  const names = Object.keys(attrs);
  if (names.length > 10) throw invalidParameterValue(messages.tooManyAttributes(names.length));
  for (const name of names) {
    const a = attrs[name];
    if (!ATTR_NAME.test(name)) throw invalidParameterValue(messages.attributeNameInvalid(name));
    const type = ATTR_TYPE.exec(a.DataType);
    if (!type) throw invalidParameterValue(messages.attributeTypeInvalid(name, a.DataType));
    if (type[1] === "Binary") {
      if (!a.BinaryValue || a.BinaryValue.length === 0) throw invalidParameterValue(messages.emptyStringAttribute(name, "Binary"));
    } else {
      if (!a.StringValue) throw invalidParameterValue(messages.emptyStringAttribute(name, type[1]));
      if (BAD_CHARS.test(a.StringValue)) throw invalidParameterValue(messages.invalidBodyCharacters());
      if (type[1] === "Number" && !NUMBER.test(a.StringValue.trim())) throw invalidParameterValue(messages.attributeNotNumber(name));
    }
  }
}

/** Only the wire's own fields: what a receive gives back. */
function storedAttributes(attrs: Record<string, MessageAttributeValue> | undefined): Record<string, MessageAttributeValue> | undefined {
  if (!attrs || Object.keys(attrs).length === 0) return undefined;
  const out: Record<string, MessageAttributeValue> = {};
  for (const [k, a] of Object.entries(attrs)) {
    out[k] = a.DataType.startsWith("Binary")
      ? { DataType: a.DataType, BinaryValue: a.BinaryValue }
      : { DataType: a.DataType, StringValue: a.StringValue };
  }
  return out;
}

/** FIFO checks that fail a whole batch rather than one entry. */
export function checkFifoBatch(q: Queue, entries: readonly SendEntry[]): void {
  if (!q.fifo) return;
  for (const e of entries) {
    if (!e.MessageGroupId) throw invalidParameterValue(messages.groupIdRequired());
    if (!e.MessageDeduplicationId && !q.contentBasedDedup) throw invalidParameterValue(messages.dedupIdRequired());
  }
}

/** Checks one message against the queue and sends it (or finds the duplicate it is). */
export function sendOne(q: Queue, ctx: RequestContext, e: SendEntry): Sent {
  const body = e.MessageBody ?? "";
  if (body.length === 0) throw missingParameter(messages.emptyBody());
  const max = q.num("MaximumMessageSize");
  if (messageSize(e) > max) throw invalidParameterValue(messages.messageTooLong(max));
  if (BAD_CHARS.test(body)) throw new errors.InvalidMessageContents(messages.invalidBodyCharacters());
  checkAttributes(e.MessageAttributes);
  let trace: string | undefined;
  const sys = e.MessageSystemAttributes;
  if (sys) {
    for (const [name, a] of Object.entries(sys)) {
      if (a.DataType !== "String" || !a.StringValue) throw invalidParameterValue(messages.systemAttributeInvalid(name));
      if (name === "AWSTraceHeader") trace = a.StringValue;
    }
  }
  let delay = e.DelaySeconds;
  if (delay !== undefined && delay !== null) {
    if (!Number.isInteger(delay) || delay < 0 || delay > 900) throw invalidParameterValue(messages.delayOutOfRange(delay));
    if (q.fifo && delay !== 0) throw invalidParameterValue(messages.fifoPerMessageDelay(delay));
  }
  if (delay === undefined || delay === null || q.fifo) delay = q.num("DelaySeconds");

  let groupId = e.MessageGroupId;
  let dedupId = e.MessageDeduplicationId;
  if (groupId !== undefined && !FIFO_ID.test(groupId)) throw invalidParameterValue(messages.badFifoId(groupId, "MessageGroupId"));
  if (dedupId !== undefined && !FIFO_ID.test(dedupId)) throw invalidParameterValue(messages.badFifoId(dedupId, "MessageDeduplicationId"));
  if (q.fifo) {
    if (!groupId) throw missingParameter(messages.groupIdRequired());
    if (!dedupId) {
      if (!q.contentBasedDedup) throw invalidParameterValue(messages.dedupIdRequired());
      dedupId = createHash("sha256").update(body, "utf8").digest("hex");
    }
  } else if (dedupId !== undefined) {
    throw invalidParameterValue(messages.dedupIdOnStandard(dedupId));
  } else if (groupId === "") {
    groupId = undefined;
  }

  const md5Body = md5Hex(body);
  const md5Attrs = md5OfAttributes(e.MessageAttributes);
  const md5Sys = md5OfAttributes(sys);
  if (q.fifo) {
    const dup = q.duplicateOf(dedupId!, groupId!);
    if (dup) {
      return { MessageId: dup.id, MD5OfMessageBody: md5Body, MD5OfMessageAttributes: md5Attrs, MD5OfMessageSystemAttributes: md5Sys, SequenceNumber: dup.seq };
    }
  }
  const m = new Msg(
    ctx.ids.uuid(),
    body,
    md5Body,
    ctx.clock.now(),
    ctx.accessKeyId ?? ctx.account,
    storedAttributes(e.MessageAttributes),
    md5Attrs,
    trace,
    groupId,
    dedupId,
  );
  q.add(m, delay * 1000);
  return { MessageId: m.id, MD5OfMessageBody: md5Body, MD5OfMessageAttributes: md5Attrs, MD5OfMessageSystemAttributes: md5Sys, SequenceNumber: m.seq };
}

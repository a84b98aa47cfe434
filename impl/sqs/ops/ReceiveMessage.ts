import type { Message, MessageAttributeValue, SQSHandlers } from "../../../generated/sqs/index.ts";
import { shapes } from "../../../generated/sqs/schema.ts";
import { invalidParameterValue } from "../errors.ts";
import { md5OfAttributes } from "../md5.ts";
import * as messages from "../messages.ts";
import type { Queue, Received } from "../queue.ts";
import type { Sqs } from "../service.ts";
import { GONE, INFLIGHT, type ReceiveAttempt } from "../state.ts";

/** how long a ReceiveRequestAttemptId can be retried after its receive */
export const ATTEMPT_WINDOW_MS = 5 * 60_000;
/** alphanumeric and punctuation, 1 to 128 characters */
const ATTEMPT_ID = /^[\x21-\x7E]{1,128}$/;

/**
 * A FIFO receive retried with the attempt id of an earlier one (within 5 minutes): the same
 * messages with the same receipt handles while that receive still holds them all, their
 * visibility timeout counted afresh. Once one of them was deleted or had its visibility
 * changed, the id cannot be retried. Undefined when the call is a new receive: no attempt,
 * an expired one, or one whose visibility timeout ended.
 */
function retried(q: Queue, attempts: Map<string, ReceiveAttempt>, id: string, visibilityMs: number, now: number): Received[] | undefined {
  const a = attempts.get(id);
  if (!a) return undefined;
  if (now - a.at >= ATTEMPT_WINDOW_MS) {
    attempts.delete(id);
    return undefined;
  }
  for (let i = 0; i < a.got.length; i++) {
    const m = a.got[i].msg;
    if (m.state === GONE || m.visibilityChanges !== a.changes[i]) throw invalidParameterValue(messages.attemptNotRetryable(id));
  }
  if (!a.got.every((r) => r.msg.state === INFLIGHT && q.handleOf(r.msg) === r.handle)) {
    attempts.delete(id);
    return undefined;
  }
  for (const r of a.got) q.changeVisibility(r.msg, visibilityMs);
  return a.got;
}

/** Keeps a receive for retries with its attempt id; attempts older than the window go. */
function remember(attempts: Map<string, ReceiveAttempt>, id: string, got: Received[], now: number): void {
  for (const [k, a] of attempts) {
    if (now - a.at < ATTEMPT_WINDOW_MS) break;
    attempts.delete(k);
  }
  attempts.delete(id);
  attempts.set(id, { at: now, got, changes: got.map((r) => r.msg.visibilityChanges) });
}

/** The message system attributes, in the model's order (its enum, less "All"). */
const SYSTEM_NAMES = (shapes.MessageSystemAttributeName.values as readonly string[]).filter((n) => n !== "All");

const NO_NAMES: ReadonlySet<string> = new Set<string>();

/** The system attributes a receive asked for (AttributeNames and MessageSystemAttributeNames together). */
function systemAttributes(r: Received, wanted: ReadonlySet<string>): Record<string, string> | undefined {
  if (wanted.size === 0) return undefined;
  const all = wanted.has("All");
  const m = r.msg;
  const out: Record<string, string> = {};
  for (const name of SYSTEM_NAMES) {
    if (!all && !wanted.has(name)) continue;
    switch (name) {
      case "SenderId":
        out[name] = m.senderId;
        break;
      case "SentTimestamp":
        out[name] = String(m.sentAt);
        break;
      case "ApproximateReceiveCount":
        out[name] = String(r.receiveCount);
        break;
      case "ApproximateFirstReceiveTimestamp":
        out[name] = String(m.firstReceiveAt);
        break;
      case "SequenceNumber":
        if (m.seq !== undefined) out[name] = m.seq;
        break;
      case "MessageDeduplicationId":
        if (m.seq !== undefined && m.dedupId !== undefined) out[name] = m.dedupId;
        break;
      case "MessageGroupId":
        if (m.groupId !== undefined) out[name] = m.groupId;
        break;
      case "AWSTraceHeader":
        if (m.traceHeader !== undefined) out[name] = m.traceHeader;
        break;
      case "DeadLetterQueueSourceArn":
        if (m.dlqSource !== undefined) out[name] = m.dlqSource;
        break;
    }
  }
  return Object.keys(out).length ? out : undefined;
}

/** The message attributes a receive asked for: All, `.*`, exact names and `prefix.*`. */
function selectAttributes(
  attrs: Record<string, MessageAttributeValue> | undefined,
  names: readonly string[] | undefined,
): Record<string, MessageAttributeValue> | undefined {
  if (!attrs || !names || names.length === 0) return undefined;
  if (names.includes("All") || names.includes(".*")) return attrs;
  const out: Record<string, MessageAttributeValue> = {};
  for (const [k, v] of Object.entries(attrs)) {
    for (const n of names) {
      if (n === k || (n.endsWith(".*") && k.startsWith(n.slice(0, -2)))) {
        out[k] = v;
        break;
      }
    }
  }
  return Object.keys(out).length ? out : undefined;
}

function toMessage(r: Received, system: ReadonlySet<string>, attrNames: readonly string[] | undefined): Message {
  const m = r.msg;
  const selected = selectAttributes(m.attrs, attrNames);
  return {
    MessageId: m.id,
    ReceiptHandle: r.handle,
    MD5OfBody: m.md5Body,
    Body: m.body,
    Attributes: systemAttributes(r, system),
    MD5OfMessageAttributes: selected ? (selected === m.attrs ? m.md5Attrs : md5OfAttributes(selected)) : undefined,
    MessageAttributes: selected,
  };
}

export const ReceiveMessage =
  (s: Sqs): SQSHandlers["ReceiveMessage"] =>
  async (input, ctx) => {
    const q: Queue = s.queue(ctx, input.QueueUrl);
    const max = s.intParam(input.MaxNumberOfMessages, 1, 10, messages.maxMessagesOutOfRange) ?? 1;
    const wait = s.intParam(input.WaitTimeSeconds, 0, 20, messages.waitOutOfRange) ?? q.num("ReceiveMessageWaitTimeSeconds");
    const visibility = s.intParam(input.VisibilityTimeout, 0, 43_200, messages.receiveVisibilityOutOfRange) ?? q.visibilityTimeout;
    // the attempt id applies to FIFO queues only; standard queues ignore it
    const attemptId = q.fifo ? input.ReceiveRequestAttemptId : undefined;
    let attempts: Map<string, ReceiveAttempt> | undefined;
    let got: Received[] | undefined;
    if (attemptId !== undefined) {
      if (!ATTEMPT_ID.test(attemptId)) throw invalidParameterValue(messages.badFifoId(attemptId, "ReceiveRequestAttemptId"));
      const state = s.store.for({ account: q.account, region: q.region });
      attempts = state.attempts.get(q);
      if (!attempts) state.attempts.set(q, (attempts = new Map()));
      got = retried(q, attempts, attemptId, visibility * 1000, ctx.clock.now());
    }
    if (!got) {
      got = q.take(max, visibility * 1000);
      if (got.length === 0 && wait > 0 && !ctx.signal.aborted) got = await q.wait(max, visibility * 1000, wait * 1000, ctx.signal);
      if (attempts && got.length) remember(attempts, attemptId!, got, ctx.clock.now());
    }
    if (got.length === 0) return {};
    const names = input.AttributeNames;
    const sysNames = input.MessageSystemAttributeNames;
    const system = !names?.length && !sysNames?.length ? NO_NAMES : new Set<string>([...(names ?? []), ...(sysNames ?? [])]);
    return { Messages: got.map((r) => toMessage(r, system, input.MessageAttributeNames)) };
  };

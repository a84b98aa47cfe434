// Receipt-handle operations shared by the single and batch forms of DeleteMessage and
// ChangeMessageVisibility.
import { errors } from "../../generated/sqs/index.ts";
import { invalidParameterValue } from "./errors.ts";
import * as messages from "./messages.ts";
import type { Queue } from "./queue.ts";
import { INFLIGHT } from "./state.ts";

/** the longest a message may stay in flight from the receive that took it, in seconds */
const MAX_VISIBILITY_S = 43_200;

/**
 * Deletes the message a handle names. An unknown or foreign handle is ReceiptHandleIsInvalid.
 * A standard queue takes a handle of an earlier receive without deleting (as AWS documents);
 * a FIFO queue calls it expired, as it does a handle whose visibility timeout has ended.
 * A message already gone is no error.
 */
export function deleteByHandle(q: Queue, handle: string): void {
  const r = q.lookup(handle);
  switch (r.kind) {
    case "invalid":
      throw new errors.ReceiptHandleIsInvalid(messages.receiptHandleInvalid(handle));
    case "gone":
      return;
    case "stale":
      if (q.fifo) throw invalidParameterValue(messages.receiptHandleExpired(handle));
      return;
    case "current":
      if (q.fifo && r.msg.state !== INFLIGHT) throw invalidParameterValue(messages.receiptHandleExpired(handle));
      q.delete(r.msg);
  }
}

export function changeByHandle(q: Queue, handle: string, seconds: number, now: number): void {
  const r = q.lookup(handle);
  if (r.kind === "invalid") throw new errors.ReceiptHandleIsInvalid(messages.receiptHandleInvalid(handle));
  if (r.kind !== "current") {
    if (q.fifo && r.kind === "stale") throw invalidParameterValue(messages.receiptHandleExpired(handle));
    throw invalidParameterValue(messages.messageNotInflight(handle));
  }
  const m = r.msg;
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_VISIBILITY_S) {
    throw invalidParameterValue(messages.visibilityBeyondLimit(seconds));
  }
  // a message whose visibility timeout already ended is left as it is
  if (m.state !== INFLIGHT) return;
  if ((now - m.receivedAt) / 1000 + seconds > MAX_VISIBILITY_S) throw invalidParameterValue(messages.visibilityBeyondLimit(seconds));
  m.visibilityChanges++;
  q.changeVisibility(m, seconds * 1000);
}

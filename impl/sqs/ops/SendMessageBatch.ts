import { errors, type SQSHandlers, type BatchResultErrorEntry, type SendMessageBatchResultEntry } from "../../../generated/sqs/index.ts";
import { isServiceError } from "../../../runtime/errors.ts";
import { batchCode } from "../errors.ts";
import * as messages from "../messages.ts";
import { checkFifoBatch, messageSize, sendOne } from "../sending.ts";
import type { Sqs } from "../service.ts";

/** the most a whole batch may carry */
const BATCH_MAX_BYTES = 262_144;

export const SendMessageBatch =
  (s: Sqs): SQSHandlers["SendMessageBatch"] =>
  async (input, ctx) => {
    const q = s.queue(ctx, input.QueueUrl);
    s.checkBatch(input.Entries, "SendMessageBatchRequestEntry");
    let total = 0;
    for (const e of input.Entries) total += messageSize(e);
    if (total > BATCH_MAX_BYTES) throw new errors.BatchRequestTooLong(messages.batchTooLong(total));
    checkFifoBatch(q, input.Entries);
    const Successful: SendMessageBatchResultEntry[] = [];
    const Failed: BatchResultErrorEntry[] = [];
    for (const e of input.Entries) {
      try {
        const r = sendOne(q, ctx, e);
        Successful.push({ Id: e.Id, ...r });
      } catch (err) {
        if (!isServiceError(err)) throw err;
        Failed.push({ Id: e.Id, SenderFault: err.info.fault === "client", Code: batchCode(err), Message: err.message });
      }
    }
    return { Successful, Failed };
  };

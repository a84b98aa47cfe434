import type { BatchResultErrorEntry, SQSHandlers } from "../../../generated/sqs/index.ts";
import { isServiceError } from "../../../runtime/errors.ts";
import { batchCode } from "../errors.ts";
import type { Sqs } from "../service.ts";
import { changeByHandle } from "../handles.ts";

export const ChangeMessageVisibilityBatch =
  (s: Sqs): SQSHandlers["ChangeMessageVisibilityBatch"] =>
  async (input, ctx) => {
    const q = s.queue(ctx, input.QueueUrl);
    s.checkBatch(input.Entries, "ChangeMessageVisibilityBatchRequestEntry");
    const Successful: { Id: string }[] = [];
    const Failed: BatchResultErrorEntry[] = [];
    for (const e of input.Entries) {
      try {
        // an entry without a timeout: AWS reads it as 0
        changeByHandle(q, e.ReceiptHandle, e.VisibilityTimeout ?? 0, ctx.clock.now());
        Successful.push({ Id: e.Id });
      } catch (err) {
        if (!isServiceError(err)) throw err;
        Failed.push({ Id: e.Id, SenderFault: true, Code: batchCode(err), Message: err.message });
      }
    }
    return { Successful, Failed };
  };

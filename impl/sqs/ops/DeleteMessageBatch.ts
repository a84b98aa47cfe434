import type { BatchResultErrorEntry, SQSHandlers } from "../../../generated/sqs/index.ts";
import { isServiceError } from "../../../runtime/errors.ts";
import { batchCode } from "../errors.ts";
import type { Sqs } from "../service.ts";
import { deleteByHandle } from "../handles.ts";

export const DeleteMessageBatch =
  (s: Sqs): SQSHandlers["DeleteMessageBatch"] =>
  async (input, ctx) => {
    const q = s.queue(ctx, input.QueueUrl);
    s.checkBatch(input.Entries, "DeleteMessageBatchRequestEntry");
    const Successful: { Id: string }[] = [];
    const Failed: BatchResultErrorEntry[] = [];
    for (const e of input.Entries) {
      try {
        deleteByHandle(q, e.ReceiptHandle);
        Successful.push({ Id: e.Id });
      } catch (err) {
        if (!isServiceError(err)) throw err;
        Failed.push({ Id: e.Id, SenderFault: true, Code: batchCode(err), Message: err.message });
      }
    }
    return { Successful, Failed };
  };

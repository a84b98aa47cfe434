import type { SQSHandlers } from "../../../generated/sqs/index.ts";
import type { Sqs } from "../service.ts";
import { deleteByHandle } from "../handles.ts";

export const DeleteMessage =
  (s: Sqs): SQSHandlers["DeleteMessage"] =>
  async (input, ctx) => {
    deleteByHandle(s.queue(ctx, input.QueueUrl), input.ReceiptHandle);
  };

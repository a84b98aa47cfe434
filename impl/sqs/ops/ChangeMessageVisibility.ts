import type { SQSHandlers } from "../../../generated/sqs/index.ts";
import type { Sqs } from "../service.ts";
import { changeByHandle } from "../handles.ts";

export const ChangeMessageVisibility =
  (s: Sqs): SQSHandlers["ChangeMessageVisibility"] =>
  async (input, ctx) => {
    changeByHandle(s.queue(ctx, input.QueueUrl), input.ReceiptHandle, input.VisibilityTimeout, ctx.clock.now());
  };

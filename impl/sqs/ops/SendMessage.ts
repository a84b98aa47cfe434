import type { SQSHandlers } from "../../../generated/sqs/index.ts";
import { sendOne } from "../sending.ts";
import type { Sqs } from "../service.ts";

export const SendMessage =
  (s: Sqs): SQSHandlers["SendMessage"] =>
  async (input, ctx) => {
    const q = s.queue(ctx, input.QueueUrl);
    return sendOne(q, ctx, input);
  };

import type { SQSHandlers } from "../../../generated/sqs/index.ts";
import { normalize } from "../attributes.ts";
import type { Sqs } from "../service.ts";

export const SetQueueAttributes =
  (s: Sqs): SQSHandlers["SetQueueAttributes"] =>
  async (input, ctx) => {
    const q = s.queue(ctx, input.QueueUrl);
    const attrs = normalize(input.Attributes ?? {}, q.fifo, false);
    s.checkRedriveTarget(attrs, q.fifo);
    q.apply(attrs);
  };

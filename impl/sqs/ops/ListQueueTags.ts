import type { SQSHandlers } from "../../../generated/sqs/index.ts";
import type { Sqs } from "../service.ts";

export const ListQueueTags =
  (s: Sqs): SQSHandlers["ListQueueTags"] =>
  async (input, ctx) => {
    const q = s.queue(ctx, input.QueueUrl);
    return q.tags.size ? { Tags: Object.fromEntries(q.tags) } : {};
  };

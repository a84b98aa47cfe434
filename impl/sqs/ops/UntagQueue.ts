import type { SQSHandlers } from "../../../generated/sqs/index.ts";
import type { Sqs } from "../service.ts";

export const UntagQueue =
  (s: Sqs): SQSHandlers["UntagQueue"] =>
  async (input, ctx) => {
    const q = s.queue(ctx, input.QueueUrl);
    for (const k of input.TagKeys ?? []) q.tags.delete(k);
  };

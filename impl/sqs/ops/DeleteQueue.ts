import type { SQSHandlers } from "../../../generated/sqs/index.ts";
import type { Sqs } from "../service.ts";

export const DeleteQueue =
  (s: Sqs): SQSHandlers["DeleteQueue"] =>
  async (input, ctx) => {
    const q = s.queue(ctx, input.QueueUrl);
    const state = s.store.for({ account: q.account, region: q.region });
    if (state.queues.get(q.name) === q) state.queues.delete(q.name);
    q.destroy();
  };

import type { SQSHandlers } from "../../../generated/sqs/index.ts";
import type { Sqs } from "../service.ts";
import { DELETED_RECENTLY_MS } from "./CreateQueue.ts";

/** deletion times kept before old ones are dropped */
const PRUNE_AT = 1024;

export const DeleteQueue =
  (s: Sqs): SQSHandlers["DeleteQueue"] =>
  async (input, ctx) => {
    const q = s.queue(ctx, input.QueueUrl);
    const state = s.store.for({ account: q.account, region: q.region });
    if (state.queues.get(q.name) === q) state.queues.delete(q.name);
    const now = ctx.clock.now();
    if (state.deletedAt.size >= PRUNE_AT) {
      for (const [name, at] of state.deletedAt) if (now - at >= DELETED_RECENTLY_MS) state.deletedAt.delete(name);
    }
    state.deletedAt.set(q.name, now);
    q.destroy();
  };

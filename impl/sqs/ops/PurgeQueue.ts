import { errors, type SQSHandlers } from "../../../generated/sqs/index.ts";
import * as messages from "../messages.ts";
import { PURGE_INTERVAL_MS } from "../queue.ts";
import type { Sqs } from "../service.ts";

export const PurgeQueue =
  (s: Sqs): SQSHandlers["PurgeQueue"] =>
  async (input, ctx) => {
    const q = s.queue(ctx, input.QueueUrl);
    const now = ctx.clock.now();
    if (q.lastPurgeAt !== undefined && now - q.lastPurgeAt < PURGE_INTERVAL_MS) {
      throw new errors.PurgeQueueInProgress(messages.purgeInProgress(q.name));
    }
    q.lastPurgeAt = now;
    q.purge();
  };

import { errors, type SQSHandlers } from "../../../generated/sqs/index.ts";
import { normalize } from "../attributes.ts";
import { invalidParameterValue } from "../errors.ts";
import * as messages from "../messages.ts";
import { Queue } from "../queue.ts";
import type { Sqs } from "../service.ts";
import { applyTags, checkTags } from "./TagQueue.ts";

/** how long after a delete the name stays refused */
export const DELETED_RECENTLY_MS = 60_000;

const NAME = /^[A-Za-z0-9_-]+$/;

export const CreateQueue =
  (s: Sqs): SQSHandlers["CreateQueue"] =>
  async (input, ctx) => {
    const name = input.QueueName;
    const given = input.Attributes ?? {};
    const fifo = given.FifoQueue?.toLowerCase() === "true";
    if (fifo) {
      if (!name.endsWith(".fifo") || name.length > 80 || !NAME.test(name.slice(0, -5))) {
        throw invalidParameterValue(messages.badFifoQueueName());
      }
    } else if (name.length > 80 || !NAME.test(name)) {
      throw invalidParameterValue(messages.badQueueName());
    }
    const attrs = normalize(given, fifo, true);
    s.checkRedriveTarget(attrs, fifo);
    if (input.tags) checkTags(name, undefined, input.tags);

    const state = s.state(ctx);
    const existing = state.queues.get(name);
    if (existing) {
      for (const [k, v] of Object.entries(attrs)) {
        const current = existing.values[k] ?? "";
        if (current !== v) throw new errors.QueueNameExists(messages.queueExistsWithOtherAttribute(k));
      }
      return { QueueUrl: s.url(ctx, existing) };
    }
    const deletedAt = state.deletedAt.get(name);
    if (deletedAt !== undefined) {
      if (ctx.clock.now() - deletedAt < DELETED_RECENTLY_MS) throw new errors.QueueDeletedRecently(messages.queueDeletedRecently());
      state.deletedAt.delete(name);
    }
    const q = new Queue(name, state.account, state.region, fifo, attrs, s.links);
    if (input.tags) applyTags(q, input.tags);
    state.queues.set(name, q);
    return { QueueUrl: s.url(ctx, q) };
  };

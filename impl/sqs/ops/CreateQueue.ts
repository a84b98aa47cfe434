import { errors, type SQSHandlers } from "../../../generated/sqs/index.ts";
import { normalize } from "../attributes.ts";
import { invalidParameterValue } from "../errors.ts";
import * as messages from "../messages.ts";
import { Queue } from "../queue.ts";
import type { Sqs } from "../service.ts";
import { applyTags } from "./TagQueue.ts";

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

    const state = s.state(ctx);
    const existing = state.queues.get(name);
    if (existing) {
      for (const [k, v] of Object.entries(attrs)) {
        const current = existing.values[k] ?? "";
        if (current !== v) throw new errors.QueueNameExists(messages.queueExistsWithOtherAttribute(k));
      }
      return { QueueUrl: s.url(ctx, existing) };
    }
    const q = new Queue(name, state.account, state.region, fifo, attrs, s.links);
    if (input.tags) applyTags(q, input.tags);
    state.queues.set(name, q);
    return { QueueUrl: s.url(ctx, q) };
  };

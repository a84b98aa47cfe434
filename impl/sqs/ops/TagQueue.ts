import { errors, type SQSHandlers } from "../../../generated/sqs/index.ts";
import * as messages from "../messages.ts";
import type { Queue } from "../queue.ts";
import type { Sqs } from "../service.ts";

const MAX_TAGS = 50;

export function applyTags(q: Queue, tags: Readonly<Record<string, string>>): void {
  const keys = new Set([...q.tags.keys(), ...Object.keys(tags)]);
  if (keys.size > MAX_TAGS) throw new errors.InvalidAttributeValue(messages.tooManyTags());
  for (const [k, v] of Object.entries(tags)) q.tags.set(k, v);
}

export const TagQueue =
  (s: Sqs): SQSHandlers["TagQueue"] =>
  async (input, ctx) => {
    applyTags(s.queue(ctx, input.QueueUrl), input.Tags ?? {});
  };

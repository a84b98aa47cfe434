import type { SQSHandlers } from "../../../generated/sqs/index.ts";
import { invalidParameterValue, missingParameter } from "../errors.ts";
import * as messages from "../messages.ts";
import type { Queue } from "../queue.ts";
import type { Sqs } from "../service.ts";

/** AWS's tag rules for queues: at most 50, keys of 1 to 128 characters, values up to 256, `aws:` reserved */
const MAX_TAGS = 50;
const MAX_KEY = 128;
const MAX_VALUE = 256;
const RESERVED = /^aws:/i;

/** characters as AWS counts them (code points) */
const chars = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** A tag key's length, as TagQueue, CreateQueue and UntagQueue check it. */
export function checkTagKey(key: string): void {
  const n = chars(key);
  if (n < 1 || n > MAX_KEY) throw invalidParameterValue(messages.tagKeyLength());
}

/**
 * Checks tags to be added to queue `name` (whose tags are `current`): each key and value,
 * and the count after merging. Nothing is changed when a check fails.
 */
export function checkTags(name: string, current: ReadonlyMap<string, string> | undefined, tags: Readonly<Record<string, string>>): void {
  for (const [k, v] of Object.entries(tags)) {
    checkTagKey(k);
    if (RESERVED.test(k)) throw invalidParameterValue(messages.tagKeyReserved());
    if (chars(v ?? "") > MAX_VALUE) throw invalidParameterValue(messages.tagValueLength());
  }
  let n = current?.size ?? 0;
  for (const k of Object.keys(tags)) if (!current?.has(k)) n++;
  if (n > MAX_TAGS) throw invalidParameterValue(messages.tooManyTags(name));
}

export function applyTags(q: Queue, tags: Readonly<Record<string, string>>): void {
  checkTags(q.name, q.tags, tags);
  for (const [k, v] of Object.entries(tags)) q.tags.set(k, v ?? "");
}

export const TagQueue =
  (s: Sqs): SQSHandlers["TagQueue"] =>
  async (input, ctx) => {
    const q = s.queue(ctx, input.QueueUrl);
    const tags = input.Tags ?? {};
    if (Object.keys(tags).length === 0) throw missingParameter(messages.missingTags());
    applyTags(q, tags);
  };

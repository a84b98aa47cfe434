// Tags of streams and consumers: the per-resource limit, the characters AWS accepts, and
// listing in key order.
import { errors } from "../../generated/kinesis/index.ts";
import type { Tag } from "../../generated/kinesis/index.ts";
import * as messages from "./messages.ts";

/** Tags one stream or consumer may have. */
export const MAX_TAGS = 50;

// AWS accepts Unicode letters and digits, white space and _ . / = + - % @ : in keys and values
const TAG_CHARS = /^[\p{L}\p{M}\p{N}\s_./=+\-%@:]*$/u;

/**
 * AddTagsToStream's and RemoveTagsFromStream's character checks, as AWS answers them: a
 * character outside the set, then a '%' (listed as valid, yet refused).
 */
export function checkTagCharacters(texts: Iterable<string>, percentError: () => string): void {
  const all = [...texts];
  if (all.some((t) => !TAG_CHARS.test(t))) throw new errors.InvalidArgumentException(messages.tagsBadCharacters());
  if (all.some((t) => t.includes("%"))) throw new errors.InvalidArgumentException(percentError());
}

/** How many distinct keys `tags` would hold with `added` merged in. */
export function countAfterAdding(tags: ReadonlyMap<string, string>, added: Record<string, string>): number {
  let n = tags.size;
  for (const key of Object.keys(added)) if (!tags.has(key)) n++;
  return n;
}

export function addTags(tags: Map<string, string>, added: Record<string, string>): void {
  for (const [key, value] of Object.entries(added)) tags.set(key, value);
}

/** The tags as a list sorted by key. */
export function tagList(tags: ReadonlyMap<string, string>): Tag[] {
  return [...tags.keys()].sort(compareKeys).map((Key) => ({ Key, Value: tags.get(Key)! }));
}

/** The order keys are listed in (what ExclusiveStartTagKey pages by). */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import type { Kinesis } from "../service.ts";
import { compareKeys, MAX_TAGS, tagList } from "../tags.ts";

/** Tags in key order, from after ExclusiveStartTagKey, at most Limit of them (all 50 by default). */
export const ListTagsForStream =
  (k: Kinesis): KinesisHandlers["ListTagsForStream"] =>
  async (input, ctx) => {
    const stream = k.stream(ctx, input);
    const start = input.ExclusiveStartTagKey;
    const all = tagList(stream.tags).filter((t) => start === undefined || compareKeys(t.Key, start) > 0);
    const limit = input.Limit ?? MAX_TAGS;
    return { Tags: all.slice(0, limit), HasMoreTags: all.length > limit };
  };

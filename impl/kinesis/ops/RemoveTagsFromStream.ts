import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";
import { checkTagCharacters } from "../tags.ts";

/** Removes tags by key; keys the stream does not have are ignored. */
export const RemoveTagsFromStream =
  (k: Kinesis): KinesisHandlers["RemoveTagsFromStream"] =>
  async (input, ctx) => {
    const stream = k.stream(ctx, input);
    checkTagCharacters(input.TagKeys, () => messages.removeTagsPercent(stream.name, k.state(ctx).account));
    for (const key of input.TagKeys) stream.tags.delete(key);
  };

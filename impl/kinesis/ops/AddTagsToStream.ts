import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";
import { addTags, checkTagCharacters, countAfterAdding, MAX_TAGS } from "../tags.ts";

/** Adds or overwrites tags; a stream holds at most 50. */
export const AddTagsToStream =
  (k: Kinesis): KinesisHandlers["AddTagsToStream"] =>
  async (input, ctx) => {
    const stream = k.stream(ctx, input);
    const account = k.state(ctx).account;
    checkTagCharacters([...Object.keys(input.Tags), ...Object.values(input.Tags)], () => messages.addTagsPercent(stream.name, account));
    if (countAfterAdding(stream.tags, input.Tags) > MAX_TAGS) {
      throw new errors.InvalidArgumentException(messages.tooManyStreamTags(stream.name, account, MAX_TAGS));
    }
    addTags(stream.tags, input.Tags);
  };

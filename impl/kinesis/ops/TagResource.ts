import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import { resourceByArn } from "../consumers.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";
import { addTags, countAfterAdding, MAX_TAGS } from "../tags.ts";

/** Adds or overwrites tags of a stream or a consumer, by ARN; 50 at most on each. */
export const TagResource =
  (k: Kinesis): KinesisHandlers["TagResource"] =>
  async (input, ctx) => {
    const r = resourceByArn(k, ctx, input.ResourceARN);
    const tags = r.kind === "stream" ? r.stream.tags : r.consumer.tags;
    if (countAfterAdding(tags, input.Tags) > MAX_TAGS) {
      throw new errors.InvalidArgumentException(
        r.kind === "stream" ? messages.tooManyStreamTags(r.stream.name, k.state(ctx).account, MAX_TAGS) : messages.tooManyResourceTags(r.arn, MAX_TAGS),
      );
    }
    addTags(tags, input.Tags);
  };

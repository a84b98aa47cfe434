import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { resourceByArn } from "../consumers.ts";
import type { Kinesis } from "../service.ts";
import { tagList } from "../tags.ts";

/** Every tag of a stream or a consumer, by ARN, in key order. */
export const ListTagsForResource =
  (k: Kinesis): KinesisHandlers["ListTagsForResource"] =>
  async (input, ctx) => {
    const r = resourceByArn(k, ctx, input.ResourceARN);
    return { Tags: tagList(r.kind === "stream" ? r.stream.tags : r.consumer.tags) };
  };

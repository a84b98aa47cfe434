import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { resourceByArn } from "../consumers.ts";
import type { Kinesis } from "../service.ts";

/** Removes tags of a stream or a consumer by key; keys it does not have are ignored. */
export const UntagResource =
  (k: Kinesis): KinesisHandlers["UntagResource"] =>
  async (input, ctx) => {
    const r = resourceByArn(k, ctx, input.ResourceARN);
    const tags = r.kind === "stream" ? r.stream.tags : r.consumer.tags;
    for (const key of input.TagKeys) tags.delete(key);
  };

import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import type { Kinesis } from "../service.ts";
import { normalizeShardId, shardView, streamFields, visibleShards } from "../shards.ts";

/** AWS's default and largest page of shards */
const PAGE = 100;

export const DescribeStream =
  (k: Kinesis): KinesisHandlers["DescribeStream"] =>
  async (input, ctx) => {
    const stream = k.stream(ctx, input);
    const now = ctx.clock.now();
    stream.trim(now);
    const after = input.ExclusiveStartShardId !== undefined ? (normalizeShardId(input.ExclusiveStartShardId)?.index ?? -1) : -1;
    // a stream being created shows no shards yet
    const shards = stream.status === "CREATING" ? [] : visibleShards(stream, now).filter((s) => s.index > after);
    const max = Math.min(input.Limit ?? PAGE, PAGE);
    const page = shards.slice(0, max);
    return {
      StreamDescription: {
        ...streamFields(stream),
        Shards: page.map(shardView),
        HasMoreShards: shards.length > page.length,
      },
    };
  };

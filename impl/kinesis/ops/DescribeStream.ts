import type { KinesisHandlers, MetricsName } from "../../../generated/kinesis/index.ts";
import type { Kinesis } from "../service.ts";
import { normalizeShardId, shardView, visibleShards } from "../shards.ts";

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
        StreamName: stream.name,
        StreamARN: stream.arn,
        StreamStatus: stream.status,
        StreamModeDetails: { StreamMode: stream.mode },
        Shards: page.map(shardView),
        HasMoreShards: shards.length > page.length,
        RetentionPeriodHours: stream.retentionHours,
        StreamCreationTimestamp: new Date(stream.createdAt),
        EnhancedMonitoring: [{ ShardLevelMetrics: [...stream.shardLevelMetrics] as MetricsName[] }],
        EncryptionType: stream.encryptionType,
        KeyId: stream.keyId,
      },
    };
  };

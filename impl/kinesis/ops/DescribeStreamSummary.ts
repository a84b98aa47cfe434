import type { KinesisHandlers, MetricsName } from "../../../generated/kinesis/index.ts";
import type { Kinesis } from "../service.ts";

export const DescribeStreamSummary =
  (k: Kinesis): KinesisHandlers["DescribeStreamSummary"] =>
  async (input, ctx) => {
    const stream = k.stream(ctx, input);
    return {
      StreamDescriptionSummary: {
        StreamName: stream.name,
        StreamARN: stream.arn,
        StreamStatus: stream.status,
        StreamModeDetails: { StreamMode: stream.mode },
        RetentionPeriodHours: stream.retentionHours,
        StreamCreationTimestamp: new Date(stream.createdAt),
        EnhancedMonitoring: [{ ShardLevelMetrics: [...stream.shardLevelMetrics] as MetricsName[] }],
        EncryptionType: stream.encryptionType,
        KeyId: stream.keyId,
        OpenShardCount: stream.status === "CREATING" ? 0 : stream.openShards().length,
        ConsumerCount: stream.consumers.size,
      },
    };
  };

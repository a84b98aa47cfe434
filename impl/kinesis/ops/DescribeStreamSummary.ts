import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import type { Kinesis } from "../service.ts";
import { streamFields } from "../shards.ts";

export const DescribeStreamSummary =
  (k: Kinesis): KinesisHandlers["DescribeStreamSummary"] =>
  async (input, ctx) => {
    const stream = k.stream(ctx, input);
    return {
      StreamDescriptionSummary: {
        ...streamFields(stream),
        OpenShardCount: stream.status === "CREATING" ? 0 : stream.openShards().length,
        ConsumerCount: stream.consumers.size,
      },
    };
  };

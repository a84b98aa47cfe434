import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { findConsumer } from "../consumers.ts";
import type { Kinesis } from "../service.ts";

/** A consumer by ConsumerARN, or by StreamARN and ConsumerName. */
export const DescribeStreamConsumer =
  (k: Kinesis): KinesisHandlers["DescribeStreamConsumer"] =>
  async (input, ctx) => {
    const { stream, consumer } = findConsumer(k, ctx, input);
    return {
      ConsumerDescription: {
        ConsumerName: consumer.name,
        ConsumerARN: consumer.arn,
        ConsumerStatus: consumer.status,
        ConsumerCreationTimestamp: new Date(consumer.createdAt),
        StreamARN: stream.arn,
      },
    };
  };

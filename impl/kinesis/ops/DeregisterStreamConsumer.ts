import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { consumerTransition, findConsumer } from "../consumers.ts";
import type { Kinesis } from "../service.ts";

/**
 * DELETING at once, which ends the consumer's open subscriptions and drops its resource
 * policy; the consumer is gone after the status delay (at once by default).
 */
export const DeregisterStreamConsumer =
  (k: Kinesis): KinesisHandlers["DeregisterStreamConsumer"] =>
  async (input, ctx) => {
    const { stream, consumer } = findConsumer(k, ctx, input);
    if (consumer.status === "DELETING") return;
    for (const end of [...consumer.cancel]) end();
    consumer.cancel.clear();
    k.state(ctx).policies.delete(consumer.arn);
    consumerTransition(k, consumer, "DELETING", () => {
      if (stream.consumers.get(consumer.name) === consumer) stream.consumers.delete(consumer.name);
    });
  };

import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import { consumerArn, consumerTransition, MAX_CONSUMERS, MAX_CREATING_CONSUMERS } from "../consumers.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";
import type { Consumer } from "../state.ts";
import { addTags, MAX_TAGS } from "../tags.ts";

/**
 * A new consumer of the stream: CREATING, then ACTIVE after the status delay (at once by
 * default, so the answer already says ACTIVE). 20 consumers a stream, 5 CREATING at once.
 */
export const RegisterStreamConsumer =
  (k: Kinesis): KinesisHandlers["RegisterStreamConsumer"] =>
  async (input, ctx) => {
    const stream = k.stream(ctx, { StreamARN: input.StreamARN });
    const account = k.state(ctx).account;
    if (stream.consumers.has(input.ConsumerName)) {
      throw new errors.ResourceInUseException(messages.consumerExists(input.ConsumerName, stream.name, account));
    }
    if (stream.consumers.size >= MAX_CONSUMERS) {
      throw new errors.LimitExceededException(messages.consumerLimit(stream.name, account, MAX_CONSUMERS));
    }
    let creating = 0;
    for (const c of stream.consumers.values()) if (c.status === "CREATING") creating++;
    if (creating >= MAX_CREATING_CONSUMERS) {
      throw new errors.LimitExceededException(messages.consumersCreatingLimit(stream.name, account, MAX_CREATING_CONSUMERS));
    }
    const tags = input.Tags ?? {};
    const arn = consumerArn(stream.arn, input.ConsumerName, ctx.clock.now());
    if (Object.keys(tags).length > MAX_TAGS) throw new errors.InvalidArgumentException(messages.tooManyResourceTags(arn, MAX_TAGS));

    const consumer: Consumer = {
      name: input.ConsumerName,
      arn,
      status: "CREATING",
      createdAt: ctx.clock.now(),
      tags: new Map(),
      subscriptions: new Map(),
      cancel: new Set(),
    };
    addTags(consumer.tags, tags);
    stream.consumers.set(consumer.name, consumer);
    consumerTransition(k, consumer, "CREATING", () => {
      if (stream.consumers.get(consumer.name) === consumer && consumer.status === "CREATING") consumer.status = "ACTIVE";
    });
    return {
      Consumer: {
        ConsumerName: consumer.name,
        ConsumerARN: consumer.arn,
        ConsumerStatus: consumer.status,
        ConsumerCreationTimestamp: new Date(consumer.createdAt),
      },
    };
  };

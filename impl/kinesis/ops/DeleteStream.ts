import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";
import type { KinesisState, Stream } from "../state.ts";

/**
 * DELETING at once, gone after the status delay (at once by default). With
 * EnforceConsumerDeletion the consumers go at once: their subscriptions end and their
 * resource policies are dropped. The stream's own policy goes when the stream does, so a
 * stream created again under the name (and so the same ARN) starts without one.
 */
export const DeleteStream =
  (k: Kinesis): KinesisHandlers["DeleteStream"] =>
  async (input, ctx) => {
    const state = k.state(ctx);
    const stream = k.stream(ctx, input);
    if (stream.status === "CREATING") throw new errors.ResourceInUseException(messages.streamBeingCreated(stream.name));
    if (stream.status === "DELETING") return;
    if (stream.consumers.size > 0) {
      if (input.EnforceConsumerDeletion !== true) {
        throw new errors.ResourceInUseException(messages.streamHasConsumers(stream.name, ctx.account));
      }
      // the consumers go with the stream, and their subscriptions and policies end
      const consumers = [...stream.consumers.values()];
      stream.consumers.clear();
      for (const c of consumers) {
        c.status = "DELETING";
        for (const cancel of [...c.cancel]) cancel();
        c.cancel.clear();
        state.policies.delete(c.arn);
      }
    }
    k.transition(stream, "DELETING", () => {
      if (state.streams.get(stream.name) === stream) state.streams.delete(stream.name);
      dropPolicies(state, stream);
    });
  };

/** Drops the policies of a stream and of every consumer it had (registered under its ARN). */
function dropPolicies(state: KinesisState, stream: Stream): void {
  const consumerPrefix = `${stream.arn}/consumer/`;
  for (const arn of [...state.policies.keys()]) {
    if (arn === stream.arn || arn.startsWith(consumerPrefix)) state.policies.delete(arn);
  }
}

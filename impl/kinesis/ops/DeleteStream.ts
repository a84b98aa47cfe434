import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";

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
      // the consumers go with the stream, and their subscriptions end
      const consumers = [...stream.consumers.values()];
      stream.consumers.clear();
      for (const c of consumers) {
        c.status = "DELETING";
        for (const cancel of [...c.cancel]) cancel();
      }
    }
    k.transition(stream, "DELETING", () => {
      if (state.streams.get(stream.name) === stream) state.streams.delete(stream.name);
    });
  };

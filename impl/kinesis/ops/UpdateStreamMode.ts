import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";
import { requireActive } from "../shards.ts";
import { ON_DEMAND_STREAM_LIMIT, onDemandStreams } from "./DescribeLimits.ts";

export const UpdateStreamMode =
  (k: Kinesis): KinesisHandlers["UpdateStreamMode"] =>
  async (input, ctx) => {
    const stream = k.stream(ctx, { StreamARN: input.StreamARN });
    requireActive(stream, ctx.account);
    const mode = input.StreamModeDetails.StreamMode;
    // asking for the mode the stream already has changes nothing
    if (mode === stream.mode) return;
    if (mode === "ON_DEMAND" && onDemandStreams(k.state(ctx)) + 1 > ON_DEMAND_STREAM_LIMIT) {
      throw new errors.LimitExceededException(messages.onDemandStreamLimit(ON_DEMAND_STREAM_LIMIT));
    }
    // the shards stay as they are; the mode changes once the update is over
    k.transition(stream, "UPDATING", () => {
      if (stream.status !== "UPDATING") return;
      stream.mode = mode;
      stream.status = "ACTIVE";
    });
  };

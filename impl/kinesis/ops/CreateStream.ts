import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";
import { Stream } from "../state.ts";
import { ON_DEMAND_STREAM_LIMIT, onDemandStreams } from "./DescribeLimits.ts";

/** ON_DEMAND streams start with this many shards (AWS's default capacity of 4 MiB/s). */
export const ON_DEMAND_SHARDS = 4;

export const CreateStream =
  (k: Kinesis): KinesisHandlers["CreateStream"] =>
  async (input, ctx) => {
    const state = k.state(ctx);
    const mode = input.StreamModeDetails?.StreamMode ?? "PROVISIONED";
    if (mode === "PROVISIONED" && input.ShardCount === undefined) {
      throw new errors.InvalidArgumentException(messages.shardCountRequired());
    }
    const count = input.ShardCount ?? ON_DEMAND_SHARDS;
    if (state.streams.has(input.StreamName)) {
      throw new errors.ResourceInUseException(messages.streamExists(input.StreamName, state.account));
    }
    if (mode === "ON_DEMAND" && onDemandStreams(state) + 1 > ON_DEMAND_STREAM_LIMIT) {
      throw new errors.LimitExceededException(messages.onDemandStreamLimit(ON_DEMAND_STREAM_LIMIT));
    }
    const current = state.openShardCount();
    if (current + count > k.shardLimit) {
      throw new errors.LimitExceededException(messages.shardLimit(state.account, state.region, current, k.shardLimit, count));
    }
    const now = ctx.clock.now();
    const stream = new Stream(input.StreamName, state.streamArn(input.StreamName), now, mode);
    stream.addEvenShards(count, now);
    for (const [key, value] of Object.entries(input.Tags ?? {})) stream.tags.set(key, value);
    state.streams.set(stream.name, stream);
    k.transition(stream, "CREATING", () => {
      stream.status = "ACTIVE";
    });
  };

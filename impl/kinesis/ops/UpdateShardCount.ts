import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";
import { requireActive, requireProvisioned, reshard, scaleUniformly } from "../shards.ts";

export const UpdateShardCount =
  (k: Kinesis): KinesisHandlers["UpdateShardCount"] =>
  async (input, ctx) => {
    const state = k.state(ctx);
    const stream = k.stream(ctx, input);
    requireActive(stream, ctx.account);
    requireProvisioned(stream, "UpdateShardCount");
    const open = stream.openShards().length;
    const target = input.TargetShardCount;
    if (state.openShardCount() - open + target > k.shardLimit) {
      throw new errors.LimitExceededException(messages.scaleOverLimit(k.shardLimit, open, target));
    }
    if (target > open * 2) throw new errors.LimitExceededException(messages.scaleUpTooFar(open, target));
    if (target * 2 < open) throw new errors.LimitExceededException(messages.scaleDownTooFar(open, target));
    reshard(k, stream, () => {
      if (target !== stream.openShards().length) scaleUniformly(stream, target, ctx.clock.now());
    });
    return { StreamName: stream.name, StreamARN: stream.arn, CurrentShardCount: open, TargetShardCount: target };
  };

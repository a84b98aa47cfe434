import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";
import { findShard, normalizeShardId, requireActive, requireProvisioned, reshard, splitAt } from "../shards.ts";

export const SplitShard =
  (k: Kinesis): KinesisHandlers["SplitShard"] =>
  async (input, ctx) => {
    const account = ctx.account;
    const state = k.state(ctx);
    const named = input.StreamName ?? input.StreamARN?.slice(input.StreamARN.lastIndexOf("/") + 1) ?? "";
    if (!normalizeShardId(input.ShardToSplit)) {
      throw new errors.ResourceNotFoundException(messages.shardNotFound(input.ShardToSplit, named, account));
    }
    const stream = k.stream(ctx, input);
    const shard = findShard(stream, input.ShardToSplit, account);
    if (shard.closed) throw new errors.InvalidArgumentException(messages.shardClosed(shard.id, stream.name, account));
    requireProvisioned(stream, "SplitShard");
    const open = state.openShardCount();
    if (open + 1 > k.shardLimit) {
      throw new errors.LimitExceededException(messages.shardLimit(account, state.region, open, k.shardLimit, 1));
    }
    const key = /^\d+$/.test(input.NewStartingHashKey) ? BigInt(input.NewStartingHashKey) : -1n;
    if (key <= shard.startingHashKey + 1n || key >= shard.endingHashKey) {
      throw new errors.InvalidArgumentException(
        messages.badSplitKey(input.NewStartingHashKey, shard.id, stream.name, account, shard.startingHashKey.toString(), shard.endingHashKey.toString()),
      );
    }
    requireActive(stream, account);
    reshard(k, stream, () => {
      splitAt(stream, shard, key, ctx.clock.now());
    });
  };

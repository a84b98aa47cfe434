import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";
import { findShard, mergePair, normalizeShardId, requireActive, requireProvisioned, reshard } from "../shards.ts";

export const MergeShards =
  (k: Kinesis): KinesisHandlers["MergeShards"] =>
  async (input, ctx) => {
    const account = ctx.account;
    const named = input.StreamName ?? input.StreamARN?.slice(input.StreamARN.lastIndexOf("/") + 1) ?? "";
    for (const raw of [input.ShardToMerge, input.AdjacentShardToMerge]) {
      if (!normalizeShardId(raw)) throw new errors.ResourceNotFoundException(messages.shardNotFound(raw, named, account));
    }
    const stream = k.stream(ctx, input);
    const a = findShard(stream, input.ShardToMerge, account);
    const b = findShard(stream, input.AdjacentShardToMerge, account);
    // ShardToMerge must sit just below AdjacentShardToMerge in the hash key space
    if (a === b || a.endingHashKey + 1n !== b.startingHashKey) {
      throw new errors.InvalidArgumentException(messages.notAdjacent(a.id, b.id, stream.name, account));
    }
    for (const s of [a, b]) {
      if (s.closed) throw new errors.InvalidArgumentException(messages.shardClosed(s.id, stream.name, account));
    }
    requireProvisioned(stream, "MergeShards");
    requireActive(stream, account);
    reshard(k, stream, () => {
      mergePair(stream, a, b, ctx.clock.now());
    });
  };

// What the stream, shard and resharding operations share: stream status checks, shard ids
// as AWS reads them, the output shape of a shard, shard lifetimes (for ListShards filters
// and retention), and the resharding steps themselves (split, merge, uniform scaling).
import type { RequestContext } from "../../runtime/types.ts";
import { errors } from "../../generated/kinesis/index.ts";
import type * as T from "../../generated/kinesis/types.ts";
import * as messages from "./messages.ts";
import type { Kinesis } from "./service.ts";
import { MAX_HASH_KEY, type Shard, type Stream, shardIdOf } from "./state.ts";

const HOUR_MS = 3_600_000;

/**
 * A shard id as AWS reads it: the number after the first hyphen ("shardId-000000000003",
 * "shard-3", "anything-3") or the whole id when it has none ("3"), up to 2^31-1.
 * Undefined when the id names no shard number at all.
 */
export function normalizeShardId(raw: string): { id: string; index: number } | undefined {
  const parts = raw.split("-");
  const digits = parts.length > 1 ? parts[1] : parts[0];
  if (!/^\d+$/.test(digits)) return undefined;
  const index = Number(digits);
  if (!Number.isSafeInteger(index) || index > 2147483647) return undefined;
  return { id: shardIdOf(index), index };
}

/**
 * The shard `raw` names. Unreadable ids answer "Could not find shard" (with the id as
 * sent); readable ids of no shard answer what `missing` makes of the normalized id.
 */
export function findShard(
  stream: Stream,
  raw: string,
  account: string,
  missing: (id: string) => Error = (id) => new errors.ResourceNotFoundException(messages.shardNotFound(id, stream.name, account)),
): Shard {
  const n = normalizeShardId(raw);
  if (!n) throw new errors.ResourceNotFoundException(messages.shardNotFound(raw, stream.name, account));
  const shard = stream.shards[n.index];
  if (!shard) throw missing(n.id);
  return shard;
}

/** Reads and writes of records and shard listings need a stream that is ACTIVE or UPDATING. */
export function requireReadable(stream: Stream, account: string): void {
  if (stream.status !== "ACTIVE" && stream.status !== "UPDATING") {
    throw new errors.ResourceInUseException(messages.streamNotReadable(stream.name, account, stream.status));
  }
}

/** Changes of the stream itself (resharding, retention, mode) need it ACTIVE. */
export function requireActive(stream: Stream, account: string): void {
  if (stream.status !== "ACTIVE") {
    throw new errors.ResourceInUseException(messages.streamNotActive(stream.name, account, stream.status));
  }
}

export function requireProvisioned(stream: Stream, operation: string): void {
  if (stream.mode === "ON_DEMAND") throw new errors.InvalidArgumentException(messages.provisionedOnly(operation, stream.name));
}

/** What DescribeStream and DescribeStreamSummary both say of a stream. */
export function streamFields(stream: Stream) {
  return {
    StreamName: stream.name,
    StreamARN: stream.arn,
    StreamStatus: stream.status,
    StreamModeDetails: { StreamMode: stream.mode },
    RetentionPeriodHours: stream.retentionHours,
    StreamCreationTimestamp: new Date(stream.createdAt),
    EnhancedMonitoring: [{ ShardLevelMetrics: [...stream.shardLevelMetrics] as T.MetricsName[] }],
    EncryptionType: stream.encryptionType,
    KeyId: stream.keyId,
  } satisfies Partial<T.StreamDescriptionSummary>;
}

export function shardView(s: Shard): T.Shard {
  return {
    ShardId: s.id,
    ParentShardId: s.parentShardId,
    AdjacentParentShardId: s.adjacentParentShardId,
    HashKeyRange: { StartingHashKey: s.startingHashKey.toString(), EndingHashKey: s.endingHashKey.toString() },
    SequenceNumberRange: { StartingSequenceNumber: s.startingSequenceNumber, EndingSequenceNumber: s.endingSequenceNumber },
  };
}

/** The shards made from `shard` by a split, merge or scaling, as GetRecords lists them at a shard's end. */
export function childShards(stream: Stream, shard: Shard): T.ChildShard[] {
  const out: T.ChildShard[] = [];
  for (const s of stream.shards) {
    if (s.parentShardId !== shard.id && s.adjacentParentShardId !== shard.id) continue;
    const parents = [s.parentShardId, s.adjacentParentShardId].filter((p): p is string => p !== undefined);
    out.push({
      ShardId: s.id,
      ParentShards: parents,
      HashKeyRange: { StartingHashKey: s.startingHashKey.toString(), EndingHashKey: s.endingHashKey.toString() },
    });
  }
  return out;
}

export function retentionMs(stream: Stream): number {
  return stream.retentionHours * HOUR_MS;
}

/** The oldest moment whose records a stream still keeps (never before the stream existed). */
export function trimHorizon(stream: Stream, now: number): number {
  return Math.max(now - retentionMs(stream), stream.createdAt);
}

/** Whether the shard was open at `t`: created at or before it, closed after it (or not at all). */
export function openAt(s: Shard, t: number): boolean {
  return s.createdAt <= t && (s.closedAt === undefined || s.closedAt > t);
}

/** Whether the shard is still open at `t` or opened later: it has records from `t` on. */
export function liveFrom(s: Shard, t: number): boolean {
  return s.closedAt === undefined || s.closedAt > t;
}

/** Shards AWS still lists: open ones, and closed ones whose records have not all expired. */
export function visibleShards(stream: Stream, now: number): Shard[] {
  const horizon = now - retentionMs(stream);
  return stream.shards.filter((s) => liveFrom(s, horizon));
}

// ---------------------------------------------------------------------------------------
// Resharding. Each step closes its parents (the ending sequence number is taken before the
// children's starting ones, so every record of a parent sorts before every record of a
// child) and adds the children with their lineage.

/** Splits `s` at `key` (start < key <= end): [start, key-1] and [key, end]. */
export function splitAt(stream: Stream, s: Shard, key: bigint, now: number): [Shard, Shard] {
  s.close(stream.markSequence(s.index), now);
  const left = stream.addShard(s.startingHashKey, key - 1n, now);
  const right = stream.addShard(key, s.endingHashKey, now);
  left.parentShardId = s.id;
  right.parentShardId = s.id;
  return [left, right];
}

/** Merges two open shards whose ranges touch (`a` below `b`) into one. */
export function mergePair(stream: Stream, a: Shard, b: Shard, now: number): Shard {
  a.close(stream.markSequence(a.index), now);
  b.close(stream.markSequence(b.index), now);
  const child = stream.addShard(a.startingHashKey, b.endingHashKey, now);
  child.parentShardId = a.id;
  child.adjacentParentShardId = b.id;
  return child;
}

/**
 * Uniform scaling to `target` open shards with even hash ranges, done the way Kinesis does
 * it: splits at the new boundaries that fall inside an open shard, then merges of the pieces
 * that share a new range. Shards already matching a new range stay open; every new shard
 * has at most two parents, so lineage-following readers (KCL) lose and reorder nothing.
 */
export function scaleUniformly(stream: Stream, target: number, now: number): void {
  const space = MAX_HASH_KEY + 1n;
  const bounds: bigint[] = [];
  for (let i = 1; i < target; i++) bounds.push((space * BigInt(i)) / BigInt(target));
  const open = stream.openShards().sort((x, y) => (x.startingHashKey < y.startingHashKey ? -1 : 1));
  const pieces: Shard[] = [];
  for (const s of open) {
    let cur = s;
    for (const b of bounds) {
      if (b > cur.startingHashKey && b <= cur.endingHashKey) {
        const [left, right] = splitAt(stream, cur, b, now);
        pieces.push(left);
        cur = right;
      }
    }
    pieces.push(cur);
  }
  // pieces are in hash order and each lies inside one new range: merge each range's run
  let i = 0;
  for (let j = 0; j < target; j++) {
    const hi = j < bounds.length ? bounds[j] - 1n : MAX_HASH_KEY;
    let acc = pieces[i++];
    while (i < pieces.length && pieces[i].endingHashKey <= hi) acc = mergePair(stream, acc, pieces[i++], now);
  }
}

/** Marks the end of a resharding's UPDATING phase, unless the stream moved on (deleted). */
export function reshard(k: Kinesis, stream: Stream, work: () => void): void {
  k.transition(stream, "UPDATING", () => {
    if (stream.status !== "UPDATING") return;
    work();
    stream.status = "ACTIVE";
  });
}

/** The stream a request names, checked to be ACTIVE, for the resharding and retention operations. */
export function activeStream(k: Kinesis, ctx: RequestContext, input: { StreamName?: string; StreamARN?: string }): Stream {
  const stream = k.stream(ctx, input);
  requireActive(stream, ctx.account);
  return stream;
}

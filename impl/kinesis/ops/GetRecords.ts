import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import { GET_RECORDS_MAX_BYTES, ITERATOR_TTL_MS, decodeIterator, encodeIterator, javaDate, recordView } from "../records.ts";
import type { Kinesis } from "../service.ts";
import { childShards, requireReadable } from "../shards.ts";
import { shardIdOf } from "../state.ts";
import { chargeRead, recordRead } from "../throughput.ts";

export const GetRecords =
  (k: Kinesis): KinesisHandlers["GetRecords"] =>
  async (input, ctx) => {
    const account = ctx.account;
    const it = decodeIterator(input.ShardIterator);
    if (!it) throw new errors.InvalidArgumentException(messages.badShardIterator());
    const now = ctx.clock.now();
    if (now - it.issued > ITERATOR_TTL_MS) {
      throw new errors.ExpiredIteratorException(messages.iteratorExpired(javaDate(it.issued), javaDate(now)));
    }
    const stream = k.state(ctx).streams.get(it.stream);
    if (input.StreamARN !== undefined && k.stream(ctx, { StreamARN: input.StreamARN }) !== stream) {
      throw new errors.InvalidArgumentException(messages.iteratorOfOtherStream(input.StreamARN));
    }
    const shard = stream?.shards[it.shard];
    if (!stream || !shard) throw new errors.ResourceNotFoundException(messages.shardDoesNotExist(shardIdOf(it.shard), it.stream, account));
    requireReadable(stream, account);
    if (k.throughputLimits) chargeRead(stream, shard, now);
    stream.trim(now);
    // an iterator of an earlier stream of the same name starts over in this one
    const from = it.created === stream.createdAt ? it.position : shard.start;
    const { records, next } = shard.read(from, input.Limit ?? 10_000, GET_RECORDS_MAX_BYTES);
    if (k.throughputLimits) recordRead(shard, records.reduce((n, r) => n + r.size, 0), now);
    const ahead = shard.at(next);
    const out = {
      Records: records.map(recordView),
      MillisBehindLatest: ahead ? Math.max(0, now - ahead.arrival) : 0,
    };
    if (shard.closed && next >= shard.end) {
      // the end of a closed shard: no next iterator, and the shards to go on with
      return { ...out, ChildShards: childShards(stream, shard) };
    }
    return {
      ...out,
      NextShardIterator: encodeIterator({ stream: stream.name, created: stream.createdAt, shard: shard.index, position: next, issued: now }),
    };
  };

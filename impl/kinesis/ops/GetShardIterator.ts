import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import { decodeSequence, encodeIterator } from "../records.ts";
import type { Kinesis } from "../service.ts";
import { findShard, normalizeShardId, requireReadable } from "../shards.ts";
import type { Stream } from "../state.ts";

export const GetShardIterator =
  (k: Kinesis): KinesisHandlers["GetShardIterator"] =>
  async (input, ctx) => {
    const account = ctx.account;
    const named = input.StreamName ?? input.StreamARN?.slice(input.StreamARN.lastIndexOf("/") + 1) ?? "";
    const n = normalizeShardId(input.ShardId);
    if (!n) throw new errors.ResourceNotFoundException(messages.shardNotFound(input.ShardId, named, account));
    let stream: Stream;
    try {
      stream = k.stream(ctx, input);
    } catch (err) {
      // AWS names the shard when the stream is unknown
      if (err instanceof errors.ResourceNotFoundException) {
        throw new errors.ResourceNotFoundException(messages.shardDoesNotExist(n.id, named, account));
      }
      throw err;
    }
    const shard = findShard(stream, input.ShardId, account, (id) => new errors.ResourceNotFoundException(messages.shardDoesNotExist(id, stream.name, account)));
    requireReadable(stream, account);
    const now = ctx.clock.now();
    stream.trim(now);
    const type = input.ShardIteratorType;
    const seqText = input.StartingSequenceNumber;
    let position: number;
    switch (type) {
      case "AT_SEQUENCE_NUMBER":
      case "AFTER_SEQUENCE_NUMBER": {
        if (seqText === undefined) throw new errors.InvalidArgumentException(messages.iteratorTypeMismatch(type, false));
        const s = decodeSequence(seqText);
        if (!s) throw new errors.InvalidArgumentException(messages.badStartingSequence(seqText, shard.id, stream.name, account));
        if (s.shardIndex !== shard.index) {
          const encoded = normalizeShardId(String(s.shardIndex))!.id;
          throw new errors.InvalidArgumentException(messages.sequenceOfOtherShard(encoded, shard.id));
        }
        position = type === "AT_SEQUENCE_NUMBER" ? shard.positionAt(s.seq) : shard.positionAfter(s.seq);
        break;
      }
      case "TRIM_HORIZON":
      case "LATEST":
        if (seqText !== undefined) throw new errors.InvalidArgumentException(messages.iteratorTypeMismatch(type, true));
        position = type === "TRIM_HORIZON" ? shard.start : shard.end;
        break;
      case "AT_TIMESTAMP": {
        if (input.Timestamp === undefined) throw new errors.InvalidArgumentException(messages.timestampRequired());
        const ts = input.Timestamp.getTime();
        if (ts > now) throw new errors.InvalidArgumentException(messages.timestampInFuture(ts, now));
        position = shard.positionAtTime(ts);
        break;
      }
      default:
        // the model's enum trait admits nothing else
        throw new errors.InvalidArgumentException(messages.iteratorTypeMismatch(String(type), seqText !== undefined));
    }
    return {
      ShardIterator: encodeIterator({ stream: stream.name, created: stream.createdAt, shard: shard.index, position, issued: now }),
    };
  };

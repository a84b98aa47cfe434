import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import { append, checkEntry, decodeSequence, highestSequence } from "../records.ts";
import type { Kinesis } from "../service.ts";
import { requireReadable } from "../shards.ts";

export const PutRecord =
  (k: Kinesis): KinesisHandlers["PutRecord"] =>
  async (input, ctx) => {
    const stream = k.stream(ctx, input);
    requireReadable(stream, ctx.account);
    const { hash, size } = checkEntry(stream, input);
    // Ordering is already strict per shard here: a sequence number given for ordering must
    // only be one this stream could have handed out.
    if (input.SequenceNumberForOrdering !== undefined) {
      const s = decodeSequence(input.SequenceNumberForOrdering);
      if (!s || s.seq > highestSequence(stream)) {
        throw new errors.InvalidArgumentException(messages.badSequenceForOrdering(input.SequenceNumberForOrdering, stream.name, ctx.account));
      }
    }
    const now = ctx.clock.now();
    stream.trim(now);
    const { shard, record } = append(k, stream, input, hash, size, now);
    return {
      ShardId: shard.id,
      SequenceNumber: record.sequenceNumber,
      EncryptionType: stream.encryptionType === "KMS" ? "KMS" : undefined,
    };
  };

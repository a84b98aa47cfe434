import type { KinesisHandlers, PutRecordsResultEntry } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import { PUT_RECORDS_MAX_BYTES, append, checkEntry, recordSize } from "../records.ts";
import type { Kinesis } from "../service.ts";
import { requireReadable } from "../shards.ts";

export const PutRecords =
  (k: Kinesis): KinesisHandlers["PutRecords"] =>
  async (input, ctx) => {
    const stream = k.stream(ctx, input);
    requireReadable(stream, ctx.account);
    // (at most 500 entries: the model's length trait, checked before this runs)
    let total = 0;
    for (const e of input.Records) total += recordSize(e.Data, e.PartitionKey);
    if (total > PUT_RECORDS_MAX_BYTES) throw new errors.InvalidArgumentException(messages.recordsTooLarge());
    // a malformed entry fails the whole request; only throughput and internal failures are per entry
    const checked = input.Records.map((e) => checkEntry(stream, e));
    const now = ctx.clock.now();
    stream.trim(now);
    let failed = 0;
    const results: PutRecordsResultEntry[] = input.Records.map((e, i) => {
      try {
        const { shard, record } = append(k, stream, e, checked[i].hash, checked[i].size, now);
        return { SequenceNumber: record.sequenceNumber, ShardId: shard.id };
      } catch (err) {
        if (err instanceof errors.ProvisionedThroughputExceededException || err instanceof errors.InternalFailureException) {
          failed++;
          return { ErrorCode: err.code === "InternalFailureException" ? "InternalFailure" : err.code, ErrorMessage: err.message };
        }
        throw err;
      }
    });
    return {
      FailedRecordCount: failed,
      Records: results,
      EncryptionType: stream.encryptionType === "KMS" ? "KMS" : undefined,
    };
  };

// Per-shard throughput limits of a provisioned shard, for --kinesis-throughput-limits, on
// the emulator's clock (callers pass ctx.clock.now()).
//
// The callers check the flag first (`if (k.throughputLimits) ...`): these functions always
// count. A refused call is not counted, as AWS does not charge a throttled request.
//
//   chargeWrite(stream, shard, bytes, now, records = 1)
//     Before appending to a shard (PutRecord: once; PutRecords: once per entry, on the
//     entry's shard). Writes are limited to 1 MiB (data plus partition keys) and 1,000
//     records a second per shard, counted in one-second windows of the clock. Throws
//     ProvisionedThroughputExceededException "Rate exceeded for shard <id> in stream <name>
//     under account <account>." when the write would go over; counts it otherwise.
//
//   tryChargeWrite(stream, shard, bytes, now, records = 1)
//     The same, returning the error instead of throwing it (undefined when admitted): for
//     PutRecords, which reports a throttled entry as ErrorCode/ErrorMessage and goes on.
//
//   chargeRead(stream, shard, now)
//     Before a GetRecords reads a shard. At most 5 calls a second per shard (one-second
//     windows), and at most 2 MiB a second of data: the bytes read (recordRead) are a debt
//     paid off at 2 MiB/s, and no call is admitted while more than one second's worth is
//     owed (so a 10 MiB answer blocks the shard's reads for about 4 s, as AWS describes for
//     a large GetRecords). Throws ProvisionedThroughputExceededException "Rate exceeded for
//     Shard - <account>/<stream>/<shardId>" when refused; counts the call otherwise.
//
//   recordRead(shard, bytes, now)
//     After a GetRecords built its answer: the bytes it returned (data plus partition keys).
//
// Enhanced fan-out (SubscribeToShard) has limits of its own per consumer and is not metered.
import { errors } from "../../generated/kinesis/index.ts";
import * as messages from "./messages.ts";
import type { Shard, Stream } from "./state.ts";

const MiB = 1024 * 1024;
export const WRITE_BYTES_PER_SECOND = MiB;
export const WRITE_RECORDS_PER_SECOND = 1000;
export const READ_BYTES_PER_SECOND = 2 * MiB;
export const READ_CALLS_PER_SECOND = 5;

interface Meter {
  /** the one-second window (floor(now / 1000)) the write counters are for */
  writeSecond: number;
  writeBytes: number;
  writeRecords: number;
  /** the window of the read-call counter */
  readSecond: number;
  readCalls: number;
  /** bytes read not yet paid off, as of readDebtAt */
  readDebt: number;
  readDebtAt: number;
}

const meters = new WeakMap<Shard, Meter>();

function meter(shard: Shard): Meter {
  let m = meters.get(shard);
  if (!m) {
    m = { writeSecond: -1, writeBytes: 0, writeRecords: 0, readSecond: -1, readCalls: 0, readDebt: 0, readDebtAt: 0 };
    meters.set(shard, m);
  }
  return m;
}

/** The account in a stream's ARN (arn:partition:kinesis:region:account:stream/name). */
function accountOf(stream: Stream): string {
  return stream.arn.split(":")[4] ?? "";
}

export function tryChargeWrite(
  stream: Stream,
  shard: Shard,
  bytes: number,
  now: number,
  records = 1,
): InstanceType<typeof errors.ProvisionedThroughputExceededException> | undefined {
  const m = meter(shard);
  const second = Math.floor(now / 1000);
  if (m.writeSecond !== second) {
    m.writeSecond = second;
    m.writeBytes = 0;
    m.writeRecords = 0;
  }
  if (m.writeRecords + records > WRITE_RECORDS_PER_SECOND || m.writeBytes + bytes > WRITE_BYTES_PER_SECOND) {
    return new errors.ProvisionedThroughputExceededException(messages.rateExceeded(shard.id, stream.name, accountOf(stream)));
  }
  m.writeRecords += records;
  m.writeBytes += bytes;
  return undefined;
}

export function chargeWrite(stream: Stream, shard: Shard, bytes: number, now: number, records = 1): void {
  const err = tryChargeWrite(stream, shard, bytes, now, records);
  if (err) throw err;
}

/** Pays the read debt off up to `now`. */
function settle(m: Meter, now: number): void {
  if (now > m.readDebtAt) {
    m.readDebt = Math.max(0, m.readDebt - ((now - m.readDebtAt) * READ_BYTES_PER_SECOND) / 1000);
    m.readDebtAt = now;
  }
}

export function chargeRead(stream: Stream, shard: Shard, now: number): void {
  const m = meter(shard);
  settle(m, now);
  const second = Math.floor(now / 1000);
  if (m.readSecond !== second) {
    m.readSecond = second;
    m.readCalls = 0;
  }
  if (m.readCalls + 1 > READ_CALLS_PER_SECOND || m.readDebt > READ_BYTES_PER_SECOND) {
    throw new errors.ProvisionedThroughputExceededException(messages.readRateExceeded(accountOf(stream), stream.name, shard.id));
  }
  m.readCalls++;
}

export function recordRead(shard: Shard, bytes: number, now: number): void {
  const m = meter(shard);
  settle(m, now);
  m.readDebt += bytes;
}

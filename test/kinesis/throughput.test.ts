// impl/kinesis/throughput.ts: the per-shard limits --kinesis-throughput-limits enforces
// (writes 1 MiB or 1,000 records a second; reads 5 calls and 2 MiB a second), measured on
// the times the callers pass (the emulator's clock). The module is exercised directly here:
// which operations call it is the record operations' business.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { errors } from "../../generated/kinesis/index.ts";
import { Stream } from "../../impl/kinesis/state.ts";
import { chargeRead, chargeWrite, recordRead, tryChargeWrite } from "../../impl/kinesis/throughput.ts";
import { client, K, kinesisEmulator, makeStream, rejects } from "./fanout-support.ts";

const MiB = 1024 * 1024;
const T0 = 1_700_000_000_000; // a whole second

function shardOf(name = "orders") {
  const stream = new Stream(name, `arn:aws:kinesis:us-east-1:123456789012:stream/${name}`, T0, "PROVISIONED");
  const [shard] = stream.addEvenShards(1, T0);
  return { stream, shard };
}

function throws(fn: () => void): InstanceType<typeof errors.ProvisionedThroughputExceededException> {
  try {
    fn();
  } catch (err) {
    assert.instance(err, errors.ProvisionedThroughputExceededException);
    return err as InstanceType<typeof errors.ProvisionedThroughputExceededException>;
  }
  assert.unreachable("expected ProvisionedThroughputExceededException");
  throw new Error("unreachable");
}

// --- the errors -----------------------------------------------------------------------------

const s1 = suite("errors");
s1("ProvisionedThroughputExceededException (400) with AWS's texts for writes and reads", () => {
  const { stream, shard } = shardOf("orders");
  chargeWrite(stream, shard, MiB, T0);
  const w = throws(() => chargeWrite(stream, shard, 1, T0));
  assert.is(w.code, "ProvisionedThroughputExceededException");
  assert.is(w.status, 400);
  assert.is(w.message, "Rate exceeded for shard shardId-000000000000 in stream orders under account 123456789012.");
  for (let i = 0; i < 5; i++) chargeRead(stream, shard, T0);
  const r = throws(() => chargeRead(stream, shard, T0));
  assert.is(r.message, "Rate exceeded for Shard - 123456789012/orders/shardId-000000000000");
});

s1("tryChargeWrite returns the error instead of throwing (for PutRecords entries)", () => {
  const { stream, shard } = shardOf();
  assert.is(tryChargeWrite(stream, shard, 10, T0, 1000), undefined);
  const e = tryChargeWrite(stream, shard, 10, T0);
  assert.instance(e, errors.ProvisionedThroughputExceededException);
  assert.match(e!.message, /^Rate exceeded for shard shardId-000000000000/);
});

// --- writes ---------------------------------------------------------------------------------

s1.run();

const s2 = suite("writes");
s2("1 MiB a second per shard, counted in one-second windows of the clock", () => {
  const { stream, shard } = shardOf();
  chargeWrite(stream, shard, 512 * 1024, T0);
  chargeWrite(stream, shard, 512 * 1024, T0 + 999);
  throws(() => chargeWrite(stream, shard, 1, T0 + 999));
  // the next second starts afresh
  chargeWrite(stream, shard, MiB, T0 + 1000);
  throws(() => chargeWrite(stream, shard, 1, T0 + 1999));
});

s2("1,000 records a second per shard; a refused write is not counted", () => {
  const { stream, shard } = shardOf();
  for (let i = 0; i < 999; i++) chargeWrite(stream, shard, 1, T0);
  throws(() => chargeWrite(stream, shard, 2, T0, 2));
  chargeWrite(stream, shard, 1, T0); // the 1,000th still fits: the refused one did not count
  throws(() => chargeWrite(stream, shard, 1, T0));
  chargeWrite(stream, shard, 1, T0 + 1000);
});

s2("each shard has its own budget", () => {
  const stream = new Stream("two", "arn:aws:kinesis:us-east-1:123456789012:stream/two", T0, "PROVISIONED");
  const [a, b] = stream.addEvenShards(2, T0);
  chargeWrite(stream, a, MiB, T0);
  throws(() => chargeWrite(stream, a, 1, T0));
  chargeWrite(stream, b, MiB, T0);
});

// --- reads ----------------------------------------------------------------------------------

s2.run();

const s3 = suite("reads");
s3("5 calls a second per shard", () => {
  const { stream, shard } = shardOf();
  for (let i = 0; i < 5; i++) chargeRead(stream, shard, T0 + i * 100);
  throws(() => chargeRead(stream, shard, T0 + 900));
  chargeRead(stream, shard, T0 + 1000);
});

s3("2 MiB a second; a big answer holds the shard's reads back until it is paid off", () => {
  const { stream, shard } = shardOf();
  chargeRead(stream, shard, T0);
  recordRead(shard, 10 * MiB, T0);
  // 10 MiB at 2 MiB/s: refused while more than 2 MiB (one second's worth) is owed, i.e. for 4 s
  throws(() => chargeRead(stream, shard, T0 + 1000));
  throws(() => chargeRead(stream, shard, T0 + 3999));
  chargeRead(stream, shard, T0 + 4000);
});

s3("2 MiB a second sustained is admitted", () => {
  const { stream, shard } = shardOf();
  for (let s = 0; s < 10; s++) {
    chargeRead(stream, shard, T0 + s * 1000);
    recordRead(shard, 2 * MiB, T0 + s * 1000);
  }
});

s3.run();

// --- through the SDK, with --kinesis-throughput-limits -------------------------------------

const sdk = suite("with --kinesis-throughput-limits, through the SDK");

sdk("PutRecord past 1 MiB a second, and GetRecords past 5 calls a second, are throttled until the clock moves on", async () => {
  const emu = await kinesisEmulator({ "kinesis-throughput-limits": true });
  const c = client(emu, true);
  try {
    const s = await makeStream(c);
    const half = Buffer.alloc(512 * 1024 - 1, 1);
    await c.send(new K.PutRecordCommand({ StreamName: s.name, PartitionKey: "k", Data: half }));
    await c.send(new K.PutRecordCommand({ StreamName: s.name, PartitionKey: "k", Data: half }));
    await rejects(
      c.send(new K.PutRecordCommand({ StreamName: s.name, PartitionKey: "k", Data: Buffer.from("x") })),
      "ProvisionedThroughputExceededException",
      `Rate exceeded for shard shardId-000000000000 in stream ${s.name} under account 000000000000.`,
    );
    emu.clock.advance(1000);
    await c.send(new K.PutRecordCommand({ StreamName: s.name, PartitionKey: "k", Data: Buffer.from("x") }));

    emu.clock.advance(1000);
    const it = await c.send(new K.GetShardIteratorCommand({ StreamName: s.name, ShardId: "shardId-000000000000", ShardIteratorType: "LATEST" }));
    let iterator = it.ShardIterator!;
    for (let i = 0; i < 5; i++) iterator = (await c.send(new K.GetRecordsCommand({ ShardIterator: iterator }))).NextShardIterator!;
    await rejects(
      c.send(new K.GetRecordsCommand({ ShardIterator: iterator })),
      "ProvisionedThroughputExceededException",
      `Rate exceeded for Shard - 000000000000/${s.name}/shardId-000000000000`,
    );
    emu.clock.advance(1000);
    await c.send(new K.GetRecordsCommand({ ShardIterator: iterator }));
  } finally {
    c.destroy();
    await emu.stop();
  }
});

sdk.run();

// test-timeout: 240
// Kinesis records through @aws-sdk/client-kinesis (HTTP/1.1 and HTTP/2) and raw awsJson:
// PutRecord, PutRecords, GetShardIterator, GetRecords — each in three blocks: what travels
// on the wire (serialization), what is refused and how (validation), what a reader sees
// (behaviour).
import { createHash } from "node:crypto";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  ListShardsCommand,
  MergeShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  SplitShardCommand,
  DeleteStreamCommand,
  StartStreamEncryptionCommand,
  type KinesisClient,
} from "@aws-sdk/client-kinesis";
import { LAST_HASH_KEY, fails, raw, setup, utf8 } from "./lineage-support.ts";

const ctx = await setup();
const { h1, h2, port } = ctx;
const ACCOUNT = "000000000000";
const MiB = 1024 * 1024;

let n = 0;
/** a fresh ACTIVE stream (the status delay is 0 here) */
async function stream(shards = 1, client: KinesisClient = h2): Promise<string> {
  const name = `rec-${++n}`;
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  return name;
}

async function trimHorizon(name: string, shardId = "shardId-000000000000", client: KinesisClient = h2) {
  return (await client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator!;
}

async function readAll(name: string, shardId = "shardId-000000000000", client: KinesisClient = h2) {
  const out = await client.send(new GetRecordsCommand({ ShardIterator: await trimHorizon(name, shardId, client) }));
  return out.Records ?? [];
}

/** the 128-bit hash key AWS computes for a partition key: MD5, read as an unsigned integer */
const md5Key = (pk: string) => BigInt(`0x${createHash("md5").update(pk, "utf8").digest("hex")}`);

// ---------------------------------------------------------------------------------------
const putSer = suite("PutRecord: serialization");

putSer("raw JSON: base64 Data in, ShardId and a 56-digit SequenceNumber out", async () => {
  const name = await stream();
  const a = await raw(port, "PutRecord", { StreamName: name, PartitionKey: "k", Data: Buffer.from("hello").toString("base64") });
  assert.is(a.status, 200, a.text);
  assert.is(a.json.ShardId, "shardId-000000000000");
  assert.match(String(a.json.SequenceNumber), /^\d{56}$/);
  assert.is(String(a.headers["content-type"]), "application/x-amz-json-1.1");
  const records = await readAll(name);
  assert.is(utf8(records[0].Data), "hello");
});

putSer("the SDK over HTTP/1.1 and HTTP/2 reads ShardId and SequenceNumber", async () => {
  const name = await stream();
  for (const c of [h1, h2]) {
    const out = await c.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from([0, 1, 2, 255]) }));
    assert.is(out.ShardId, "shardId-000000000000");
    assert.match(out.SequenceNumber!, /^\d{56}$/);
  }
  const records = await readAll(name);
  assert.equal([...records[0].Data!], [0, 1, 2, 255], "binary data round-trips");
});

putSer.run();

// ---------------------------------------------------------------------------------------
const putVal = suite("PutRecord: validation");

putVal("an unknown stream: ResourceNotFoundException with AWS's text", async () => {
  await fails(h2.send(new PutRecordCommand({ StreamName: "nope", PartitionKey: "k", Data: Buffer.from("x") })), "ResourceNotFoundException", `Stream nope under account ${ACCOUNT} not found.`);
});

putVal("an ExplicitHashKey of 2^128 is out of range", async () => {
  const name = await stream();
  const key = (1n << 128n).toString();
  await fails(
    h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("x"), ExplicitHashKey: key })),
    "InvalidArgumentException",
    `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${key}`,
  );
});

putVal("an ExplicitHashKey that is no decimal number is refused", async () => {
  const name = await stream();
  const err = await fails(h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("x"), ExplicitHashKey: "0x12" })), "InvalidArgumentException");
  assert.match(err.message, /ExplicitHashKey/);
  assert.is((await readAll(name)).length, 0, "nothing was written");
});

putVal("data plus partition key over 1 MiB is refused; exactly 1 MiB is accepted", async () => {
  const name = await stream();
  await fails(h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "kk", Data: Buffer.alloc(MiB - 1) })), "InvalidArgumentException");
  const ok = await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.alloc(MiB - 1) }));
  assert.is(ok.ShardId, "shardId-000000000000");
  // data alone over 1 MiB breaks the model's length constraint
  await fails(h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.alloc(MiB + 1) })), "ValidationException", /Member must have length less than or equal to 1048576/);
});

putVal("SequenceNumberForOrdering: a number the stream never handed out is refused, an earlier one accepted", async () => {
  const name = await stream();
  await fails(
    h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("x"), SequenceNumberForOrdering: "12345" })),
    "InvalidArgumentException",
    `ExclusiveMinimumSequenceNumber 12345 used in PutRecord on stream ${name} under account ${ACCOUNT} is invalid.`,
  );
  const first = await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("1") }));
  const second = await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("2"), SequenceNumberForOrdering: first.SequenceNumber }));
  assert.ok(BigInt(second.SequenceNumber!) > BigInt(first.SequenceNumber!));
});

putVal("neither StreamName nor StreamARN: InvalidArgumentException", async () => {
  await fails(h2.send(new PutRecordCommand({ PartitionKey: "k", Data: Buffer.from("x") })), "InvalidArgumentException");
});

putVal("a StreamARN of another region names no stream here", async () => {
  const name = await stream();
  await fails(
    h2.send(new PutRecordCommand({ StreamARN: `arn:aws:kinesis:eu-west-3:${ACCOUNT}:stream/${name}`, PartitionKey: "k", Data: Buffer.from("x") })),
    "ResourceNotFoundException",
  );
});

putVal.run();

// ---------------------------------------------------------------------------------------
const putBeh = suite("PutRecord: behaviour");

putBeh("ExplicitHashKey picks the shard by AWS's even hash ranges (3 shards)", async () => {
  const name = await stream(3);
  // AWS's ranges for 3 shards (a real DescribeStream): ...484 | ...485-...969 | ...970-2^128-1
  const cases: [string, string][] = [
    ["0", "shardId-000000000000"],
    ["113427455640312821154458202477256070484", "shardId-000000000000"],
    ["113427455640312821154458202477256070485", "shardId-000000000001"],
    ["226854911280625642308916404954512140969", "shardId-000000000001"],
    ["226854911280625642308916404954512140970", "shardId-000000000002"],
    [LAST_HASH_KEY, "shardId-000000000002"],
  ];
  for (const [key, shard] of cases) {
    const out = await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "ignored", Data: Buffer.from(key), ExplicitHashKey: key }));
    assert.is(out.ShardId, shard, `hash key ${key}`);
  }
});

putBeh("the partition key's MD5 picks the shard", async () => {
  const name = await stream(4);
  const shards = (await h2.send(new ListShardsCommand({ StreamName: name }))).Shards!;
  for (const pk of ["a", "b", "device-17", "ünïcødé", "x".repeat(256)]) {
    const h = md5Key(pk);
    const expected = shards.find((s) => BigInt(s.HashKeyRange!.StartingHashKey!) <= h && h <= BigInt(s.HashKeyRange!.EndingHashKey!))!;
    const out = await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: pk, Data: Buffer.from(pk) }));
    assert.is(out.ShardId, expected.ShardId, pk);
  }
});

putBeh("sequence numbers grow strictly within a shard and are read back in that order", async () => {
  const name = await stream();
  const seqs: bigint[] = [];
  for (let i = 0; i < 20; i++) {
    const out = await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: `k${i}`, Data: Buffer.from(String(i)) }));
    seqs.push(BigInt(out.SequenceNumber!));
  }
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] > seqs[i - 1]);
  const records = await readAll(name);
  assert.equal(records.map((r) => utf8(r.Data)), seqs.map((_, i) => String(i)));
  assert.equal(records.map((r) => BigInt(r.SequenceNumber!)), seqs);
});

putBeh("a stream named by its ARN (from DescribeStreamSummary)", async () => {
  const name = await stream();
  const arn = (await h2.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.StreamARN!;
  assert.is(arn, `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`);
  await h2.send(new PutRecordCommand({ StreamARN: arn, PartitionKey: "k", Data: Buffer.from("by-arn") }));
  assert.is(utf8((await readAll(name))[0].Data), "by-arn");
});

putBeh("an empty blob is a record too", async () => {
  const name = await stream();
  await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: new Uint8Array() }));
  const records = await readAll(name);
  assert.is(records.length, 1);
  assert.is(records[0].Data!.length, 0);
});

putBeh.run();

// ---------------------------------------------------------------------------------------
const putsSer = suite("PutRecords: serialization");

putsSer("raw JSON: the answer lists each entry in request order with FailedRecordCount 0", async () => {
  const name = await stream(2);
  const entries = [0, 1, 2, 3].map((i) => ({ PartitionKey: `pk-${i}`, Data: Buffer.from(`r${i}`).toString("base64") }));
  const a = await raw(port, "PutRecords", { StreamName: name, Records: entries });
  assert.is(a.status, 200, a.text);
  assert.is(a.json.FailedRecordCount, 0);
  const results = a.json.Records as { ShardId: string; SequenceNumber: string }[];
  assert.is(results.length, 4);
  for (const r of results) {
    assert.match(r.ShardId, /^shardId-00000000000[01]$/);
    assert.match(r.SequenceNumber, /^\d{56}$/);
  }
});

putsSer("the SDK over both transports decodes every entry", async () => {
  const name = await stream(2);
  for (const c of [h1, h2]) {
    const out = await c.send(new PutRecordsCommand({ StreamName: name, Records: [{ PartitionKey: "a", Data: Buffer.from("1") }, { PartitionKey: "b", Data: Buffer.from("2") }] }));
    assert.is(out.FailedRecordCount, 0);
    assert.is(out.Records!.length, 2);
    assert.ok(out.Records!.every((r) => r.SequenceNumber && r.ShardId && !r.ErrorCode));
  }
});

putsSer.run();

// ---------------------------------------------------------------------------------------
const putsVal = suite("PutRecords: validation");

putsVal("more than 500 entries: ValidationException from the model", async () => {
  const name = await stream();
  const records = Array.from({ length: 501 }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.from("x") }));
  await fails(h2.send(new PutRecordsCommand({ StreamName: name, Records: records })), "ValidationException", /Member must have length less than or equal to 500/);
});

putsVal("more than 5 MiB of data and keys: InvalidArgumentException with AWS's text; exactly 5 MiB passes", async () => {
  const name = await stream();
  const over = Array.from({ length: 5 }, () => ({ PartitionKey: "key", Data: Buffer.alloc(MiB - 2) }));
  await fails(h2.send(new PutRecordsCommand({ StreamName: name, Records: over })), "InvalidArgumentException", "Records size exceeds 5 MB limit");
  assert.is((await readAll(name)).length, 0, "nothing was written");
  const exact = Array.from({ length: 5 }, () => ({ PartitionKey: "key", Data: Buffer.alloc(MiB - 3) }));
  const out = await h2.send(new PutRecordsCommand({ StreamName: name, Records: exact }));
  assert.is(out.FailedRecordCount, 0);
});

putsVal("one malformed ExplicitHashKey fails the whole request, writing nothing", async () => {
  const name = await stream();
  const key = (1n << 128n).toString();
  await fails(
    h2.send(new PutRecordsCommand({ StreamName: name, Records: [{ PartitionKey: "a", Data: Buffer.from("1") }, { PartitionKey: "b", Data: Buffer.from("2"), ExplicitHashKey: key }] })),
    "InvalidArgumentException",
    `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${key}`,
  );
  assert.is((await readAll(name)).length, 0);
});

putsVal("an entry over 1 MiB (data plus key) fails the request", async () => {
  const name = await stream();
  await fails(h2.send(new PutRecordsCommand({ StreamName: name, Records: [{ PartitionKey: "ab", Data: Buffer.alloc(MiB - 1) }] })), "InvalidArgumentException");
});

putsVal("an unknown stream", async () => {
  await fails(h2.send(new PutRecordsCommand({ StreamName: "nope", Records: [{ PartitionKey: "a", Data: Buffer.from("1") }] })), "ResourceNotFoundException", `Stream nope under account ${ACCOUNT} not found.`);
});

putsVal.run();

// ---------------------------------------------------------------------------------------
const putsBeh = suite("PutRecords: behaviour");

putsBeh("entries keep request order per shard; ExplicitHashKey routes each entry", async () => {
  const name = await stream(2);
  const records = Array.from({ length: 100 }, (_, i) => ({ PartitionKey: "same", Data: Buffer.from(String(i)), ExplicitHashKey: i % 2 ? LAST_HASH_KEY : "0" }));
  const out = await h2.send(new PutRecordsCommand({ StreamName: name, Records: records }));
  assert.is(out.FailedRecordCount, 0);
  out.Records!.forEach((r, i) => assert.is(r.ShardId, i % 2 ? "shardId-000000000001" : "shardId-000000000000"));
  const even = (await readAll(name, "shardId-000000000000")).map((r) => Number(utf8(r.Data)));
  const odd = (await readAll(name, "shardId-000000000001")).map((r) => Number(utf8(r.Data)));
  assert.equal(even, records.map((_, i) => i).filter((i) => i % 2 === 0));
  assert.equal(odd, records.map((_, i) => i).filter((i) => i % 2 === 1));
});

putsBeh("with throughput limits: entries over a shard's 1000 records/s fail in place, the others land", async () => {
  const limited = await setup({ options: { "kinesis-throughput-limits": true } });
  try {
    limited.emu.clock.freeze();
    await limited.h2.send(new CreateStreamCommand({ StreamName: "hot", ShardCount: 2 }));
    const to = (shard: 0 | 1, i: number) => ({ PartitionKey: "p", Data: Buffer.from(String(i)), ExplicitHashKey: shard ? LAST_HASH_KEY : "0" });
    const first = await limited.h2.send(new PutRecordsCommand({ StreamName: "hot", Records: Array.from({ length: 500 }, (_, i) => to(0, i)) }));
    const second = await limited.h2.send(new PutRecordsCommand({ StreamName: "hot", Records: Array.from({ length: 499 }, (_, i) => to(0, 500 + i)) }));
    assert.is(first.FailedRecordCount, 0);
    assert.is(second.FailedRecordCount, 0);
    // shard 0 has room for one more record in this second; shard 1 has plenty
    const third = await limited.h2.send(new PutRecordsCommand({ StreamName: "hot", Records: [to(0, 999), to(0, 1000), to(1, 0), to(0, 1001)] }));
    assert.is(third.FailedRecordCount, 2);
    const [a, b, c, d] = third.Records!;
    assert.ok(a.SequenceNumber && a.ShardId === "shardId-000000000000" && !a.ErrorCode);
    assert.is(b.ErrorCode, "ProvisionedThroughputExceededException");
    assert.is(b.ErrorMessage, `Rate exceeded for shard shardId-000000000000 in stream hot under account ${ACCOUNT}.`);
    assert.is(b.SequenceNumber, undefined);
    assert.ok(c.SequenceNumber && c.ShardId === "shardId-000000000001");
    assert.is(d.ErrorCode, "ProvisionedThroughputExceededException");
    // a second later the shard takes writes again; PutRecord fails as a whole while spent
    await fails(limited.h2.send(new PutRecordCommand({ StreamName: "hot", PartitionKey: "p", Data: Buffer.from("x"), ExplicitHashKey: "0" })), "ProvisionedThroughputExceededException");
    limited.emu.clock.advance(1000);
    const fourth = await limited.h2.send(new PutRecordsCommand({ StreamName: "hot", Records: [to(0, 1002)] }));
    assert.is(fourth.FailedRecordCount, 0);
    const it = (await limited.h2.send(new GetShardIteratorCommand({ StreamName: "hot", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
    const got = (await limited.h2.send(new GetRecordsCommand({ ShardIterator: it }))).Records!.map((r) => Number(utf8(r.Data)));
    assert.equal(got, [...Array.from({ length: 1000 }, (_, i) => i), 1002], "failed entries were not written");
  } finally {
    await limited.close();
  }
});

putsBeh("an encrypted stream says so in PutRecord, PutRecords and GetRecords answers", async () => {
  const name = await stream();
  try {
    await h2.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: "KMS", KeyId: "alias/aws/kinesis" }));
  } catch (e) {
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 501) return console.log("skipped: StartStreamEncryption is not implemented yet (the other group's operation)");
    throw e;
  }
  const one = await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("x") }));
  assert.is(one.EncryptionType, "KMS");
  const many = await h2.send(new PutRecordsCommand({ StreamName: name, Records: [{ PartitionKey: "k", Data: Buffer.from("y") }] }));
  assert.is(many.EncryptionType, "KMS");
  const records = await readAll(name);
  assert.ok(records.length >= 2);
  assert.ok(records.every((r) => r.EncryptionType === "KMS"));
});

putsBeh.run();

// ---------------------------------------------------------------------------------------
const itSer = suite("GetShardIterator: serialization");

itSer("raw JSON: an opaque iterator string that GetRecords takes", async () => {
  const name = await stream();
  await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("x") }));
  const a = await raw(port, "GetShardIterator", { StreamName: name, ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" });
  assert.is(a.status, 200, a.text);
  const iterator = a.json.ShardIterator as string;
  assert.type(iterator, "string");
  assert.ok(iterator.length >= 1 && iterator.length <= 512, "fits the model's 512 characters");
  const b = await raw(port, "GetRecords", { ShardIterator: iterator });
  assert.is(b.status, 200, b.text);
  assert.is((b.json.Records as unknown[]).length, 1);
});

itSer("the SDK over both transports; AT_TIMESTAMP's Timestamp travels as a date", async () => {
  const name = await stream();
  for (const c of [h1, h2]) {
    const out = await c.send(new GetShardIteratorCommand({ StreamName: name, ShardId: "shardId-000000000000", ShardIteratorType: "AT_TIMESTAMP", Timestamp: new Date(Date.now() - 60_000) }));
    assert.type(out.ShardIterator, "string");
  }
});

itSer.run();

// ---------------------------------------------------------------------------------------
const itVal = suite("GetShardIterator: validation");

itVal("shards that do not exist, named as AWS names them", async () => {
  const name = await stream();
  await fails(
    h2.send(new GetShardIteratorCommand({ StreamName: name, ShardId: "shardId-000000000009", ShardIteratorType: "LATEST" })),
    "ResourceNotFoundException",
    `Shard shardId-000000000009 in stream ${name} under account ${ACCOUNT} does not exist`,
  );
  await fails(
    h2.send(new GetShardIteratorCommand({ StreamName: name, ShardId: "ABKLFD8", ShardIteratorType: "LATEST" })),
    "ResourceNotFoundException",
    `Could not find shard ABKLFD8 in stream ${name} under account ${ACCOUNT}.`,
  );
  await fails(
    h2.send(new GetShardIteratorCommand({ StreamName: "nope", ShardId: "shardId-000000000000", ShardIteratorType: "LATEST" })),
    "ResourceNotFoundException",
    `Shard shardId-000000000000 in stream nope under account ${ACCOUNT} does not exist`,
  );
});

itVal("iterator types and StartingSequenceNumber must agree", async () => {
  const name = await stream();
  const base = { StreamName: name, ShardId: "shardId-000000000000" };
  const both = "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified";
  await fails(h2.send(new GetShardIteratorCommand({ ...base, ShardIteratorType: "AT_SEQUENCE_NUMBER" })), "InvalidArgumentException", `${both} AT_SEQUENCE_NUMBER and no StartingSequenceNumber.`);
  await fails(h2.send(new GetShardIteratorCommand({ ...base, ShardIteratorType: "AFTER_SEQUENCE_NUMBER" })), "InvalidArgumentException", `${both} AFTER_SEQUENCE_NUMBER and no StartingSequenceNumber.`);
  await fails(h2.send(new GetShardIteratorCommand({ ...base, ShardIteratorType: "LATEST", StartingSequenceNumber: "5" })), "InvalidArgumentException", `${both} LATEST and also a StartingSequenceNumber.`);
  await fails(h2.send(new GetShardIteratorCommand({ ...base, ShardIteratorType: "TRIM_HORIZON", StartingSequenceNumber: "5" })), "InvalidArgumentException", `${both} TRIM_HORIZON and also a StartingSequenceNumber.`);
});

itVal("sequence numbers from nowhere, or from another shard", async () => {
  const name = await stream(2);
  await fails(
    h2.send(new GetShardIteratorCommand({ StreamName: name, ShardId: "shardId-000000000000", ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: "5" })),
    "InvalidArgumentException",
    `StartingSequenceNumber 5 used in GetShardIterator on shard shardId-000000000000 in stream ${name} under account ${ACCOUNT} is invalid.`,
  );
  const other = await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("x"), ExplicitHashKey: LAST_HASH_KEY }));
  assert.is(other.ShardId, "shardId-000000000001");
  await fails(
    h2.send(new GetShardIteratorCommand({ StreamName: name, ShardId: "shardId-000000000000", ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: other.SequenceNumber })),
    "InvalidArgumentException",
    "Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used in a call to a shard with shardId-000000000000",
  );
});

itVal("AT_TIMESTAMP needs a timestamp, and not one in the future", async () => {
  const name = await stream();
  const base = { StreamName: name, ShardId: "shardId-000000000000", ShardIteratorType: "AT_TIMESTAMP" as const };
  await fails(h2.send(new GetShardIteratorCommand(base)), "InvalidArgumentException", "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.");
  await fails(
    h2.send(new GetShardIteratorCommand({ ...base, Timestamp: new Date(Date.now() + 3_600_000) })),
    "InvalidArgumentException",
    /^The timestampInMillis parameter cannot be greater than the currentTimestampInMillis\. timestampInMillis: \d+, currentTimestampInMillis: \d+$/,
  );
});

itVal("an unknown ShardIteratorType is refused by the model", async () => {
  const name = await stream();
  const a = await raw(port, "GetShardIterator", { StreamName: name, ShardId: "shardId-000000000000", ShardIteratorType: "OLDEST" });
  assert.is(a.status, 400);
  assert.is(a.json.__type, "ValidationException");
});

itVal.run();

// ---------------------------------------------------------------------------------------
const itBeh = suite("GetShardIterator: behaviour");

itBeh("the five iterator types start where they say", async () => {
  const name = await stream();
  const seqs: string[] = [];
  for (const v of ["a", "b", "c"]) seqs.push((await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from(v) }))).SequenceNumber!);
  const base = { StreamName: name, ShardId: "shardId-000000000000" };
  const read = async (p: Omit<ConstructorParameters<typeof GetShardIteratorCommand>[0], "StreamName" | "ShardId">) => {
    const it = (await h2.send(new GetShardIteratorCommand({ ...base, ...p }))).ShardIterator;
    return (await h2.send(new GetRecordsCommand({ ShardIterator: it }))).Records!.map((r) => utf8(r.Data));
  };
  assert.equal(await read({ ShardIteratorType: "TRIM_HORIZON" }), ["a", "b", "c"]);
  assert.equal(await read({ ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: seqs[1] }), ["b", "c"]);
  assert.equal(await read({ ShardIteratorType: "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber: seqs[1] }), ["c"]);
  assert.equal(await read({ ShardIteratorType: "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber: seqs[2] }), []);
  assert.equal(await read({ ShardIteratorType: "AT_TIMESTAMP", Timestamp: new Date(0) }), ["a", "b", "c"]);
  const latest = (await h2.send(new GetShardIteratorCommand({ ...base, ShardIteratorType: "LATEST" }))).ShardIterator;
  await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("d") }));
  assert.equal((await h2.send(new GetRecordsCommand({ ShardIterator: latest }))).Records!.map((r) => utf8(r.Data)), ["d"], "LATEST sees only what comes after it");
});

itBeh("AT_TIMESTAMP starts at the first record that arrived at or after the time", async () => {
  const name = await stream();
  await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("old") }));
  ctx.emu.clock.advance(5_000);
  await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("new") }));
  const records = await readAll(name);
  const newArrival = records[1].ApproximateArrivalTimestamp!;
  assert.ok(newArrival.getTime() - records[0].ApproximateArrivalTimestamp!.getTime() >= 5_000, "arrival times follow the emulator's clock");
  const it = (await h2.send(new GetShardIteratorCommand({ StreamName: name, ShardId: "shardId-000000000000", ShardIteratorType: "AT_TIMESTAMP", Timestamp: newArrival }))).ShardIterator;
  assert.equal((await h2.send(new GetRecordsCommand({ ShardIterator: it }))).Records!.map((r) => utf8(r.Data)), ["new"]);
});

itBeh("shard ids as AWS reads them: 'shard-1', '1' and the full id name the same shard", async () => {
  const name = await stream(2);
  await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("x"), ExplicitHashKey: LAST_HASH_KEY }));
  for (const id of ["shardId-000000000001", "shard-1", "1"]) {
    const it = (await h2.send(new GetShardIteratorCommand({ StreamName: name, ShardId: id, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
    assert.is((await h2.send(new GetRecordsCommand({ ShardIterator: it }))).Records!.length, 1, id);
  }
});

itBeh.run();

// ---------------------------------------------------------------------------------------
const grSer = suite("GetRecords: serialization");

grSer("raw JSON: Data in base64, ApproximateArrivalTimestamp in epoch seconds, MillisBehindLatest a number", async () => {
  const name = await stream();
  await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "pk", Data: Buffer.from("payload") }));
  const it = await trimHorizon(name);
  const before = ctx.emu.clock.now();
  const a = await raw(port, "GetRecords", { ShardIterator: it, Limit: 5 });
  assert.is(a.status, 200, a.text);
  const [r] = a.json.Records as Record<string, unknown>[];
  assert.is(r.Data, Buffer.from("payload").toString("base64"));
  assert.is(r.PartitionKey, "pk");
  assert.type(r.ApproximateArrivalTimestamp, "number");
  assert.ok(Math.abs((r.ApproximateArrivalTimestamp as number) * 1000 - before) < 60_000, "seconds since the epoch");
  assert.type(a.json.MillisBehindLatest, "number");
  assert.type(a.json.NextShardIterator, "string");
  assert.not.ok("ChildShards" in a.json, "an open shard lists no children");
});

grSer("the SDK over both transports: Uint8Array data and Date arrival times", async () => {
  const name = await stream();
  await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "pk", Data: Buffer.from("x") }));
  for (const c of [h1, h2]) {
    const out = await c.send(new GetRecordsCommand({ ShardIterator: await trimHorizon(name, undefined, c) }));
    assert.ok(out.Records![0].Data instanceof Uint8Array);
    assert.ok(out.Records![0].ApproximateArrivalTimestamp instanceof Date);
    assert.is(out.MillisBehindLatest, 0);
  }
});

grSer.run();

// ---------------------------------------------------------------------------------------
const grVal = suite("GetRecords: validation");

grVal("an iterator the service never made: InvalidArgumentException 'Invalid ShardIterator.'", async () => {
  await fails(h2.send(new GetRecordsCommand({ ShardIterator: "not-an-iterator" })), "InvalidArgumentException", "Invalid ShardIterator.");
  await fails(h2.send(new GetRecordsCommand({ ShardIterator: Buffer.from('{"hello":1}').toString("base64") })), "InvalidArgumentException", "Invalid ShardIterator.");
});

grVal("Limit is 1..10000 (the model)", async () => {
  const name = await stream();
  const it = await trimHorizon(name);
  await fails(h2.send(new GetRecordsCommand({ ShardIterator: it, Limit: 0 })), "ValidationException", /Member must have value greater than or equal to 1/);
  await fails(h2.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10001 })), "ValidationException", /Member must have value less than or equal to 10000/);
});

grVal("an iterator of a deleted stream: the shard does not exist", async () => {
  const name = await stream();
  const it = await trimHorizon(name);
  await h2.send(new DeleteStreamCommand({ StreamName: name }));
  await fails(h2.send(new GetRecordsCommand({ ShardIterator: it })), "ResourceNotFoundException", `Shard shardId-000000000000 in stream ${name} under account ${ACCOUNT} does not exist`);
});

grVal.run();

// ---------------------------------------------------------------------------------------
const grBeh = suite("GetRecords: behaviour");

grBeh("Limit pages through a shard; NextShardIterator goes on where the page ended", async () => {
  const name = await stream();
  await h2.send(new PutRecordsCommand({ StreamName: name, Records: Array.from({ length: 25 }, (_, i) => ({ PartitionKey: "k", Data: Buffer.from(String(i)) })) }));
  let it: string | undefined = await trimHorizon(name);
  const pages: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const out: GetRecordsCommandOutput = await h2.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10 }));
    pages.push(out.Records!.map((r) => Number(utf8(r.Data))));
    it = out.NextShardIterator;
    assert.type(it, "string", "an open shard always gives a next iterator");
  }
  assert.equal(pages.map((p) => p.length), [10, 10, 5, 0]);
  assert.equal(pages.flat(), Array.from({ length: 25 }, (_, i) => i));
});

grBeh("MillisBehindLatest: how far behind the tip the reader is, by the emulator's clock", async () => {
  const name = await stream();
  await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("1") }));
  ctx.emu.clock.advance(60_000);
  await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("2") }));
  const first = await h2.send(new GetRecordsCommand({ ShardIterator: await trimHorizon(name), Limit: 1 }));
  assert.ok(first.MillisBehindLatest! >= 0 && first.MillisBehindLatest! < 60_000 + 5_000);
  const last = await h2.send(new GetRecordsCommand({ ShardIterator: first.NextShardIterator, Limit: 1 }));
  assert.is(utf8(last.Records![0].Data), "2");
  assert.is(last.MillisBehindLatest, 0, "caught up");
});

grBeh("a page stops before 10 MiB; the rest comes on the next page", async () => {
  const name = await stream();
  const big = Buffer.alloc(MiB - 16, 7);
  for (let batch = 0; batch < 3; batch++) {
    await h2.send(new PutRecordsCommand({ StreamName: name, Records: Array.from({ length: 4 }, (_, i) => ({ PartitionKey: `k${batch * 4 + i}`, Data: big })) }));
  }
  const first = await h2.send(new GetRecordsCommand({ ShardIterator: await trimHorizon(name) }));
  const bytes = first.Records!.reduce((n, r) => n + r.Data!.length + r.PartitionKey!.length, 0);
  assert.ok(bytes <= 10 * MiB, `page of ${bytes} bytes`);
  assert.ok(first.Records!.length >= 9 && first.Records!.length < 12);
  const second = await h2.send(new GetRecordsCommand({ ShardIterator: first.NextShardIterator }));
  assert.is(first.Records!.length + second.Records!.length, 12);
});

grBeh("the end of a closed shard: no NextShardIterator, ChildShards listed; before it, the reverse", async () => {
  const name = await stream(2);
  await h2.send(new PutRecordsCommand({ StreamName: name, Records: Array.from({ length: 3 }, (_, i) => ({ PartitionKey: "k", Data: Buffer.from(String(i)), ExplicitHashKey: "0" })) }));
  await h2.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: "shardId-000000000000", AdjacentShardToMerge: "shardId-000000000001" }));
  const first = await h2.send(new GetRecordsCommand({ ShardIterator: await trimHorizon(name), Limit: 2 }));
  assert.is(first.Records!.length, 2);
  assert.type(first.NextShardIterator, "string");
  assert.ok(!first.ChildShards || first.ChildShards.length === 0);
  const last = await h2.send(new GetRecordsCommand({ ShardIterator: first.NextShardIterator, Limit: 2 }));
  assert.equal(last.Records!.map((r) => utf8(r.Data)), ["2"]);
  assert.is(last.NextShardIterator, undefined);
  assert.equal(last.ChildShards, [
    { ShardId: "shardId-000000000002", ParentShards: ["shardId-000000000000", "shardId-000000000001"], HashKeyRange: { StartingHashKey: "0", EndingHashKey: LAST_HASH_KEY } },
  ]);
  // the empty parent ends at once
  const other = await h2.send(new GetRecordsCommand({ ShardIterator: await trimHorizon(name, "shardId-000000000001") }));
  assert.is(other.Records!.length, 0);
  assert.is(other.NextShardIterator, undefined);
  assert.is(other.ChildShards![0].ShardId, "shardId-000000000002");
});

grBeh("a split: writes after it go to the children, never to the closed parent", async () => {
  const name = await stream();
  await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("before"), ExplicitHashKey: "5" }));
  await h2.send(new SplitShardCommand({ StreamName: name, ShardToSplit: "shardId-000000000000", NewStartingHashKey: (1n << 127n).toString() }));
  const low = await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("low"), ExplicitHashKey: "5" }));
  const high = await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("high"), ExplicitHashKey: LAST_HASH_KEY }));
  assert.is(low.ShardId, "shardId-000000000001");
  assert.is(high.ShardId, "shardId-000000000002");
  assert.equal((await readAll(name)).map((r) => utf8(r.Data)), ["before"]);
  assert.equal((await readAll(name, "shardId-000000000001")).map((r) => utf8(r.Data)), ["low"]);
});

grBeh.run();

const end = suite("teardown");
end.after(async () => {
  await ctx.close();
});
end("the emulator stops", () => {});
end.run();

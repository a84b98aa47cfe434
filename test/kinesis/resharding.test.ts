// test-timeout: 240
// Kinesis resharding through @aws-sdk/client-kinesis and raw awsJson: SplitShard,
// MergeShards, UpdateShardCount — each in three blocks (serialization, validation,
// behaviour) — and an IoT-style reader that follows the shard lineage with GetRecords
// (Limit 10) across a split, a merge and uniform scaling, losing and repeating nothing.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  CreateStreamCommand,
  DescribeStreamCommand,
  ListShardsCommand,
  MergeShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  SplitShardCommand,
  UpdateShardCountCommand,
  type Shard,
} from "@aws-sdk/client-kinesis";
import { LAST_HASH_KEY, fails, raw, readLineage, setup, utf8 } from "./lineage-support.ts";

const ctx = await setup();
const small = await setup({ options: { "kinesis-shard-limit": 4 } });
const { h1, h2, port } = ctx;
const ACCOUNT = "000000000000";
const SPACE = 1n << 128n;

let n = 0;
async function stream(shards = 1): Promise<string> {
  const name = `rs-${++n}`;
  await h2.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  return name;
}
const sid = (i: number) => `shardId-${String(i).padStart(12, "0")}`;
const listAll = async (name: string) => (await h2.send(new ListShardsCommand({ StreamName: name }))).Shards!;
const range = (s: Shard) => [s.HashKeyRange!.StartingHashKey, s.HashKeyRange!.EndingHashKey];
const isOpen = (s: Shard) => s.SequenceNumberRange!.EndingSequenceNumber === undefined;

// ---------------------------------------------------------------------------------------
const spSer = suite("SplitShard: serialization");

spSer("raw JSON: an empty 200; the SDK over both transports", async () => {
  const name = await stream();
  const a = await raw(port, "SplitShard", { StreamName: name, ShardToSplit: sid(0), NewStartingHashKey: (SPACE / 2n).toString() });
  assert.is(a.status, 200, a.text);
  await h1.send(new SplitShardCommand({ StreamName: name, ShardToSplit: sid(1), NewStartingHashKey: (SPACE / 4n).toString() }));
  await h2.send(new SplitShardCommand({ StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`, ShardToSplit: sid(2), NewStartingHashKey: ((SPACE * 3n) / 4n).toString() }));
  assert.is((await listAll(name)).filter(isOpen).length, 4);
});

spSer.run();

const spVal = suite("SplitShard: validation");

spVal("NewStartingHashKey must be above the shard's start plus one and below its end (AWS's text)", async () => {
  const name = await stream(3);
  const end0 = "113427455640312821154458202477256070484";
  const text = (key: string, shard: string, start: string, end: string) =>
    `NewStartingHashKey ${key} used in SplitShard() on shard ${shard} in stream ${name} under account ${ACCOUNT} is not both greater than one plus the shard's StartingHashKey ${start} and less than the shard's EndingHashKey ${end}.`;
  await fails(h2.send(new SplitShardCommand({ StreamName: name, ShardToSplit: "shard-0", NewStartingHashKey: "1" })), "InvalidArgumentException", text("1", sid(0), "0", end0));
  await fails(h2.send(new SplitShardCommand({ StreamName: name, ShardToSplit: "shard-0", NewStartingHashKey: end0 })), "InvalidArgumentException", text(end0, sid(0), "0", end0));
  await fails(
    h2.send(new SplitShardCommand({ StreamName: name, ShardToSplit: "shard-2", NewStartingHashKey: "999999999999999999999999999999999999999" })),
    "InvalidArgumentException",
    text("999999999999999999999999999999999999999", sid(2), "226854911280625642308916404954512140970", LAST_HASH_KEY),
  );
});

spVal("shards and streams that do not exist", async () => {
  const name = await stream();
  await fails(h2.send(new SplitShardCommand({ StreamName: name, ShardToSplit: "shardId-5", NewStartingHashKey: "1000" })), "ResourceNotFoundException", `Could not find shard ${sid(5)} in stream ${name} under account ${ACCOUNT}.`);
  await fails(h2.send(new SplitShardCommand({ StreamName: name, ShardToSplit: "ABKLFD8", NewStartingHashKey: "1000" })), "ResourceNotFoundException", `Could not find shard ABKLFD8 in stream ${name} under account ${ACCOUNT}.`);
  await fails(h2.send(new SplitShardCommand({ StreamName: "nope", ShardToSplit: sid(0), NewStartingHashKey: "1000" })), "ResourceNotFoundException", `Stream nope under account ${ACCOUNT} not found.`);
});

spVal("a closed shard cannot be split again", async () => {
  const name = await stream();
  await h2.send(new SplitShardCommand({ StreamName: name, ShardToSplit: sid(0), NewStartingHashKey: "1000" }));
  await fails(
    h2.send(new SplitShardCommand({ StreamName: name, ShardToSplit: sid(0), NewStartingHashKey: "2000" })),
    "InvalidArgumentException",
    `Shard ${sid(0)} in stream ${name} under account ${ACCOUNT} has already been merged or split, and thus is not eligible for merging or splitting.`,
  );
});

spVal("a split past the account's shard limit: LimitExceededException with AWS's text", async () => {
  await small.h2.send(new CreateStreamCommand({ StreamName: "full", ShardCount: 4 }));
  await fails(
    small.h2.send(new SplitShardCommand({ StreamName: "full", ShardToSplit: sid(0), NewStartingHashKey: "1000" })),
    "LimitExceededException",
    `This request would exceed the shard limit for the account ${ACCOUNT} in us-east-1. Current shard count for the account: 4. Limit: 4. Number of additional shards that would have resulted from this request: 1. Refer to the AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.`,
  );
});

spVal.run();

const spBeh = suite("SplitShard: behaviour");

spBeh("the smallest split: children [0, 1] and [2, end], each naming the parent, which is closed", async () => {
  const name = await stream();
  await h2.send(new SplitShardCommand({ StreamName: name, ShardToSplit: "anything-0", NewStartingHashKey: "2" }));
  const [p, a, b] = (await h2.send(new DescribeStreamCommand({ StreamName: name }))).StreamDescription!.Shards!;
  assert.equal(range(p), ["0", LAST_HASH_KEY]);
  assert.match(p.SequenceNumberRange!.EndingSequenceNumber!, /^\d{56}$/);
  assert.equal([a.ShardId, a.ParentShardId, ...range(a)], [sid(1), sid(0), "0", "1"]);
  assert.equal([b.ShardId, b.ParentShardId, ...range(b)], [sid(2), sid(0), "2", LAST_HASH_KEY]);
  assert.is(a.AdjacentParentShardId, undefined);
  for (const c of [a, b]) assert.ok(BigInt(c.SequenceNumberRange!.StartingSequenceNumber!) > BigInt(p.SequenceNumberRange!.EndingSequenceNumber!));
  assert.is((await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("x"), ExplicitHashKey: "1" }))).ShardId, sid(1));
  assert.is((await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("x"), ExplicitHashKey: "2" }))).ShardId, sid(2));
});

spBeh.run();

// ---------------------------------------------------------------------------------------
const mgSer = suite("MergeShards: serialization");

mgSer("raw JSON: an empty 200; the SDK over both transports", async () => {
  const name = await stream(4);
  const a = await raw(port, "MergeShards", { StreamName: name, ShardToMerge: sid(0), AdjacentShardToMerge: sid(1) });
  assert.is(a.status, 200, a.text);
  await h1.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: sid(2), AdjacentShardToMerge: sid(3) }));
  await h2.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: sid(4), AdjacentShardToMerge: sid(5) }));
  const open = (await listAll(name)).filter(isOpen);
  assert.equal(open.map(range), [["0", LAST_HASH_KEY]]);
});

mgSer.run();

const mgVal = suite("MergeShards: validation");

mgVal("shards that are not an adjacent pair, in that order (AWS's text)", async () => {
  const name = await stream(3);
  const text = (a: string, b: string) => `Shards ${a} and ${b} in stream ${name} under account ${ACCOUNT} are not an adjacent pair of shards eligible for merging`;
  await fails(h2.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: "x-0", AdjacentShardToMerge: "x-2" })), "InvalidArgumentException", text(sid(0), sid(2)));
  await fails(h2.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: "x-1", AdjacentShardToMerge: "x-0" })), "InvalidArgumentException", text(sid(1), sid(0)));
});

mgVal("unknown shards and streams; closed shards", async () => {
  const name = await stream(2);
  await fails(h2.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: sid(0), AdjacentShardToMerge: "shardId-5" })), "ResourceNotFoundException", `Could not find shard ${sid(5)} in stream ${name} under account ${ACCOUNT}.`);
  await fails(h2.send(new MergeShardsCommand({ StreamName: "nope", ShardToMerge: sid(0), AdjacentShardToMerge: sid(1) })), "ResourceNotFoundException", `Stream nope under account ${ACCOUNT} not found.`);
  await h2.send(new SplitShardCommand({ StreamName: name, ShardToSplit: sid(1), NewStartingHashKey: (SPACE - 1000n).toString() }));
  // shard 0 ends where shard 1 (now closed) began
  await fails(
    h2.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: sid(0), AdjacentShardToMerge: sid(1) })),
    "InvalidArgumentException",
    `Shard ${sid(1)} in stream ${name} under account ${ACCOUNT} has already been merged or split, and thus is not eligible for merging or splitting.`,
  );
});

mgVal.run();

const mgBeh = suite("MergeShards: behaviour");

mgBeh("the child spans both ranges and names both parents; writes go to it", async () => {
  const name = await stream(3);
  await h2.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: sid(1), AdjacentShardToMerge: sid(2) }));
  const shards = await listAll(name);
  const child = shards[3];
  assert.equal([child.ShardId, child.ParentShardId, child.AdjacentParentShardId, ...range(child)], [sid(3), sid(1), sid(2), "113427455640312821154458202477256070485", LAST_HASH_KEY]);
  assert.equal(shards.filter(isOpen).map((s) => s.ShardId), [sid(0), sid(3)]);
  assert.is((await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("x"), ExplicitHashKey: LAST_HASH_KEY }))).ShardId, sid(3));
});

mgBeh.run();

// ---------------------------------------------------------------------------------------
const usSer = suite("UpdateShardCount: serialization");

usSer("raw JSON: StreamName, StreamARN, CurrentShardCount, TargetShardCount; the SDK over both transports", async () => {
  const name = await stream(2);
  const a = await raw(port, "UpdateShardCount", { StreamName: name, TargetShardCount: 3, ScalingType: "UNIFORM_SCALING" });
  assert.is(a.status, 200, a.text);
  assert.equal(a.json, { StreamName: name, StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`, CurrentShardCount: 2, TargetShardCount: 3 });
  const out1 = await h1.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: 4, ScalingType: "UNIFORM_SCALING" }));
  assert.is(out1.CurrentShardCount, 3);
  const out2 = await h2.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: 2, ScalingType: "UNIFORM_SCALING" }));
  assert.equal([out2.CurrentShardCount, out2.TargetShardCount], [4, 2]);
});

usSer.run();

const usVal = suite("UpdateShardCount: validation");

usVal("at most double, at least half the open shards (AWS's texts)", async () => {
  const two = await stream(2);
  await fails(
    h2.send(new UpdateShardCountCommand({ StreamName: two, TargetShardCount: 5, ScalingType: "UNIFORM_SCALING" })),
    "LimitExceededException",
    "UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: 2, Target shard count: 5",
  );
  const six = await stream(6);
  await fails(
    h2.send(new UpdateShardCountCommand({ StreamName: six, TargetShardCount: 2, ScalingType: "UNIFORM_SCALING" })),
    "LimitExceededException",
    "UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: 6, Target shard count: 2",
  );
});

usVal("the account's shard limit, the ScalingType enum, unknown streams", async () => {
  const five = await setup({ options: { "kinesis-shard-limit": 5 } });
  try {
    await five.h2.send(new CreateStreamCommand({ StreamName: "one", ShardCount: 1 }));
    await five.h2.send(new CreateStreamCommand({ StreamName: "two", ShardCount: 2 }));
    await five.h2.send(new UpdateShardCountCommand({ StreamName: "two", TargetShardCount: 4, ScalingType: "UNIFORM_SCALING" }));
    // 1 + 4 open shards: the limit is reached
    await fails(
      five.h2.send(new UpdateShardCountCommand({ StreamName: "one", TargetShardCount: 2, ScalingType: "UNIFORM_SCALING" })),
      "LimitExceededException",
      "Target shard count or number of open shards cannot be greater than 5. Current open shard count: 1, Target shard count: 2",
    );
  } finally {
    await five.close();
  }
  const a = await raw(port, "UpdateShardCount", { StreamName: "x", TargetShardCount: 2, ScalingType: "EXPONENTIAL" });
  assert.is(a.status, 400);
  assert.is(a.json.__type, "ValidationException");
  await fails(h2.send(new UpdateShardCountCommand({ StreamName: "nope", TargetShardCount: 2, ScalingType: "UNIFORM_SCALING" })), "ResourceNotFoundException", `Stream nope under account ${ACCOUNT} not found.`);
});

usVal.run();

const usBeh = suite("UpdateShardCount: behaviour");

/** the even ranges of `count` shards over the hash key space, worked out here */
const even = (count: number) =>
  Array.from({ length: count }, (_, i) => [((SPACE * BigInt(i)) / BigInt(count)).toString(), ((SPACE * BigInt(i + 1)) / BigInt(count) - 1n).toString()]);

for (const [from, to] of [
  [2, 4],
  [4, 2],
  [3, 5],
  [5, 3],
  [1, 2],
  [4, 7],
]) {
  usBeh(`${from} -> ${to}: even open ranges, parents closed, every new shard with at most two parents`, async () => {
    const name = await stream(from);
    await h2.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: to, ScalingType: "UNIFORM_SCALING" }));
    const shards = await listAll(name);
    const open = shards.filter(isOpen).sort((a, b) => (BigInt(a.HashKeyRange!.StartingHashKey!) < BigInt(b.HashKeyRange!.StartingHashKey!) ? -1 : 1));
    assert.equal(open.map(range), even(to));
    const byId = new Map(shards.map((s) => [s.ShardId!, s]));
    for (const s of shards.slice(from)) {
      assert.ok(s.ParentShardId && byId.has(s.ParentShardId), `${s.ShardId} has a parent`);
      assert.not.ok(isOpen(byId.get(s.ParentShardId)!), "the parent is closed");
      if (s.AdjacentParentShardId) assert.not.ok(isOpen(byId.get(s.AdjacentParentShardId)!));
    }
    for (const s of shards.slice(0, from)) assert.not.ok(isOpen(s) && !open.includes(s), "an original shard is either closed or one of the new ranges");
  });
}

usBeh("2 -> 4 and 4 -> 2 as AWS does it: six shards, two and four of them closed", async () => {
  const up = await stream(2);
  await h2.send(new UpdateShardCountCommand({ StreamName: up, TargetShardCount: 4, ScalingType: "UNIFORM_SCALING" }));
  const u = await listAll(up);
  assert.equal([u.length, u.filter((s) => !isOpen(s)).length], [6, 2]);
  const down = await stream(4);
  await h2.send(new UpdateShardCountCommand({ StreamName: down, TargetShardCount: 2, ScalingType: "UNIFORM_SCALING" }));
  const d = await listAll(down);
  assert.equal([d.length, d.filter((s) => !isOpen(s)).length], [6, 4]);
});

usBeh.run();

// ---------------------------------------------------------------------------------------
const iot = suite("an IoT reader loop over resharding (GetRecords, Limit 10, following ChildShards)");

interface Reading {
  device: string;
  n: number;
}

async function produce(name: string, devices: number, from: number, count: number): Promise<void> {
  const records = [];
  for (let i = from; i < from + count; i++) {
    for (let d = 0; d < devices; d++) records.push({ PartitionKey: `device-${d}`, Data: Buffer.from(JSON.stringify({ device: `device-${d}`, n: i })) });
  }
  for (let i = 0; i < records.length; i += 500) {
    const out = await h2.send(new PutRecordsCommand({ StreamName: name, Records: records.slice(i, i + 500) }));
    assert.is(out.FailedRecordCount, 0);
  }
}

/** every reading exactly once, each device's readings in the order they were sent */
function check(result: Awaited<ReturnType<typeof readLineage>>, devices: number, perDevice: number): void {
  const seen = new Map<string, number[]>();
  const seqs = new Set<string>();
  for (const records of result.byShard.values()) {
    for (const r of records) {
      assert.not.ok(seqs.has(r.SequenceNumber!), `sequence number ${r.SequenceNumber} read twice`);
      seqs.add(r.SequenceNumber!);
    }
  }
  // a device's records, in the order the reader met them (shards in lineage order)
  for (const shardId of result.order) {
    for (const r of result.byShard.get(shardId)!) {
      const reading = JSON.parse(utf8(r.Data)) as Reading;
      assert.is(r.PartitionKey, reading.device);
      let list = seen.get(reading.device);
      if (!list) seen.set(reading.device, (list = []));
      list.push(reading.n);
    }
  }
  assert.is(seen.size, devices);
  for (const [device, ns] of seen) assert.equal(ns, Array.from({ length: perDevice }, (_, i) => i), `${device}: every reading once, in order`);
}

iot("a split, then a merge of its children, with writes before, between and after", async () => {
  const name = await stream(2);
  await produce(name, 20, 0, 10);
  await h2.send(new SplitShardCommand({ StreamName: name, ShardToSplit: sid(0), NewStartingHashKey: (SPACE / 4n).toString() }));
  await produce(name, 20, 10, 10);
  await h2.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: sid(2), AdjacentShardToMerge: sid(3) }));
  await produce(name, 20, 20, 10);
  const result = await readLineage(h2, name, 10);
  check(result, 20, 30);
  assert.equal(result.order.slice().sort(), [0, 1, 2, 3, 4].map(sid), "every shard of the lineage was read");
  assert.ok(result.order.indexOf(sid(4)) > Math.max(result.order.indexOf(sid(2)), result.order.indexOf(sid(3))), "the merged child after both parents");
  assert.ok(result.calls > 600 / 10, "pages of at most 10 records");
});

iot("uniform scaling up and down (2 -> 3 -> 5 -> 3), over HTTP/1.1", async () => {
  const name = await stream(2);
  let sent = 0;
  for (const target of [3, 5, 3]) {
    await produce(name, 12, sent, 5);
    sent += 5;
    await h1.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: target, ScalingType: "UNIFORM_SCALING" }));
  }
  await produce(name, 12, sent, 5);
  sent += 5;
  check(await readLineage(h1, name, 10), 12, sent);
});

iot.run();

const end = suite("teardown");
end.after(async () => {
  await ctx.close();
  await small.close();
});
end("the emulators stop", () => {});
end.run();

// test-timeout: 300
// Whole Kinesis flows as users run them: the quick start with curl-like raw HTTP and the
// real curl, the JS SDK and boto3 (a child python process); the same core flows in CBOR as the Java SDK and the
// KCL send them (cbor-x, timestamps as tag 1 around epoch milliseconds); 8 concurrent
// producers writing 20,000 records each into 4 shards, read back whole and in order; and
// retention through POST /_emu/clock.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Tag } from "cbor-x";
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
  CreateStreamCommand,
  DeleteStreamCommand,
} from "@aws-sdk/client-kinesis";
import { execFile } from "node:child_process";
import { runScript } from "../support/child.ts";
import { CBOR, cborBody, decodeCbor, postCbor } from "../support/cbor-roundtrip.ts";
import { send } from "../support/http.ts";
import { LAST_HASH_KEY, raw, setup, utf8 } from "./lineage-support.ts";

const ctx = await setup();
const { h1, h2, port, emu } = ctx;
const ROOT = new URL("../..", import.meta.url).pathname;

// ---------------------------------------------------------------------------------------
const quick = suite("the quick start");

const EVENTS = [
  { type: "signup", user: "ana" },
  { type: "login", user: "ana" },
  { type: "purchase", user: "ben", amount: 12.5 },
];

quick("curl-like raw HTTP: CreateStream, then PutRecord with base64 Data", async () => {
  const created = await send(port, {
    method: "POST",
    path: "/",
    headers: { "X-Amz-Target": "Kinesis_20131202.CreateStream", "Content-Type": "application/x-amz-json-1.1" },
    body: '{"StreamName": "events", "ShardCount": 1}',
  });
  assert.is(created.status, 200, created.body);
  assert.ok(created.headers["x-amzn-requestid"], "a request id");
  const put = await raw(port, "PutRecord", { StreamName: "events", PartitionKey: "ana", Data: Buffer.from(JSON.stringify(EVENTS[0])).toString("base64") });
  assert.is(put.status, 200, put.text);
  assert.is(put.json.ShardId, "shardId-000000000000");
  assert.match(String(put.json.SequenceNumber), /^\d{56}$/);
});

quick("the JS SDK: PutRecords of JSON buffers, then read them back", async () => {
  const out = await h2.send(
    new PutRecordsCommand({ StreamName: "events", Records: EVENTS.slice(1).map((e) => ({ PartitionKey: e.user, Data: Buffer.from(JSON.stringify(e)) })) }),
  );
  assert.is(out.FailedRecordCount, 0);
  const it = (await h2.send(new GetShardIteratorCommand({ StreamName: "events", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
  const records = (await h2.send(new GetRecordsCommand({ ShardIterator: it }))).Records!;
  assert.equal(records.map((r) => JSON.parse(utf8(r.Data))), EVENTS);
});

quick("boto3 (child python): describe_stream, get_shard_iterator TRIM_HORIZON, get_records, json.loads", async () => {
  const python = `
import json, sys
try:
    import boto3
except ImportError:
    print("SKIP python3 has no boto3")
    sys.exit(0)
k = boto3.client("kinesis", endpoint_url=sys.argv[1], region_name="us-east-1",
                 aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")
d = k.describe_stream(StreamName="events")["StreamDescription"]
shard = d["Shards"][0]["ShardId"]
it = k.get_shard_iterator(StreamName="events", ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
out = k.get_records(ShardIterator=it, Limit=100)
print("RESULT " + json.dumps({"status": d["StreamStatus"], "shard": shard,
    "events": [json.loads(r["Data"]) for r in out["Records"]],
    "keys": [r["PartitionKey"] for r in out["Records"]],
    "behind": out["MillisBehindLatest"], "next": "NextShardIterator" in out}))
`;
  const script = `
import { spawnSync } from "node:child_process";
const r = spawnSync("python3", ["-c", ${JSON.stringify(python)}, ${JSON.stringify(emu.url)}], {
  encoding: "utf8", timeout: 60000,
  env: { ...process.env, AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null", AWS_MAX_ATTEMPTS: "1", AWS_EC2_METADATA_DISABLED: "true" },
});
if (r.error && r.error.code === "ENOENT") { console.log("SKIP python3 is not installed"); process.exit(0); }
process.stdout.write(r.stdout ?? "");
process.stderr.write(r.stderr ?? "");
process.exit(r.status ?? 1);
`;
  const { code, out } = await runScript(script, ROOT, 90_000);
  const skip = /^SKIP (.*)$/m.exec(out);
  if (skip) return console.log(`skipped: ${skip[1]}`);
  assert.is(code, 0, out);
  const line = /^RESULT (.*)$/m.exec(out);
  assert.ok(line, out);
  const result = JSON.parse(line![1]);
  assert.equal(result, { status: "ACTIVE", shard: "shardId-000000000000", events: EVENTS, keys: ["ana", "ana", "ben"], behind: 0, next: true });
});

quick("POST /_emu/clock: 25 hours later the quick start's records have expired", async () => {
  const moved = await send(port, { path: "/_emu/clock", headers: { "content-type": "application/json" }, body: JSON.stringify({ advance: 25 * 3_600_000 }) });
  assert.is(moved.status, 200, moved.body);
  const it = (await h1.send(new GetShardIteratorCommand({ StreamName: "events", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
  assert.equal((await h1.send(new GetRecordsCommand({ ShardIterator: it }))).Records, []);
});

quick("the real curl, with the quick start's command as its docs print it (port aside), then PutRecord with base64 Data", async () => {
  // a fresh "events": the one above served the SDK and boto3 steps
  await h2.send(new DeleteStreamCommand({ StreamName: "events" }));
  const curl = (target: string, body: string) =>
    new Promise<{ status: number; text: string } | "no curl">((resolve, reject) => {
      execFile(
        "curl",
        ["-sS", "--max-time", "20", "-w", "\n%{http_code}", "-X", "POST", `http://localhost:${port}`, "-H", `X-Amz-Target: Kinesis_20131202.${target}`, "-H", "Content-Type: application/x-amz-json-1.1", "-d", body],
        { timeout: 30_000 },
        (err, stdout) => {
          if (err && (err as NodeJS.ErrnoException).code === "ENOENT") return resolve("no curl");
          if (err) return reject(err);
          const cut = stdout.lastIndexOf("\n");
          resolve({ status: Number(stdout.slice(cut + 1)), text: stdout.slice(0, cut) });
        },
      );
    });
  const created = await curl("CreateStream", '{"StreamName": "events", "ShardCount": 1}');
  if (created === "no curl") return console.log("skipped: curl is not installed");
  assert.is(created.status, 200, created.text);
  const data = Buffer.from(JSON.stringify(EVENTS[0])).toString("base64");
  const put = await curl("PutRecord", `{"StreamName": "events", "PartitionKey": "ana", "Data": "${data}"}`);
  assert.ok(put !== "no curl");
  assert.is(put.status, 200, put.text);
  const answer = JSON.parse(put.text) as { ShardId: string; SequenceNumber: string };
  assert.is(answer.ShardId, "shardId-000000000000");
  assert.match(answer.SequenceNumber, /^\d{56}$/);
  const it = (await h2.send(new GetShardIteratorCommand({ StreamName: "events", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
  const records = (await h2.send(new GetRecordsCommand({ ShardIterator: it }))).Records!;
  assert.equal(records.map((r) => [r.SequenceNumber, JSON.parse(utf8(r.Data))]), [[answer.SequenceNumber, EVENTS[0]]]);
});

quick.run();

// ---------------------------------------------------------------------------------------
const cbor = suite("CBOR (as the Java SDK and the KCL send it)");

type Rec = Record<string, unknown>;
async function call(op: string, input: Rec, style: "definite" | "jackson" = "jackson"): Promise<{ status: number; body: Rec }> {
  const a = await postCbor(emu.url, `Kinesis_20131202.${op}`, cborBody(input, style));
  assert.is(a.headers["content-type"], CBOR, `${op}: content type`);
  return { status: a.status, body: decodeCbor(a.body) as Rec };
}
async function ok(op: string, input: Rec, style: "definite" | "jackson" = "jackson"): Promise<Rec> {
  const a = await call(op, input, style);
  if (a.status !== 200) assert.unreachable(`${op}: HTTP ${a.status} ${JSON.stringify(a.body, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}`);
  return a.body;
}
/** a CBOR timestamp as Java reads it: tag 1 around an integer of epoch milliseconds */
function millis(v: unknown, what: string): number {
  assert.ok(v instanceof Tag, `${what} is a tag`);
  const t = v as Tag;
  assert.is(t.tag, 1, `${what}: tag 1`);
  const n = typeof t.value === "bigint" ? Number(t.value) : (t.value as number);
  assert.ok(Number.isInteger(n), `${what}: an integer, not seconds with a fraction`);
  return n;
}

cbor("create, put (Jackson's indefinite lengths), describe, iterate AT_TIMESTAMP, read", async () => {
  await ok("CreateStream", { StreamName: "java", ShardCount: 2 }, "definite");
  const before = emu.clock.now();
  const put = await ok("PutRecord", { StreamName: "java", PartitionKey: "partition-key-long-enough-to-chunk", Data: new Uint8Array(Buffer.from("hello from java, in chunks")), ExplicitHashKey: "0" });
  const after = emu.clock.now();
  assert.is(put.ShardId, "shardId-000000000000");
  assert.match(String(put.SequenceNumber), /^\d{56}$/);
  const many = await ok("PutRecords", {
    StreamName: "java",
    Records: [1, 2, 3].map((i) => ({ PartitionKey: `k${i}`, Data: new Uint8Array([i, 0, 255]), ExplicitHashKey: "0" })),
  });
  assert.is(many.FailedRecordCount, 0);
  assert.is((many.Records as Rec[]).length, 3);

  const summary = (await ok("DescribeStreamSummary", { StreamName: "java" })).StreamDescriptionSummary as Rec;
  const created = millis(summary.StreamCreationTimestamp, "StreamCreationTimestamp");
  assert.ok(created <= before);
  assert.is(summary.OpenShardCount, 2);

  const it = (await ok("GetShardIterator", { StreamName: "java", ShardId: "shardId-000000000000", ShardIteratorType: "AT_TIMESTAMP", Timestamp: new Date(before) })).ShardIterator;
  assert.type(it, "string");
  const got = await ok("GetRecords", { ShardIterator: it, Limit: 10 });
  const records = got.Records as Rec[];
  assert.is(records.length, 4);
  assert.ok(records[0].Data instanceof Uint8Array, "Data is a byte string");
  assert.is(Buffer.from(records[0].Data as Uint8Array).toString(), "hello from java, in chunks");
  assert.equal([...(records[3].Data as Uint8Array)], [3, 0, 255]);
  const arrival = millis(records[0].ApproximateArrivalTimestamp, "ApproximateArrivalTimestamp");
  assert.ok(arrival >= before && arrival <= after, "the arrival time in milliseconds of the emulator's clock");
  assert.type(got.MillisBehindLatest, "number");
  assert.type(got.NextShardIterator, "string");
});

cbor("AT_TIMESTAMP to the millisecond: tag 1 around epoch ms picks between two records 1 ms apart in one second", async () => {
  emu.clock.freeze();
  try {
    await ok("CreateStream", { StreamName: "java-ms", ShardCount: 1 }, "definite");
    // half past a second, so that both records arrive within the same second
    emu.clock.advance((1500 - (emu.clock.now() % 1000)) % 1000);
    const firstAt = emu.clock.now();
    const first = await ok("PutRecord", { StreamName: "java-ms", PartitionKey: "k", Data: new Uint8Array([1]) });
    emu.clock.advance(1);
    const secondAt = emu.clock.now();
    const second = await ok("PutRecord", { StreamName: "java-ms", PartitionKey: "k", Data: new Uint8Array([2]) });
    assert.is(Math.floor(firstAt / 1000), Math.floor(secondAt / 1000), "one second");
    for (const style of ["jackson", "definite"] as const) {
      const read = async (at: number) => {
        const it = (await ok("GetShardIterator", { StreamName: "java-ms", ShardId: "shardId-000000000000", ShardIteratorType: "AT_TIMESTAMP", Timestamp: new Date(at) }, style)).ShardIterator;
        return (await ok("GetRecords", { ShardIterator: it }, style)).Records as Rec[];
      };
      const fromSecond = await read(secondAt);
      assert.equal(fromSecond.map((r) => r.SequenceNumber), [second.SequenceNumber], `${style}: only the record of that millisecond`);
      assert.is(millis(fromSecond[0].ApproximateArrivalTimestamp, "ApproximateArrivalTimestamp"), secondAt);
      const fromFirst = await read(firstAt);
      assert.equal(fromFirst.map((r) => r.SequenceNumber), [first.SequenceNumber, second.SequenceNumber], `${style}: both`);
      assert.is(millis(fromFirst[0].ApproximateArrivalTimestamp, "ApproximateArrivalTimestamp"), firstAt);
    }
  } finally {
    emu.clock.unfreeze();
  }
});

cbor("errors come back in CBOR with __type and message", async () => {
  const bad = await call("GetRecords", { ShardIterator: "not-an-iterator" });
  assert.is(bad.status, 400);
  assert.is(bad.body.__type, "InvalidArgumentException");
  assert.is(bad.body.message, "Invalid ShardIterator.");
  const missing = await call("DescribeStreamSummary", { StreamName: "nope" }, "definite");
  assert.is(missing.status, 400);
  assert.is(missing.body.__type, "ResourceNotFoundException");
  assert.is(missing.body.message, "Stream nope under account 000000000000 not found.");
});

cbor("a split seen by a CBOR reader: ChildShards at the parent's end, ListShards filters by a tag-1 timestamp", async () => {
  await ok("CreateStream", { StreamName: "kcl", ShardCount: 1 });
  await ok("PutRecord", { StreamName: "kcl", PartitionKey: "a", Data: new Uint8Array([1]) });
  const beforeSplit = emu.clock.now();
  emu.clock.advance(1); // the children start after that millisecond, however fast the split comes
  await ok("SplitShard", { StreamName: "kcl", ShardToSplit: "shardId-000000000000", NewStartingHashKey: (1n << 127n).toString() });
  const it = (await ok("GetShardIterator", { StreamName: "kcl", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" })).ShardIterator;
  const end = await ok("GetRecords", { ShardIterator: it });
  assert.is((end.Records as Rec[]).length, 1);
  assert.not.ok("NextShardIterator" in end && end.NextShardIterator !== null, "no next iterator at the end of a closed shard");
  assert.equal(
    (end.ChildShards as Rec[]).map((c) => [c.ShardId, c.ParentShards]),
    [
      ["shardId-000000000001", ["shardId-000000000000"]],
      ["shardId-000000000002", ["shardId-000000000000"]],
    ],
  );
  const listed = await ok("ListShards", { StreamName: "kcl", ShardFilter: { Type: "AT_TIMESTAMP", Timestamp: new Date(beforeSplit) } });
  assert.equal((listed.Shards as Rec[]).map((s) => s.ShardId), ["shardId-000000000000"]);
  const latest = await ok("ListShards", { StreamName: "kcl", ShardFilter: { Type: "AT_LATEST" } }, "definite");
  const shards = latest.Shards as Rec[];
  assert.equal(shards.map((s) => s.ShardId), ["shardId-000000000001", "shardId-000000000002"]);
  assert.equal((shards[1].HashKeyRange as Rec).EndingHashKey, LAST_HASH_KEY);
});

cbor.run();

// ---------------------------------------------------------------------------------------
const load = suite("8 concurrent producers x 20,000 records into 4 shards");

load("none lost, none repeated, strict order within every shard", async () => {
  await h2.send(new CreateStreamCommand({ StreamName: "load", ShardCount: 4 }));
  const PRODUCERS = 8;
  const PER = 20_000;
  const BATCH = 500;
  /** sequence number -> shard, as PutRecords reported it */
  const placed = new Map<string, string>();
  async function producer(p: number, client: KinesisClient): Promise<void> {
    for (let start = 0; start < PER; start += BATCH) {
      const records = [];
      for (let i = start; i < start + BATCH; i++) records.push({ PartitionKey: `p${p}-key${i % 97}`, Data: Buffer.from(`${p}:${i}`) });
      const out = await client.send(new PutRecordsCommand({ StreamName: "load", Records: records }));
      assert.is(out.FailedRecordCount, 0);
      for (const r of out.Records!) placed.set(r.SequenceNumber!, r.ShardId!);
    }
  }
  // half over HTTP/2 (one session, multiplexed), half over HTTP/1.1
  await Promise.all(Array.from({ length: PRODUCERS }, (_, p) => producer(p, p % 2 ? h1 : h2)));
  assert.is(placed.size, PRODUCERS * PER, "every entry got a sequence number of its own");

  const shards = (await h2.send(new ListShardsCommand({ StreamName: "load" }))).Shards!;
  assert.is(shards.length, 4);
  const seen = new Uint8Array(PRODUCERS * PER);
  let total = 0;
  for (const shard of shards) {
    let it = (await h2.send(new GetShardIteratorCommand({ StreamName: "load", ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
    let lastSeq = -1n;
    const lastOf = new Array<number>(PRODUCERS).fill(-1);
    for (;;) {
      const page = await h2.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10_000 }));
      for (const r of page.Records!) {
        const seq = BigInt(r.SequenceNumber!);
        assert.ok(seq > lastSeq, "sequence numbers grow within a shard");
        lastSeq = seq;
        assert.is(placed.get(r.SequenceNumber!), shard.ShardId, "read from the shard PutRecords named");
        const [p, i] = utf8(r.Data).split(":").map(Number);
        assert.ok(i > lastOf[p], `producer ${p}: ${i} after ${lastOf[p]} in ${shard.ShardId}`);
        lastOf[p] = i;
        assert.is(seen[p * PER + i], 0, `${p}:${i} read twice`);
        seen[p * PER + i] = 1;
        total++;
      }
      if (page.Records!.length === 0 && page.MillisBehindLatest === 0) break;
      it = page.NextShardIterator;
    }
  }
  assert.is(total, PRODUCERS * PER, "none lost");
  assert.ok(shards.every((s) => [...placed.values()].includes(s.ShardId!)), "every shard took records");
});

load.run();

const end = suite("teardown");
end.after(async () => {
  await ctx.close();
});
end("the emulator stops", () => {});
end.run();

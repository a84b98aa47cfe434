// test-timeout: 240
// Kinesis streams through @aws-sdk/client-kinesis (HTTP/1.1 and HTTP/2) and raw awsJson:
// CreateStream, DeleteStream, DescribeStream, DescribeStreamSummary, ListStreams, ListShards,
// Increase/DecreaseStreamRetentionPeriod, UpdateStreamMode, DescribeLimits — each in three
// blocks (serialization, validation, behaviour) — then status transitions with a status
// delay, and retention / iterator / token expiry by moving the emulator's clock (no sleeps).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  CreateStreamCommand,
  DecreaseStreamRetentionPeriodCommand,
  DeleteStreamCommand,
  DescribeLimitsCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  IncreaseStreamRetentionPeriodCommand,
  KinesisClient,
  ListShardsCommand,
  type ListShardsCommandInput,
  ListStreamConsumersCommand,
  ListStreamsCommand,
  MergeShardsCommand,
  PutRecordCommand,
  RegisterStreamConsumerCommand,
  SplitShardCommand,
  SubscribeToShardCommand,
  UpdateShardCountCommand,
  UpdateStreamModeCommand,
} from "@aws-sdk/client-kinesis";
import { Clock } from "../../runtime/clock.ts";
import { clientConfig } from "../support/emulator.ts";
import { LAST_HASH_KEY, fails, raw, setup, utf8 } from "./lineage-support.ts";

// every emulator is started here, before the first suite runs (uvu starts its queue on the
// first run() and a later top-level await would let it start twice)
const ctx = await setup();
const { h1, h2, port } = ctx;
/** statuses last 30 s of a frozen clock */
const slow = await setup({ options: { "kinesis-status-delay-ms": 30_000 }, clock: new Clock({ frozen: true }) });
/** a frozen clock for retention and expiry */
const t = await setup({ clock: new Clock({ frozen: true }) });
const ACCOUNT = "000000000000";
const HOUR = 3_600_000;

let n = 0;
async function stream(shards = 1, client: KinesisClient = h2): Promise<string> {
  const name = `str-${++n}`;
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  return name;
}
/** a client of the same emulator in another region: a state of its own */
function regional(region: string): KinesisClient {
  return new KinesisClient(clientConfig(ctx.emu, { region, requestHandler: undefined }));
}
const ids = (shards: { ShardId?: string }[] | undefined) => (shards ?? []).map((s) => s.ShardId);
const sid = (i: number) => `shardId-${String(i).padStart(12, "0")}`;

// ---------------------------------------------------------------------------------------
const csSer = suite("CreateStream: serialization");

csSer("raw JSON: an empty 200 answer; the SDK over both transports", async () => {
  const a = await raw(port, "CreateStream", { StreamName: "cs-raw", ShardCount: 1 });
  assert.is(a.status, 200, a.text);
  await h1.send(new CreateStreamCommand({ StreamName: "cs-h1", ShardCount: 1 }));
  await h2.send(new CreateStreamCommand({ StreamName: "cs-h2", StreamModeDetails: { StreamMode: "ON_DEMAND" } }));
  for (const name of ["cs-raw", "cs-h1", "cs-h2"]) {
    assert.is((await h2.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.StreamStatus, "ACTIVE");
  }
});

csSer.run();

const csVal = suite("CreateStream: validation");

csVal("a name in use: ResourceInUseException with AWS's text", async () => {
  const name = await stream();
  await fails(h2.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 })), "ResourceInUseException", `Stream ${name} under account ${ACCOUNT} already exists.`);
});

csVal("a provisioned stream needs a ShardCount; names follow the model's pattern", async () => {
  await fails(h2.send(new CreateStreamCommand({ StreamName: "no-count" })), "InvalidArgumentException");
  await fails(h2.send(new CreateStreamCommand({ StreamName: "bad name!", ShardCount: 1 })), "ValidationException", /Member must satisfy regular expression pattern/);
});

csVal("the account's shard limit: LimitExceededException with AWS's text", async () => {
  const small = await setup({ options: { "kinesis-shard-limit": 5 } });
  try {
    await small.h2.send(new CreateStreamCommand({ StreamName: "four", ShardCount: 4 }));
    await fails(
      small.h2.send(new CreateStreamCommand({ StreamName: "two", ShardCount: 2 })),
      "LimitExceededException",
      `This request would exceed the shard limit for the account ${ACCOUNT} in us-east-1. Current shard count for the account: 4. Limit: 5. Number of additional shards that would have resulted from this request: 2. Refer to the AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.`,
    );
  } finally {
    await small.close();
  }
});

csVal.run();

const csBeh = suite("CreateStream: behaviour");

csBeh("3 shards get AWS's hash ranges; on-demand streams start with 4 shards", async () => {
  const name = await stream(3);
  const shards = (await h2.send(new ListShardsCommand({ StreamName: name }))).Shards!;
  assert.equal(
    shards.map((s) => [s.ShardId, s.HashKeyRange!.StartingHashKey, s.HashKeyRange!.EndingHashKey]),
    [
      [sid(0), "0", "113427455640312821154458202477256070484"],
      [sid(1), "113427455640312821154458202477256070485", "226854911280625642308916404954512140969"],
      [sid(2), "226854911280625642308916404954512140970", LAST_HASH_KEY],
    ],
  );
  for (const s of shards) assert.match(s.SequenceNumberRange!.StartingSequenceNumber!, /^\d{56}$/);
  await h2.send(new CreateStreamCommand({ StreamName: "od", StreamModeDetails: { StreamMode: "ON_DEMAND" } }));
  const od = (await h2.send(new DescribeStreamSummaryCommand({ StreamName: "od" }))).StreamDescriptionSummary!;
  assert.is(od.OpenShardCount, 4);
  assert.equal(od.StreamModeDetails, { StreamMode: "ON_DEMAND" });
});

csBeh.run();

// ---------------------------------------------------------------------------------------
const dsSer = suite("DeleteStream: serialization");

dsSer("raw JSON by name, the SDK by ARN over both transports", async () => {
  const a1 = await stream();
  const a = await raw(port, "DeleteStream", { StreamName: a1 });
  assert.is(a.status, 200, a.text);
  for (const c of [h1, h2]) {
    const name = await stream();
    await c.send(new DeleteStreamCommand({ StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}` }));
    await fails(h2.send(new DescribeStreamSummaryCommand({ StreamName: name })), "ResourceNotFoundException");
  }
});

dsSer.run();

const dsVal = suite("DeleteStream: validation");

dsVal("an unknown stream; a stream with consumers needs EnforceConsumerDeletion", async () => {
  await fails(h2.send(new DeleteStreamCommand({ StreamName: "nope" })), "ResourceNotFoundException", `Stream nope under account ${ACCOUNT} not found.`);
  const name = await stream();
  const arn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;
  try {
    await h2.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: "c1" }));
  } catch (e) {
    if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 501) return console.log("skipped: RegisterStreamConsumer is not implemented yet");
    throw e;
  }
  const text = `DeleteStream can\u2019t delete ${ACCOUNT}:${name} because there are consumers associated with this data stream. To delete ${name} anyway, set the EnforceConsumerDeletion parameter to true to force the deletion of all the consumers that are associated with it.`;
  await fails(h2.send(new DeleteStreamCommand({ StreamName: name })), "ResourceInUseException", text);
  await fails(h2.send(new DeleteStreamCommand({ StreamName: name, EnforceConsumerDeletion: false })), "ResourceInUseException", text);
  assert.is((await h2.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.StreamStatus, "ACTIVE", "still there");
});

dsVal.run();

const dsBeh = suite("DeleteStream: behaviour");

dsBeh("EnforceConsumerDeletion takes the consumers along; the name is free again", async () => {
  const name = await stream();
  const arn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;
  let consumers = true;
  try {
    await h2.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: "c1" }));
  } catch (e) {
    if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 501) throw e;
    consumers = false;
  }
  await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("old") }));
  await h2.send(new DeleteStreamCommand({ StreamName: name, EnforceConsumerDeletion: true }));
  await fails(h2.send(new DescribeStreamCommand({ StreamName: name })), "ResourceNotFoundException", `Stream ${name} under account ${ACCOUNT} not found.`);
  const listed = (await h2.send(new ListStreamsCommand({}))).StreamNames!;
  assert.not.ok(listed.includes(name));
  await h2.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  if (consumers) assert.equal((await h2.send(new ListStreamConsumersCommand({ StreamARN: arn }))).Consumers ?? [], [], "the new stream has no consumers");
  const it = (await h2.send(new GetShardIteratorCommand({ StreamName: name, ShardId: sid(0), ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
  assert.equal((await h2.send(new GetRecordsCommand({ ShardIterator: it }))).Records, [], "the records went with the old stream");
});

dsBeh("EnforceConsumerDeletion ends the consumers' open SubscribeToShard streams", async () => {
  const name = await stream();
  const arn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;
  let consumerArn: string;
  try {
    consumerArn = (await h2.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: "fan" }))).Consumer!.ConsumerARN!;
  } catch (e) {
    if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 501) return console.log("skipped: RegisterStreamConsumer is not implemented yet");
    throw e;
  }
  const sub = await h2.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: sid(0), StartingPosition: { Type: "LATEST" } }));
  const events = sub.EventStream![Symbol.asyncIterator]();
  const within = <T>(p: Promise<T>, ms: number) =>
    Promise.race([p, new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), ms).unref())]);
  const first = await within(events.next(), 5_000);
  assert.ok(first !== "timeout" && !first.done, "the subscription is open");
  await h2.send(new DeleteStreamCommand({ StreamName: name, EnforceConsumerDeletion: true }));
  // the stream ends (or fails) soon after instead of running its 5 minutes
  let ended = false;
  for (let i = 0; i < 20 && !ended; i++) {
    const next = await within(
      events.next().then(
        (r) => r,
        () => ({ done: true as const, value: undefined }),
      ),
      5_000,
    );
    assert.ok(next !== "timeout", "the subscription ended within 5 s");
    ended = next.done === true;
  }
  assert.ok(ended);
});

dsBeh.run();

// ---------------------------------------------------------------------------------------
const dSer = suite("DescribeStream: serialization");

dSer("raw JSON: StreamCreationTimestamp in epoch seconds, shard ranges as decimal strings", async () => {
  const name = await stream(2);
  const a = await raw(port, "DescribeStream", { StreamName: name });
  assert.is(a.status, 200, a.text);
  const d = a.json.StreamDescription as Record<string, unknown>;
  assert.is(d.StreamName, name);
  assert.is(d.StreamARN, `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`);
  assert.is(d.StreamStatus, "ACTIVE");
  assert.is(d.RetentionPeriodHours, 24);
  assert.is(d.HasMoreShards, false);
  assert.type(d.StreamCreationTimestamp, "number");
  assert.ok(Math.abs((d.StreamCreationTimestamp as number) * 1000 - ctx.emu.clock.now()) < 60_000);
  assert.equal(d.EnhancedMonitoring, [{ ShardLevelMetrics: [] }]);
  const shards = d.Shards as { HashKeyRange: { EndingHashKey: string } }[];
  assert.is(shards[1].HashKeyRange.EndingHashKey, LAST_HASH_KEY);
});

dSer("the SDK over both transports", async () => {
  const name = await stream(2);
  for (const c of [h1, h2]) {
    const d = (await c.send(new DescribeStreamCommand({ StreamName: name }))).StreamDescription!;
    assert.ok(d.StreamCreationTimestamp instanceof Date);
    assert.equal(ids(d.Shards), [sid(0), sid(1)]);
  }
});

dSer.run();

const dVal = suite("DescribeStream: validation");

dVal("unknown stream, Limit out of the model's range, no name at all", async () => {
  await fails(h2.send(new DescribeStreamCommand({ StreamName: "nope" })), "ResourceNotFoundException", `Stream nope under account ${ACCOUNT} not found.`);
  const name = await stream();
  await fails(h2.send(new DescribeStreamCommand({ StreamName: name, Limit: 0 })), "ValidationException");
  await fails(h2.send(new DescribeStreamCommand({})), "InvalidArgumentException");
});

dVal.run();

const dBeh = suite("DescribeStream: behaviour");

dBeh("Limit and ExclusiveStartShardId page the shards; HasMoreShards tells when to go on", async () => {
  const name = await stream(5);
  const p1 = (await h2.send(new DescribeStreamCommand({ StreamName: name, Limit: 2 }))).StreamDescription!;
  assert.equal(ids(p1.Shards), [sid(0), sid(1)]);
  assert.is(p1.HasMoreShards, true);
  const p2 = (await h2.send(new DescribeStreamCommand({ StreamName: name, Limit: 2, ExclusiveStartShardId: sid(1) }))).StreamDescription!;
  assert.equal(ids(p2.Shards), [sid(2), sid(3)]);
  const p3 = (await h2.send(new DescribeStreamCommand({ StreamName: name, ExclusiveStartShardId: sid(3) }))).StreamDescription!;
  assert.equal(ids(p3.Shards), [sid(4)]);
  assert.is(p3.HasMoreShards, false);
});

dBeh("without Limit, at most 100 shards come back", async () => {
  const name = await stream(120);
  const d = (await h2.send(new DescribeStreamCommand({ StreamName: name }))).StreamDescription!;
  assert.is(d.Shards!.length, 100);
  assert.is(d.HasMoreShards, true);
  await h2.send(new DeleteStreamCommand({ StreamName: name }));
});

dBeh("closed shards show their EndingSequenceNumber and the children their parents", async () => {
  const name = await stream(2);
  await h2.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: sid(0), AdjacentShardToMerge: sid(1) }));
  const [a, b, c] = (await h2.send(new DescribeStreamCommand({ StreamName: name }))).StreamDescription!.Shards!;
  assert.match(a.SequenceNumberRange!.EndingSequenceNumber!, /^\d{56}$/);
  assert.match(b.SequenceNumberRange!.EndingSequenceNumber!, /^\d{56}$/);
  assert.is(c.ParentShardId, sid(0));
  assert.is(c.AdjacentParentShardId, sid(1));
  assert.is(c.SequenceNumberRange!.EndingSequenceNumber, undefined);
  assert.ok(BigInt(c.SequenceNumberRange!.StartingSequenceNumber!) > BigInt(b.SequenceNumberRange!.EndingSequenceNumber!));
});

dBeh.run();

// ---------------------------------------------------------------------------------------
const dsmSer = suite("DescribeStreamSummary: serialization");

dsmSer("raw JSON and the SDK: counts, mode, monitoring, encryption", async () => {
  const name = await stream(3);
  const a = await raw(port, "DescribeStreamSummary", { StreamName: name });
  assert.is(a.status, 200, a.text);
  const s = a.json.StreamDescriptionSummary as Record<string, unknown>;
  assert.is(s.OpenShardCount, 3);
  assert.is(s.ConsumerCount, 0);
  assert.is(s.EncryptionType, "NONE");
  assert.equal(s.StreamModeDetails, { StreamMode: "PROVISIONED" });
  assert.equal(s.EnhancedMonitoring, [{ ShardLevelMetrics: [] }]);
  assert.type(s.StreamCreationTimestamp, "number");
  for (const c of [h1, h2]) {
    const out = (await c.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
    assert.is(out.OpenShardCount, 3);
    assert.ok(out.StreamCreationTimestamp instanceof Date);
  }
});

dsmSer.run();

const dsmVal = suite("DescribeStreamSummary: validation");

dsmVal("unknown stream by name and by ARN", async () => {
  await fails(h2.send(new DescribeStreamSummaryCommand({ StreamName: "nope" })), "ResourceNotFoundException", `Stream nope under account ${ACCOUNT} not found.`);
  await fails(h2.send(new DescribeStreamSummaryCommand({ StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/nope` })), "ResourceNotFoundException");
});

dsmVal.run();

const dsmBeh = suite("DescribeStreamSummary: behaviour");

dsmBeh("OpenShardCount follows resharding; ConsumerCount follows consumers", async () => {
  const name = await stream(2);
  await h2.send(new SplitShardCommand({ StreamName: name, ShardToSplit: sid(0), NewStartingHashKey: "1000" }));
  assert.is((await h2.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.OpenShardCount, 3);
  try {
    await h2.send(new RegisterStreamConsumerCommand({ StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`, ConsumerName: "app" }));
  } catch (e) {
    if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 501) return console.log("skipped ConsumerCount: RegisterStreamConsumer is not implemented yet");
    throw e;
  }
  assert.is((await h2.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.ConsumerCount, 1);
});

dsmBeh.run();

// ---------------------------------------------------------------------------------------
const lsSer = suite("ListStreams: serialization");

lsSer("raw JSON: StreamNames, HasMoreStreams and StreamSummaries", async () => {
  const c = regional("ap-southeast-2");
  try {
    await c.send(new CreateStreamCommand({ StreamName: "only", ShardCount: 1 }));
    const a = await send_regional("ap-southeast-2");
    assert.equal(a.StreamNames, ["only"]);
    assert.is(a.HasMoreStreams, false);
    const [s] = a.StreamSummaries as Record<string, unknown>[];
    assert.is(s.StreamName, "only");
    assert.is(s.StreamARN, `arn:aws:kinesis:ap-southeast-2:${ACCOUNT}:stream/only`);
    assert.is(s.StreamStatus, "ACTIVE");
    assert.equal(s.StreamModeDetails, { StreamMode: "PROVISIONED" });
    assert.type(s.StreamCreationTimestamp, "number");
    const out = await c.send(new ListStreamsCommand({}));
    assert.ok(out.StreamSummaries![0].StreamCreationTimestamp instanceof Date);
  } finally {
    c.destroy();
  }
});

/** raw ListStreams signed for a region: the credential scope picks the state */
async function send_regional(region: string): Promise<Record<string, unknown>> {
  const a = await import("../support/http.ts").then((m) =>
    m.send(port, {
      headers: {
        "X-Amz-Target": "Kinesis_20131202.ListStreams",
        "Content-Type": "application/x-amz-json-1.1",
        Authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/${region}/kinesis/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: "{}",
    }),
  );
  assert.is(a.status, 200, a.body);
  return JSON.parse(a.body) as Record<string, unknown>;
}

lsSer.run();

const lsVal = suite("ListStreams: validation");

lsVal("Limit is 1..10000 (the model); a NextToken the service never made is refused", async () => {
  await fails(h2.send(new ListStreamsCommand({ Limit: 0 })), "ValidationException");
  await fails(h2.send(new ListStreamsCommand({ NextToken: "garbage" })), "InvalidArgumentException");
});

lsVal.run();

const lsBeh = suite("ListStreams: behaviour");

lsBeh("names in order, paged by Limit with NextToken or ExclusiveStartStreamName", async () => {
  const c = regional("ca-central-1");
  try {
    for (const name of ["delta", "alpha", "echo", "charlie", "bravo"]) await c.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
    const p1 = await c.send(new ListStreamsCommand({ Limit: 2 }));
    assert.equal(p1.StreamNames, ["alpha", "bravo"]);
    assert.is(p1.HasMoreStreams, true);
    assert.type(p1.NextToken, "string");
    const p2 = await c.send(new ListStreamsCommand({ Limit: 2, NextToken: p1.NextToken }));
    assert.equal(p2.StreamNames, ["charlie", "delta"]);
    const p3 = await c.send(new ListStreamsCommand({ NextToken: p2.NextToken }));
    assert.equal(p3.StreamNames, ["echo"]);
    assert.is(p3.HasMoreStreams, false);
    assert.is(p3.NextToken, undefined);
    const after = await c.send(new ListStreamsCommand({ ExclusiveStartStreamName: "charlie" }));
    assert.equal(after.StreamNames, ["delta", "echo"]);
    assert.equal(after.StreamSummaries!.map((s) => s.StreamName), ["delta", "echo"]);
  } finally {
    c.destroy();
  }
});

lsBeh("without Limit at most 100 names come back", async () => {
  const c = regional("sa-east-1");
  try {
    for (let i = 0; i < 101; i++) await c.send(new CreateStreamCommand({ StreamName: `s${String(i).padStart(3, "0")}`, ShardCount: 1 }));
    const p = await c.send(new ListStreamsCommand({}));
    assert.is(p.StreamNames!.length, 100);
    assert.is(p.HasMoreStreams, true);
  } finally {
    c.destroy();
  }
});

lsBeh.run();

// ---------------------------------------------------------------------------------------
const shSer = suite("ListShards: serialization");

shSer("raw JSON and the SDK over both transports", async () => {
  const name = await stream(2);
  const a = await raw(port, "ListShards", { StreamName: name });
  assert.is(a.status, 200, a.text);
  assert.equal(ids(a.json.Shards as { ShardId: string }[]), [sid(0), sid(1)]);
  assert.not.ok("NextToken" in a.json);
  for (const c of [h1, h2]) assert.equal(ids((await c.send(new ListShardsCommand({ StreamName: name }))).Shards), [sid(0), sid(1)]);
});

shSer.run();

const shVal = suite("ListShards: validation");

shVal("a stream or a NextToken, never both; NextToken goes alone (AWS's texts)", async () => {
  const name = await stream(3);
  await fails(h2.send(new ListShardsCommand({})), "InvalidArgumentException", "Either NextToken or StreamName should be provided.");
  const token = (await h2.send(new ListShardsCommand({ StreamName: name, MaxResults: 1 }))).NextToken!;
  await fails(h2.send(new ListShardsCommand({ StreamName: name, NextToken: token })), "InvalidArgumentException", "NextToken and StreamName cannot be provided together.");
  await fails(h2.send(new ListShardsCommand({ StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`, NextToken: token })), "InvalidArgumentException", "NextToken and StreamARN cannot be provided together.");
  await fails(h2.send(new ListShardsCommand({ NextToken: token, ExclusiveStartShardId: sid(0) })), "InvalidArgumentException", "NextToken and ExclusiveStartShardId cannot be provided together.");
  await fails(h2.send(new ListShardsCommand({ NextToken: token, ShardFilter: { Type: "AT_LATEST" } })), "InvalidArgumentException", "NextToken and ShardFilter cannot be provided together.");
  await fails(h2.send(new ListShardsCommand({ NextToken: "garbage" })), "InvalidArgumentException");
});

shVal("ShardFilter: AFTER_SHARD_ID needs ShardId, the timestamp types need Timestamp", async () => {
  const name = await stream();
  await fails(h2.send(new ListShardsCommand({ StreamName: name, ShardFilter: { Type: "AFTER_SHARD_ID" } })), "InvalidArgumentException");
  await fails(h2.send(new ListShardsCommand({ StreamName: name, ShardFilter: { Type: "AT_TIMESTAMP" } })), "InvalidArgumentException");
  await fails(h2.send(new ListShardsCommand({ StreamName: name, ShardFilter: { Type: "FROM_TIMESTAMP" } })), "InvalidArgumentException");
});

shVal("StreamCreationTimestamp must be the stream's; MaxResults is 1..10000", async () => {
  const name = await stream();
  const created = (await h2.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.StreamCreationTimestamp!;
  assert.is((await h2.send(new ListShardsCommand({ StreamName: name, StreamCreationTimestamp: created }))).Shards!.length, 1);
  await fails(h2.send(new ListShardsCommand({ StreamName: name, StreamCreationTimestamp: new Date(created.getTime() - 3_600_000) })), "ResourceNotFoundException");
  await fails(h2.send(new ListShardsCommand({ StreamName: name, MaxResults: 0 })), "ValidationException");
});

shVal.run();

const shBeh = suite("ListShards: behaviour");

shBeh("MaxResults pages with an opaque NextToken; ExclusiveStartShardId starts after a shard", async () => {
  const name = await stream(5);
  const seen: string[] = [];
  let out = await h2.send(new ListShardsCommand({ StreamName: name, MaxResults: 2 }));
  seen.push(...(ids(out.Shards) as string[]));
  while (out.NextToken) {
    out = await h2.send(new ListShardsCommand({ NextToken: out.NextToken, MaxResults: 2 }));
    seen.push(...(ids(out.Shards) as string[]));
  }
  assert.equal(seen, [0, 1, 2, 3, 4].map(sid));
  assert.equal(ids((await h2.send(new ListShardsCommand({ StreamName: name, ExclusiveStartShardId: sid(2) }))).Shards), [sid(3), sid(4)]);
});

shBeh("a NextToken keeps the ShardFilter of the first page", async () => {
  const name = await stream(4);
  await h2.send(new SplitShardCommand({ StreamName: name, ShardToSplit: sid(0), NewStartingHashKey: "1000" }));
  const p1 = await h2.send(new ListShardsCommand({ StreamName: name, ShardFilter: { Type: "AT_LATEST" }, MaxResults: 3 }));
  const p2 = await h2.send(new ListShardsCommand({ NextToken: p1.NextToken }));
  assert.equal([...ids(p1.Shards), ...ids(p2.Shards)], [sid(1), sid(2), sid(3), sid(4), sid(5)], "the closed shard 0 stays out");
});

shBeh.run();

// ---------------------------------------------------------------------------------------
const irSer = suite("Increase/DecreaseStreamRetentionPeriod: serialization");

irSer("raw JSON and the SDK; DescribeStreamSummary shows the period", async () => {
  const name = await stream();
  const a = await raw(port, "IncreaseStreamRetentionPeriod", { StreamName: name, RetentionPeriodHours: 48 });
  assert.is(a.status, 200, a.text);
  await h1.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: 72 }));
  await h2.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: 36 }));
  assert.is((await h2.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.RetentionPeriodHours, 36);
});

irSer.run();

const irVal = suite("Increase/DecreaseStreamRetentionPeriod: validation");

irVal("24 to 8760 hours, and each only in its own direction (AWS's texts)", async () => {
  const name = await stream();
  await h2.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: 48 }));
  await fails(h2.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: 23 })), "InvalidArgumentException", "Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.");
  await fails(h2.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: 8761 })), "InvalidArgumentException", "Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.");
  await fails(
    h2.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: 30 })),
    "InvalidArgumentException",
    `Requested retention period (30 hours) for stream ${name} can not be shorter than existing retention period (48 hours). Use DecreaseRetentionPeriod API.`,
  );
  await fails(
    h2.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: 100 })),
    "InvalidArgumentException",
    `Requested retention period (100 hours) for stream ${name} can not be longer than existing retention period (48 hours). Use IncreaseRetentionPeriod API.`,
  );
  await fails(h2.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: 20 })), "InvalidArgumentException", "Minimum allowed retention period is 24 hours. Requested retention period (20 hours) is too short.");
  await fails(h2.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: "nope", RetentionPeriodHours: 24 })), "ResourceNotFoundException");
});

irVal.run();
// (their behaviour, records kept longer or dropped, is in the clock suites below)

// ---------------------------------------------------------------------------------------
const umSer = suite("UpdateStreamMode: serialization");

umSer("raw JSON and the SDK; the mode shows in DescribeStreamSummary and ListStreams", async () => {
  const name = await stream(2);
  const arn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;
  const a = await raw(port, "UpdateStreamMode", { StreamARN: arn, StreamModeDetails: { StreamMode: "ON_DEMAND" } });
  assert.is(a.status, 200, a.text);
  assert.equal((await h2.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.StreamModeDetails, { StreamMode: "ON_DEMAND" });
  await h1.send(new UpdateStreamModeCommand({ StreamARN: arn, StreamModeDetails: { StreamMode: "PROVISIONED" } }));
  const summary = (await h2.send(new ListStreamsCommand({}))).StreamSummaries!.find((s) => s.StreamName === name)!;
  assert.equal(summary.StreamModeDetails, { StreamMode: "PROVISIONED" });
});

umSer.run();

const umVal = suite("UpdateStreamMode: validation");

umVal("StreamARN is required (the model); an unknown ARN names no stream", async () => {
  const a = await raw(port, "UpdateStreamMode", { StreamModeDetails: { StreamMode: "ON_DEMAND" } });
  assert.is(a.status, 400);
  assert.is(a.json.__type, "ValidationException");
  await fails(h2.send(new UpdateStreamModeCommand({ StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/nope`, StreamModeDetails: { StreamMode: "ON_DEMAND" } })), "ResourceNotFoundException");
});

umVal.run();

const umBeh = suite("UpdateStreamMode: behaviour");

umBeh("on demand, the shards stay; provisioned-only resharding is refused", async () => {
  const name = await stream(2);
  await h2.send(new UpdateStreamModeCommand({ StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`, StreamModeDetails: { StreamMode: "ON_DEMAND" } }));
  assert.is((await h2.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.OpenShardCount, 2);
  await fails(h2.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: 4, ScalingType: "UNIFORM_SCALING" })), "InvalidArgumentException");
  await h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from("still writable") }));
});

umBeh.run();

// ---------------------------------------------------------------------------------------
const dlSer = suite("DescribeLimits: serialization");

dlSer("raw JSON and the SDK: the four counts", async () => {
  const a = await raw(port, "DescribeLimits", {});
  assert.is(a.status, 200, a.text);
  for (const key of ["ShardLimit", "OpenShardCount", "OnDemandStreamCount", "OnDemandStreamCountLimit"]) assert.type(a.json[key], "number", key);
  const out = await h1.send(new DescribeLimitsCommand({}));
  assert.is(out.ShardLimit, 500);
  assert.is(out.OnDemandStreamCountLimit, 50);
});

dlSer.run();

const dlVal = suite("DescribeLimits: validation");

dlVal("it takes no input; unknown members are ignored", async () => {
  const a = await raw(port, "DescribeLimits", { Unknown: 1 });
  assert.is(a.status, 200, a.text);
});

dlVal.run();

const dlBeh = suite("DescribeLimits: behaviour");

dlBeh("counts open shards and on-demand streams of the account and region; the limit follows --kinesis-shard-limit", async () => {
  const small = await setup({ options: { "kinesis-shard-limit": 20 } });
  try {
    await small.h2.send(new CreateStreamCommand({ StreamName: "p", ShardCount: 3 }));
    await small.h2.send(new CreateStreamCommand({ StreamName: "o", StreamModeDetails: { StreamMode: "ON_DEMAND" } }));
    await small.h2.send(new SplitShardCommand({ StreamName: "p", ShardToSplit: sid(0), NewStartingHashKey: "1000" }));
    const out = await small.h2.send(new DescribeLimitsCommand({}));
    assert.equal({ ...out, $metadata: undefined }, { $metadata: undefined, ShardLimit: 20, OpenShardCount: 3 + 1 + 4, OnDemandStreamCount: 1, OnDemandStreamCountLimit: 50 });
  } finally {
    await small.close();
  }
});

dlBeh.run();

// ---------------------------------------------------------------------------------------
// Status transitions: with --kinesis-status-delay-ms, CREATING, UPDATING and DELETING last
// that long on the emulator's clock (frozen here, moved by advance()).
const status = suite("stream status: CREATING, UPDATING, DELETING");

status("CREATING: described, but not writable, readable or deletable until ACTIVE", async () => {
  await slow.h2.send(new CreateStreamCommand({ StreamName: "new", ShardCount: 1 }));
  assert.is((await slow.h2.send(new DescribeStreamSummaryCommand({ StreamName: "new" }))).StreamDescriptionSummary!.StreamStatus, "CREATING");
  await fails(
    slow.h2.send(new PutRecordCommand({ StreamName: "new", PartitionKey: "k", Data: Buffer.from("x") })),
    "ResourceInUseException",
    `Stream new under account ${ACCOUNT} not ACTIVE or UPDATING, instead in state CREATING`,
  );
  await fails(slow.h2.send(new GetShardIteratorCommand({ StreamName: "new", ShardId: sid(0), ShardIteratorType: "LATEST" })), "ResourceInUseException");
  await fails(slow.h2.send(new DeleteStreamCommand({ StreamName: "new" })), "ResourceInUseException");
  slow.emu.clock.advance(30_000);
  assert.is((await slow.h2.send(new DescribeStreamSummaryCommand({ StreamName: "new" }))).StreamDescriptionSummary!.StreamStatus, "ACTIVE");
  await slow.h2.send(new PutRecordCommand({ StreamName: "new", PartitionKey: "k", Data: Buffer.from("x") }));
});

status("UPDATING: writes go on to the old shards; a second reshard waits for ACTIVE", async () => {
  await slow.h2.send(new CreateStreamCommand({ StreamName: "busy", ShardCount: 1 }));
  slow.emu.clock.advance(30_000);
  await slow.h2.send(new SplitShardCommand({ StreamName: "busy", ShardToSplit: sid(0), NewStartingHashKey: "1000" }));
  assert.is((await slow.h2.send(new DescribeStreamSummaryCommand({ StreamName: "busy" }))).StreamDescriptionSummary!.StreamStatus, "UPDATING");
  await fails(
    slow.h2.send(new SplitShardCommand({ StreamName: "busy", ShardToSplit: sid(0), NewStartingHashKey: "2000" })),
    "ResourceInUseException",
    `Stream busy under account ${ACCOUNT} not ACTIVE, instead in state UPDATING`,
  );
  await fails(slow.h2.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: "busy", RetentionPeriodHours: 48 })), "ResourceInUseException");
  const during = await slow.h2.send(new PutRecordCommand({ StreamName: "busy", PartitionKey: "k", Data: Buffer.from("x"), ExplicitHashKey: "1" }));
  assert.is(during.ShardId, sid(0), "the parent takes writes until the split is done");
  assert.is((await slow.h2.send(new ListShardsCommand({ StreamName: "busy" }))).Shards!.length, 1);
  slow.emu.clock.advance(30_000);
  const after = await slow.h2.send(new DescribeStreamCommand({ StreamName: "busy" }));
  assert.is(after.StreamDescription!.StreamStatus, "ACTIVE");
  assert.equal(ids(after.StreamDescription!.Shards), [sid(0), sid(1), sid(2)]);
  const write = await slow.h2.send(new PutRecordCommand({ StreamName: "busy", PartitionKey: "k", Data: Buffer.from("y"), ExplicitHashKey: "1" }));
  assert.is(write.ShardId, sid(1));
});

status("DELETING: listed and described as DELETING, then gone", async () => {
  await slow.h2.send(new CreateStreamCommand({ StreamName: "old", ShardCount: 1 }));
  slow.emu.clock.advance(30_000);
  await slow.h2.send(new DeleteStreamCommand({ StreamName: "old" }));
  assert.is((await slow.h2.send(new DescribeStreamSummaryCommand({ StreamName: "old" }))).StreamDescriptionSummary!.StreamStatus, "DELETING");
  const listed = (await slow.h2.send(new ListStreamsCommand({}))).StreamSummaries!.find((s) => s.StreamName === "old");
  assert.is(listed?.StreamStatus, "DELETING");
  await fails(slow.h2.send(new CreateStreamCommand({ StreamName: "old", ShardCount: 1 })), "ResourceInUseException");
  slow.emu.clock.advance(30_000);
  await fails(slow.h2.send(new DescribeStreamSummaryCommand({ StreamName: "old" })), "ResourceNotFoundException");
});

status.after(async () => {
  await slow.close();
});
status.run();

// ---------------------------------------------------------------------------------------
// Time: retention and expiry, by moving a frozen clock.
const time = suite("retention and expiry on the emulator's clock");
const put = (name: string, v: string) => t.h2.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", Data: Buffer.from(v) }));
async function thAll(name: string, shardId = sid(0)) {
  const it = (await t.h2.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
  return (await t.h2.send(new GetRecordsCommand({ ShardIterator: it }))).Records!.map((r) => utf8(r.Data));
}

time("records vanish once they are older than the retention period (24 h by default)", async () => {
  await t.h2.send(new CreateStreamCommand({ StreamName: "ret", ShardCount: 1 }));
  await put("ret", "first");
  t.emu.clock.advance(12 * HOUR);
  await put("ret", "second");
  t.emu.clock.advance(12 * HOUR - 1);
  assert.equal(await thAll("ret"), ["first", "second"], "24 h less 1 ms: both kept");
  t.emu.clock.advance(2);
  assert.equal(await thAll("ret"), ["second"], "24 h and 1 ms: the first is gone");
  // an iterator taken a minute before "second" expires finds nothing two minutes later
  t.emu.clock.advance(12 * HOUR - 60_000);
  const it = (await t.h2.send(new GetShardIteratorCommand({ StreamName: "ret", ShardId: sid(0), ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
  t.emu.clock.advance(120_000);
  const out = await t.h2.send(new GetRecordsCommand({ ShardIterator: it }));
  assert.equal(out.Records, []);
  assert.is(out.MillisBehindLatest, 0);
});

time("IncreaseStreamRetentionPeriod keeps records longer; DecreaseStreamRetentionPeriod drops the older ones at once", async () => {
  await t.h2.send(new CreateStreamCommand({ StreamName: "longer", ShardCount: 1 }));
  await put("longer", "a");
  await t.h2.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: "longer", RetentionPeriodHours: 72 }));
  t.emu.clock.advance(48 * HOUR);
  await put("longer", "b");
  assert.equal(await thAll("longer"), ["a", "b"], "48 h old and kept");
  await t.h2.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: "longer", RetentionPeriodHours: 24 }));
  assert.equal(await thAll("longer"), ["b"]);
});

time("iterators expire after 300000 ms with AWS's text; a fresh NextShardIterator keeps a reader going", async () => {
  await t.h2.send(new CreateStreamCommand({ StreamName: "iter", ShardCount: 1 }));
  const it = (await t.h2.send(new GetShardIteratorCommand({ StreamName: "iter", ShardId: sid(0), ShardIteratorType: "LATEST" }))).ShardIterator;
  const created = t.emu.clock.now();
  t.emu.clock.advance(299_000);
  const out = await t.h2.send(new GetRecordsCommand({ ShardIterator: it }));
  t.emu.clock.advance(2_000);
  const err = await fails(
    t.h2.send(new GetRecordsCommand({ ShardIterator: it })),
    "ExpiredIteratorException",
    /^Iterator expired\. The iterator was created at time \w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} while right now it is \w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} which is further in the future than the tolerated delay of 300000 milliseconds\.$/,
  );
  const when = (ms: number) => {
    const d = new Date(ms);
    const [, weekday, day, mon, year, hms] = /^(\w{3}), (\d{2}) (\w{3}) (\d{4}) (\S+) GMT$/.exec(d.toUTCString())!;
    return `${weekday} ${mon} ${day} ${hms} UTC ${year}`;
  };
  assert.ok(err.message.includes(when(created)), `created at ${when(created)}: ${err.message}`);
  assert.ok(err.message.includes(when(t.emu.clock.now())), "now by the emulator's clock");
  // the iterator handed out 2 s ago is still good
  assert.equal((await t.h2.send(new GetRecordsCommand({ ShardIterator: out.NextShardIterator }))).Records, []);
});

time("a ListShards NextToken expires after 300 s", async () => {
  await t.h2.send(new CreateStreamCommand({ StreamName: "tok", ShardCount: 3 }));
  const token = (await t.h2.send(new ListShardsCommand({ StreamName: "tok", MaxResults: 1 }))).NextToken;
  t.emu.clock.advance(301_000);
  await fails(t.h2.send(new ListShardsCommand({ NextToken: token })), "ExpiredNextTokenException");
});

time("ShardFilter types over a split and a merge; expired closed shards drop out of the listings", async () => {
  await t.h2.send(new CreateStreamCommand({ StreamName: "lin", ShardCount: 2 }));
  const t0 = t.emu.clock.now();
  t.emu.clock.advance(HOUR);
  await t.h2.send(new SplitShardCommand({ StreamName: "lin", ShardToSplit: sid(0), NewStartingHashKey: "1000" })); // 0 -> 2, 3
  t.emu.clock.advance(HOUR);
  await t.h2.send(new MergeShardsCommand({ StreamName: "lin", ShardToMerge: sid(2), AdjacentShardToMerge: sid(3) })); // 2 + 3 -> 4
  const list = async (ShardFilter?: ListShardsCommandInput["ShardFilter"]) =>
    ids((await t.h2.send(new ListShardsCommand({ StreamName: "lin", ShardFilter }))).Shards);
  assert.equal(await list(undefined), [0, 1, 2, 3, 4].map(sid));
  assert.equal(await list({ Type: "AT_LATEST" }), [sid(1), sid(4)]);
  assert.equal(await list({ Type: "AT_TRIM_HORIZON" }), [sid(0), sid(1)]);
  assert.equal(await list({ Type: "FROM_TRIM_HORIZON" }), [0, 1, 2, 3, 4].map(sid));
  assert.equal(await list({ Type: "AT_TIMESTAMP", Timestamp: new Date(t0 + 1.5 * HOUR) }), [sid(1), sid(2), sid(3)]);
  assert.equal(await list({ Type: "FROM_TIMESTAMP", Timestamp: new Date(t0 + 1.5 * HOUR) }), [sid(1), sid(2), sid(3), sid(4)]);
  assert.equal(await list({ Type: "AT_TIMESTAMP", Timestamp: new Date(t0 + 30 * 60_000) }), [sid(0), sid(1)]);
  assert.equal(await list({ Type: "AFTER_SHARD_ID", ShardId: sid(2) }), [sid(3), sid(4)]);
  // 25 h after the merge every closed shard's records have expired
  t.emu.clock.advance(25 * HOUR);
  assert.equal(await list(undefined), [sid(1), sid(4)]);
  assert.equal(await list({ Type: "AT_TRIM_HORIZON" }), [sid(1), sid(4)]);
  assert.equal(await list({ Type: "FROM_TRIM_HORIZON" }), [sid(1), sid(4)]);
  assert.equal(ids((await t.h2.send(new DescribeStreamCommand({ StreamName: "lin" }))).StreamDescription!.Shards), [sid(1), sid(4)]);
});

time.after(async () => {
  await t.close();
});
time.run();

const end = suite("teardown");
end.after(async () => {
  await ctx.close();
});
end("the emulator stops", () => {});
end.run();

// SubscribeToShard through @aws-sdk/client-kinesis: a push stream of a shard's records to a
// registered consumer, over the SDK's default HTTP/2 handler and over HTTP/1.1. Time-based
// rules (5-minute subscriptions, 5 s between subscriptions) are driven by the emulator's
// frozen clock, never by sleeping.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { client, type Events, K, kinesisEmulator, makeConsumer, makeStream, raw, rawSubscribe, rejects, subscribe, text } from "./fanout-support.ts";

const emu = await kinesisEmulator();
const c = client(emu);
/** the SDK's default handler: HTTP/2 (`c` is HTTP/1.1) */
const h2 = client(emu, true);

const ACCOUNT = "000000000000";
const SHARD0 = "shardId-000000000000";

async function put(cl: K.KinesisClient, stream: string, data: string, key = "k"): Promise<string> {
  const r = await cl.send(new K.PutRecordCommand({ StreamName: stream, PartitionKey: key, Data: Buffer.from(data) }));
  return r.SequenceNumber!;
}

/** Resolves when `cond()` holds, checking every few ms of wall time; fails after `ms`. */
async function until(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Asserts the stream fails next with `name`. Empty events before the failure are skipped:
 * an idle subscription gets one every 5 s by the clock, and the tests move the clock on.
 */
async function failsWith(ev: Events, name: string, message?: string): Promise<void> {
  let r = await ev.next();
  for (let i = 0; i < 100 && r.event && (r.event.Records ?? []).length === 0; i++) r = await ev.next();
  assert.ok(r.error, `the stream fails, got ${r.done ? "its end" : JSON.stringify(r.event)}`);
  assert.is(r.error.name, name, r.error.message);
  if (message !== undefined) assert.is(r.error.message, message);
}

// --- serialization --------------------------------------------------------------------------

const s1 = suite("SubscribeToShard: serialization");
s1("HTTP/1.1: the first event at once, empty; then records with every member decoded", async () => {
  const s = await makeStream(c);
  const consumer = await makeConsumer(c, s.arn);
  const ev = await subscribe(c, consumer, { Type: "LATEST" });
  const first = await ev.event();
  assert.equal(first.Records, []);
  assert.type(first.ContinuationSequenceNumber, "string");
  assert.match(first.ContinuationSequenceNumber!, /^\d+$/);
  assert.is(first.MillisBehindLatest, 0);
  assert.is(first.ChildShards, undefined);

  const at = emu.clock.now();
  const seq = await put(c, s.name, "héllo \u0000 bytes", "pk-1");
  const e = await ev.event();
  assert.is(e.Records!.length, 1);
  const r = e.Records![0];
  assert.is(r.SequenceNumber, seq);
  assert.is(r.PartitionKey, "pk-1");
  assert.instance(r.Data, Uint8Array);
  assert.is(text(r), "héllo \u0000 bytes");
  assert.instance(r.ApproximateArrivalTimestamp, Date);
  assert.is(r.ApproximateArrivalTimestamp!.getTime(), at);
  assert.is(r.EncryptionType, undefined);
  assert.is(e.ContinuationSequenceNumber, seq);
  assert.is(e.MillisBehindLatest, 0);
  await ev.close();
});

s1("HTTP/2, the SDK's default handler: records put after subscribing arrive, in order", async () => {
  const s = await makeStream(h2);
  const consumer = await makeConsumer(h2, s.arn);
  const ev = await subscribe(h2, consumer, { Type: "LATEST" });
  assert.equal((await ev.event()).Records, []);
  const sent: string[] = [];
  const seqs: string[] = [];
  for (let i = 0; i < 5; i++) {
    seqs.push(await put(h2, s.name, `one-${i}`));
    sent.push(`one-${i}`);
  }
  for (let b = 0; b < 3; b++) {
    const entries = Array.from({ length: 20 }, (_, i) => ({ PartitionKey: `p${i}`, Data: Buffer.from(`batch-${b}-${i}`) }));
    const r = await h2.send(new K.PutRecordsCommand({ StreamName: s.name, Records: entries }));
    assert.is(r.FailedRecordCount, 0);
    seqs.push(...r.Records!.map((x) => x.SequenceNumber!));
    sent.push(...entries.map((x) => x.Data.toString()));
  }
  const got = await ev.records(sent.length);
  assert.equal(got.map(text), sent);
  assert.equal(got.map((r) => r.SequenceNumber), seqs);
  const asNumbers = got.map((r) => BigInt(r.SequenceNumber!));
  assert.ok(asNumbers.every((v, i) => i === 0 || v > asNumbers[i - 1]), "sequence numbers increase");
  await ev.close();
});

s1("the first event carries the records already there (TRIM_HORIZON), and a KMS record says so", async () => {
  const s = await makeStream(h2);
  await put(h2, s.name, "plain");
  await h2.send(new K.StartStreamEncryptionCommand({ StreamName: s.name, EncryptionType: "KMS", KeyId: "alias/aws/kinesis" }));
  await put(h2, s.name, "sealed");
  const consumer = await makeConsumer(h2, s.arn);
  const ev = await subscribe(h2, consumer, { Type: "TRIM_HORIZON" });
  const e = await ev.event();
  assert.equal(e.Records!.map(text), ["plain", "sealed"]);
  assert.is(e.Records![0].EncryptionType, undefined);
  assert.is(e.Records![1].EncryptionType, "KMS");
  await ev.close();
});

// --- validation -----------------------------------------------------------------------------

s1("on the wire (raw HTTP/1.1): initial-response, then SubscribeToShardEvent frames of JSON; a closed shard's stream ends by itself", async () => {
  const s = await makeStream(c);
  const consumer = await makeConsumer(c, s.arn, "raw");
  const seq = await put(c, s.name, "wire");
  await c.send(new K.SplitShardCommand({ StreamName: s.name, ShardToSplit: SHARD0, NewStartingHashKey: "1000" }));
  const a = await rawSubscribe(emu, { ConsumerARN: consumer, ShardId: SHARD0, StartingPosition: { Type: "TRIM_HORIZON" } });
  assert.is(a.status, 200);
  assert.is(a.type, "application/vnd.amazon.eventstream");
  assert.equal(
    a.frames.map((f) => `${f.headers[":message-type"]}:${f.headers[":event-type"]}`),
    ["event:initial-response", "event:SubscribeToShardEvent"],
  );
  assert.equal(JSON.parse(a.frames[0].payload.toString()), {});
  assert.is(a.frames[1].headers[":content-type"], "application/x-amz-json-1.1");
  const body = JSON.parse(a.frames[1].payload.toString());
  assert.equal(Object.keys(body).sort(), ["ChildShards", "MillisBehindLatest", "Records"]);
  assert.is(body.Records.length, 1);
  assert.is(body.Records[0].SequenceNumber, seq);
  assert.is(body.Records[0].Data, Buffer.from("wire").toString("base64"));
  assert.type(body.Records[0].ApproximateArrivalTimestamp, "number");
  assert.is(body.ChildShards.length, 2);
});

s1("on the wire: a refused subscription is a plain JSON error answer, not a stream", async () => {
  const s = await makeStream(c);
  const consumer = await makeConsumer(c, s.arn, "refused");
  const a = await raw(emu, "SubscribeToShard", { ConsumerARN: consumer, ShardId: "shardId-000000000009", StartingPosition: { Type: "LATEST" } });
  assert.is(a.status, 400);
  assert.is(a.type, "application/x-amz-json-1.1");
  assert.is(a.json.__type, "ResourceNotFoundException");
});

s1.run();

const s2 = suite("SubscribeToShard: validation");
s2("ConsumerARN and ShardId patterns, StartingPosition type, required members", async () => {
  const s = await makeStream(c);
  const consumer = await makeConsumer(c, s.arn);
  const send = (input: Partial<K.SubscribeToShardInput>) => c.send(new K.SubscribeToShardCommand(input as K.SubscribeToShardInput));
  await rejects(send({ ConsumerARN: s.arn, ShardId: SHARD0, StartingPosition: { Type: "LATEST" } }), "ValidationException", /consumerARN/);
  await rejects(send({ ConsumerARN: consumer, ShardId: SHARD0, StartingPosition: { Type: "SOMEWHERE" as K.ShardIteratorType } }), "ValidationException", /startingPosition\.type/);
  await rejects(send({ ConsumerARN: consumer, ShardId: SHARD0 }), "ValidationException", /startingPosition/);
  await rejects(send({ ConsumerARN: consumer, StartingPosition: { Type: "LATEST" } }), "ValidationException", /shardId/);
});

s2("a StartingPosition's SequenceNumber and Timestamp must fit its type", async () => {
  const s = await makeStream(c, 2);
  const consumer = await makeConsumer(c, s.arn);
  const send = (position: K.StartingPosition, shard = SHARD0) =>
    c.send(new K.SubscribeToShardCommand({ ConsumerARN: consumer, ShardId: shard, StartingPosition: position }));
  await rejects(send({ Type: "AT_SEQUENCE_NUMBER" }), "InvalidArgumentException");
  await rejects(send({ Type: "AFTER_SEQUENCE_NUMBER" }), "InvalidArgumentException");
  await rejects(send({ Type: "AT_TIMESTAMP" }), "InvalidArgumentException");
  await rejects(send({ Type: "TRIM_HORIZON", SequenceNumber: "1" }), "InvalidArgumentException");
  await rejects(send({ Type: "AT_SEQUENCE_NUMBER", SequenceNumber: "12345" }), "InvalidArgumentException", /12345/);
  // a sequence number of shard 1 used on shard 0: AWS's text
  const shards = await c.send(new K.ListShardsCommand({ StreamName: s.name }));
  const otherSeq = shards.Shards![1].SequenceNumberRange!.StartingSequenceNumber!;
  await rejects(
    send({ Type: "AFTER_SEQUENCE_NUMBER", SequenceNumber: otherSeq }),
    "InvalidArgumentException",
    "Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used in a call to a shard with shardId-000000000000",
  );
  // a refused call does not count against the 5 s rule
  const ev = await subscribe(c, consumer, { Type: "LATEST" });
  await ev.event();
  await ev.close();
});

s2("unknown consumer or shard, and a consumer not ACTIVE yet", async () => {
  const s = await makeStream(c);
  const consumer = await makeConsumer(c, s.arn, "known");
  const unknown = consumer.replace("/consumer/known:", "/consumer/unknown:");
  await rejects(
    c.send(new K.SubscribeToShardCommand({ ConsumerARN: unknown, ShardId: SHARD0, StartingPosition: { Type: "LATEST" } })),
    "ResourceNotFoundException",
    `Consumer ${unknown}, account ${ACCOUNT} not found.`,
  );
  await rejects(
    c.send(new K.SubscribeToShardCommand({ ConsumerARN: consumer, ShardId: "shardId-000000000007", StartingPosition: { Type: "LATEST" } })),
    "ResourceNotFoundException",
    `Could not find shard shardId-000000000007 in stream ${s.name} under account ${ACCOUNT}.`,
  );

  const slow = await kinesisEmulator({ "kinesis-status-delay-ms": 2000 });
  const sc = client(slow);
  try {
    const ss = await makeStream(sc, 1, slow);
    const reg = await sc.send(new K.RegisterStreamConsumerCommand({ StreamARN: ss.arn, ConsumerName: "early" }));
    const seconds = Math.floor(reg.Consumer!.ConsumerCreationTimestamp!.getTime() / 1000);
    await rejects(
      sc.send(new K.SubscribeToShardCommand({ ConsumerARN: reg.Consumer!.ConsumerARN, ShardId: SHARD0, StartingPosition: { Type: "LATEST" } })),
      "ResourceInUseException",
      `Consumer early with creation timestamp ${seconds} under stream: ${ss.name} , account ${ACCOUNT} is not in ACTIVE status.`,
    );
    slow.clock.advance(2000);
    const ev = await subscribe(sc, reg.Consumer!.ConsumerARN!, { Type: "LATEST" });
    await ev.event();
    await ev.close();
  } finally {
    sc.destroy();
    await slow.stop();
  }
});

// --- behaviour ------------------------------------------------------------------------------

s2.run();

const s3 = suite("SubscribeToShard: behaviour");
s3("each starting position starts where GetShardIterator's would", async () => {
  const s = await makeStream(c);
  const consumer = await makeConsumer(c, s.arn);
  const seqs = [await put(c, s.name, "r0")];
  emu.clock.advance(1000);
  const middle = emu.clock.now();
  seqs.push(await put(c, s.name, "r1"));
  emu.clock.advance(1000);
  seqs.push(await put(c, s.name, "r2"));

  const first = async (position: K.StartingPosition): Promise<string[]> => {
    const ev = await subscribe(c, consumer, position);
    const e = await ev.event();
    await ev.close();
    emu.clock.advance(5000); // the next subscription of this consumer to the shard is allowed
    return e.Records!.map(text);
  };
  assert.equal(await first({ Type: "TRIM_HORIZON" }), ["r0", "r1", "r2"]);
  assert.equal(await first({ Type: "LATEST" }), []);
  assert.equal(await first({ Type: "AT_SEQUENCE_NUMBER", SequenceNumber: seqs[1] }), ["r1", "r2"]);
  assert.equal(await first({ Type: "AFTER_SEQUENCE_NUMBER", SequenceNumber: seqs[1] }), ["r2"]);
  assert.equal(await first({ Type: "AT_TIMESTAMP", Timestamp: new Date(middle) }), ["r1", "r2"]);
});

s3("ContinuationSequenceNumber resumes exactly where the last event stopped", async () => {
  const s = await makeStream(c);
  const consumer = await makeConsumer(c, s.arn);
  const ev = await subscribe(c, consumer, { Type: "TRIM_HORIZON" });
  const empty = await ev.event();
  await put(c, s.name, "a");
  await put(c, s.name, "b");
  const got = await ev.records(2);
  assert.equal(got.map(text), ["a", "b"]);
  await ev.close();
  await put(c, s.name, "c");
  emu.clock.advance(5000);
  // from the empty first event: everything
  const again = await subscribe(c, consumer, { Type: "AFTER_SEQUENCE_NUMBER", SequenceNumber: empty.ContinuationSequenceNumber });
  assert.equal((await again.event()).Records!.map(text), ["a", "b", "c"]);
  await again.close();
  emu.clock.advance(5000);
  // from the last record received: what came after it
  const rest = await subscribe(c, consumer, { Type: "AFTER_SEQUENCE_NUMBER", SequenceNumber: got[1].SequenceNumber });
  assert.equal((await rest.event()).Records!.map(text), ["c"]);
  await rest.close();
});

s3("a big backlog comes in several events; MillisBehindLatest tells how far behind the next one is", async () => {
  const s = await makeStream(h2);
  const consumer = await makeConsumer(h2, s.arn);
  const big = "x".repeat(900 * 1024);
  for (let i = 0; i < 3; i++) await put(h2, s.name, `${i}${big}`);
  emu.clock.advance(1500);
  const ev = await subscribe(h2, consumer, { Type: "TRIM_HORIZON" });
  const e1 = await ev.event();
  assert.is(e1.Records!.length, 2, "2 MiB an event at most");
  assert.is(e1.MillisBehindLatest, 1500);
  const e2 = await ev.event();
  assert.is(e2.Records!.length, 1);
  assert.is(text(e2.Records![0])[0], "2");
  assert.is(e2.MillisBehindLatest, 0);
  await ev.close();
});

s3("the subscription ends after 5 minutes by the clock", async () => {
  const s = await makeStream(h2);
  const consumer = await makeConsumer(h2, s.arn);
  const ev = await subscribe(h2, consumer, { Type: "LATEST" });
  await ev.event();
  emu.clock.advance(5 * 60_000 - 1);
  await put(h2, s.name, "still open");
  // (an empty event for the idle time may come first)
  assert.equal((await ev.records(1)).map(text), ["still open"]);
  emu.clock.advance(1);
  await ev.ends();
  // and the consumer may subscribe again
  const next = await subscribe(h2, consumer, { Type: "LATEST" });
  await next.event();
  await next.close();
});

s3("an idle subscription gets an empty event every 5 s by the clock: no Records, the current ContinuationSequenceNumber, MillisBehindLatest 0", async () => {
  const s = await makeStream(h2);
  const consumer = await makeConsumer(h2, s.arn);
  const ev = await subscribe(h2, consumer, { Type: "LATEST" });
  const first = await ev.event();
  assert.equal(first.Records, []);
  const start = first.ContinuationSequenceNumber!;
  // idle from the start: 5 s by the clock bring an empty event that resumes where the first one did
  emu.clock.advance(5000);
  const idle = await ev.event();
  assert.equal(idle.Records, []);
  assert.is(idle.ContinuationSequenceNumber, start);
  assert.is(idle.MillisBehindLatest, 0);
  assert.is(idle.ChildShards, undefined);

  // 4.999 s after the last event nothing is due: the next event is the record put then
  emu.clock.advance(4999);
  const seq = await put(h2, s.name, "a");
  const withRecord = await ev.event();
  assert.equal(withRecord.Records!.map(text), ["a"], "no empty event before 5 s");
  // the 5 s count from the last event sent, whatever it carried
  emu.clock.advance(4999);
  const seq2 = await put(h2, s.name, "b");
  assert.equal((await ev.event()).Records!.map(text), ["b"]);
  emu.clock.advance(5000);
  const after = await ev.event();
  assert.equal(after.Records, []);
  assert.is(after.ContinuationSequenceNumber, seq2, "the last record sent");
  assert.is(after.MillisBehindLatest, 0);
  assert.ok(BigInt(seq2) > BigInt(seq));
  // and again, every 5 s
  for (let i = 0; i < 3; i++) {
    emu.clock.advance(5000);
    const e = await ev.event();
    assert.equal(e.Records, []);
    assert.is(e.ContinuationSequenceNumber, seq2);
  }
  await ev.close();
});

s3("idle for the whole 5 minutes: an empty event every 5 s, then the end (all by the clock)", async () => {
  const s = await makeStream(h2);
  const consumer = await makeConsumer(h2, s.arn);
  const ev = await subscribe(h2, consumer, { Type: "TRIM_HORIZON" });
  const first = await ev.event();
  assert.equal(first.Records, []);
  let empties = 0;
  // 5 s steps up to 4 min 55 s: one empty event each
  for (let t = 5000; t < 5 * 60_000; t += 5000) {
    emu.clock.advance(5000);
    const e = await ev.event();
    assert.equal(e.Records, []);
    assert.is(e.ContinuationSequenceNumber, first.ContinuationSequenceNumber);
    empties++;
  }
  assert.is(empties, 59);
  emu.clock.advance(5000);
  await ev.ends();
});

s3("the same consumer and shard again within 5 s is ResourceInUseException; after, it takes over", async () => {
  const s = await makeStream(h2, 2);
  const consumer = await makeConsumer(h2, s.arn);
  const other = await makeConsumer(h2, s.arn, "other");
  const old = await subscribe(h2, consumer, { Type: "LATEST" });
  await old.event();
  const again = () => subscribe(h2, consumer, { Type: "LATEST" });
  await rejects(again(), "ResourceInUseException", "Another active subscription exists for this consumer");
  emu.clock.advance(4999);
  await rejects(again(), "ResourceInUseException");
  // another shard, or another consumer, is another subscription
  const shard1 = await subscribe(h2, consumer, { Type: "LATEST" }, "shardId-000000000001");
  await shard1.event();
  const byOther = await subscribe(h2, other, { Type: "LATEST" });
  await byOther.event();
  emu.clock.advance(1);
  const fresh = await again();
  await fresh.event();
  await failsWith(old, "ResourceInUseException", "Another active subscription exists for this consumer");
  // the new subscription and the other consumer's go on
  await h2.send(new K.PutRecordCommand({ StreamName: s.name, PartitionKey: "k", ExplicitHashKey: "0", Data: Buffer.from("to shard 0") }));
  assert.equal((await fresh.records(1)).map(text), ["to shard 0"]);
  assert.equal((await byOther.records(1)).map(text), ["to shard 0"]);
  await fresh.close();
  await shard1.close();
  await byOther.close();
});

s3("deregistering the consumer ends its subscriptions", async () => {
  const s = await makeStream(h2);
  const consumer = await makeConsumer(h2, s.arn);
  const ev = await subscribe(h2, consumer, { Type: "LATEST" });
  await ev.event();
  await h2.send(new K.DeregisterStreamConsumerCommand({ ConsumerARN: consumer }));
  await ev.ends();
});

s3("deleting the stream with EnforceConsumerDeletion ends its subscriptions", async () => {
  const s = await makeStream(h2);
  const consumer = await makeConsumer(h2, s.arn);
  const ev = await subscribe(h2, consumer, { Type: "LATEST" });
  await ev.event();
  await h2.send(new K.DeleteStreamCommand({ StreamName: s.name, EnforceConsumerDeletion: true }));
  await ev.ends();
});

s3("a closed shard's last event has ChildShards and no ContinuationSequenceNumber, then the stream ends", async () => {
  const s = await makeStream(h2);
  const consumer = await makeConsumer(h2, s.arn);
  const ev = await subscribe(h2, consumer, { Type: "TRIM_HORIZON" });
  await ev.event();
  await put(h2, s.name, "before the split");
  assert.equal((await ev.records(1)).map(text), ["before the split"]);
  const half = (1n << 127n).toString();
  await h2.send(new K.SplitShardCommand({ StreamName: s.name, ShardToSplit: SHARD0, NewStartingHashKey: half }));
  const last = await ev.event();
  assert.equal(last.Records, []);
  assert.is(last.ContinuationSequenceNumber, undefined);
  assert.equal(last.ChildShards, [
    { ShardId: "shardId-000000000001", ParentShards: [SHARD0], HashKeyRange: { StartingHashKey: "0", EndingHashKey: (BigInt(half) - 1n).toString() } },
    { ShardId: "shardId-000000000002", ParentShards: [SHARD0], HashKeyRange: { StartingHashKey: half, EndingHashKey: ((1n << 128n) - 1n).toString() } },
  ]);
  await ev.ends();
  // subscribing to the closed shard later: what is left of it, and its end, at once
  emu.clock.advance(5000);
  const late = await subscribe(h2, consumer, { Type: "TRIM_HORIZON" });
  const only = await late.event();
  assert.equal(only.Records!.map(text), ["before the split"]);
  assert.is(only.ChildShards!.length, 2);
  await late.ends();
});

s3("a client that goes away ends the subscription on the emulator", async () => {
  const s = await makeStream(h2);
  const consumer = await makeConsumer(h2, s.arn);
  const before = emu.clock.pending;
  const ac = new AbortController();
  const r = await h2.send(
    new K.SubscribeToShardCommand({ ConsumerARN: consumer, ShardId: SHARD0, StartingPosition: { Type: "LATEST" } }),
    { abortSignal: ac.signal },
  );
  const it = r.EventStream![Symbol.asyncIterator]();
  await it.next();
  assert.is(emu.clock.pending, before + 2, "the subscription's timers: its 5-minute end and its next idle event");
  ac.abort();
  await it.next().catch(() => undefined);
  await until(() => emu.clock.pending === before, "the subscription to end");
});

s3("a reset (POST /_emu/reset) ends open subscriptions", async () => {
  const s = await makeStream(h2);
  const consumer = await makeConsumer(h2, s.arn);
  const ev = await subscribe(h2, consumer, { Type: "LATEST" });
  await ev.event();
  const res = await fetch(`${emu.url}/_emu/reset`, { method: "POST" });
  assert.is(res.status, 200);
  await res.arrayBuffer();
  await ev.ends();
  await rejects(h2.send(new K.DescribeStreamConsumerCommand({ ConsumerARN: consumer })), "ResourceNotFoundException");
});

s3.run();

const teardown = suite("teardown");
teardown("clients closed, emulators stopped", async () => {
  c.destroy();
  h2.destroy();
  await emu.stop();
});
teardown.run();

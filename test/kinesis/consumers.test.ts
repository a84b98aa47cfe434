// Stream consumers (enhanced fan-out registration) through @aws-sdk/client-kinesis:
// RegisterStreamConsumer, DescribeStreamConsumer, ListStreamConsumers,
// DeregisterStreamConsumer. Each in three blocks: what the client decodes, what is refused
// before anything changes, and behaviour (limits, statuses on the clock, paging).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { client, K, kinesisEmulator, makeConsumer, makeStream, raw, rejects } from "./fanout-support.ts";

const emu = await kinesisEmulator();
const c = client(emu);
/** an emulator whose statuses (CREATING, UPDATING, DELETING) last 1 s */
const slow = await kinesisEmulator({ "kinesis-status-delay-ms": 1000 });
const sc = client(slow);

const ACCOUNT = "000000000000";

// --- RegisterStreamConsumer -----------------------------------------------------------------

const s1 = suite("RegisterStreamConsumer: serialization");
s1("the Consumer with its ARN, status and creation time", async () => {
  const s = await makeStream(c);
  const now = emu.clock.now();
  const r = await c.send(new K.RegisterStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "reader.1_a-b" }));
  assert.is(r.$metadata.httpStatusCode, 200);
  const consumer = r.Consumer!;
  assert.is(consumer.ConsumerName, "reader.1_a-b");
  assert.is(consumer.ConsumerARN, `${s.arn}/consumer/reader.1_a-b:${Math.floor(now / 1000)}`);
  assert.is(consumer.ConsumerStatus, "ACTIVE");
  assert.instance(consumer.ConsumerCreationTimestamp, Date);
  assert.is(Math.floor(consumer.ConsumerCreationTimestamp!.getTime() / 1000), Math.floor(now / 1000));
});

s1("on the wire: ConsumerCreationTimestamp is epoch seconds, a JSON number", async () => {
  const s = await makeStream(c);
  const a = await raw(emu, "RegisterStreamConsumer", { StreamARN: s.arn, ConsumerName: "wire" });
  assert.is(a.status, 200, a.text);
  assert.is(a.type, "application/x-amz-json-1.1");
  const consumer = a.json.Consumer as Record<string, unknown>;
  assert.equal(Object.keys(consumer).sort(), ["ConsumerARN", "ConsumerCreationTimestamp", "ConsumerName", "ConsumerStatus"]);
  assert.type(consumer.ConsumerCreationTimestamp, "number");
  assert.is(Math.floor(consumer.ConsumerCreationTimestamp as number), Math.floor(emu.clock.now() / 1000));
});

s1.run();

const s2 = suite("RegisterStreamConsumer: validation");
s2("name pattern and length, StreamARN pattern, required members", async () => {
  const s = await makeStream(c);
  await rejects(c.send(new K.RegisterStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "bad name" })), "ValidationException", /consumerName/);
  await rejects(c.send(new K.RegisterStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "x".repeat(129) })), "ValidationException", /consumerName/);
  await rejects(c.send(new K.RegisterStreamConsumerCommand({ StreamARN: "not-an-arn", ConsumerName: "c" })), "ValidationException", /streamARN/);
  await rejects(c.send(new K.RegisterStreamConsumerCommand({ StreamARN: s.arn } as K.RegisterStreamConsumerInput)), "ValidationException", /consumerName/);
  const list = await c.send(new K.ListStreamConsumersCommand({ StreamARN: s.arn }));
  assert.equal(list.Consumers, [], "nothing was registered");
});

s2.run();

const s3 = suite("RegisterStreamConsumer: behaviour");
s3("unknown stream, duplicate name, 20 consumers a stream", async () => {
  const s = await makeStream(c);
  const missing = s.arn.replace(/stream\/.*/, "stream/nope");
  await rejects(
    c.send(new K.RegisterStreamConsumerCommand({ StreamARN: missing, ConsumerName: "c" })),
    "ResourceNotFoundException",
    `Stream nope under account ${ACCOUNT} not found.`,
  );
  await makeConsumer(c, s.arn, "dup");
  await rejects(c.send(new K.RegisterStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "dup" })), "ResourceInUseException", /dup/);
  for (let i = 1; i < 20; i++) await makeConsumer(c, s.arn, `c${i}`);
  await rejects(c.send(new K.RegisterStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "c20" })), "LimitExceededException", /20/);
  // the same name on another stream is another consumer
  const other = await makeStream(c);
  await makeConsumer(c, other.arn, "dup");
});

s3("CREATING until the status delay passes on the clock; 5 CREATING at most", async () => {
  const s = await makeStream(sc, 1, slow);
  const r = await sc.send(new K.RegisterStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "c0" }));
  assert.is(r.Consumer!.ConsumerStatus, "CREATING");
  for (let i = 1; i < 5; i++) await sc.send(new K.RegisterStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: `c${i}` }));
  await rejects(sc.send(new K.RegisterStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "c5" })), "LimitExceededException", /5/);
  slow.clock.advance(999);
  const d1 = await sc.send(new K.DescribeStreamConsumerCommand({ ConsumerARN: r.Consumer!.ConsumerARN }));
  assert.is(d1.ConsumerDescription!.ConsumerStatus, "CREATING");
  slow.clock.advance(1);
  const d2 = await sc.send(new K.DescribeStreamConsumerCommand({ ConsumerARN: r.Consumer!.ConsumerARN }));
  assert.is(d2.ConsumerDescription!.ConsumerStatus, "ACTIVE");
  await sc.send(new K.RegisterStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "c5" }));
});

// --- DescribeStreamConsumer -----------------------------------------------------------------

s3.run();

const s4 = suite("DescribeStreamConsumer: serialization");
s4("the ConsumerDescription, with the stream's ARN", async () => {
  const s = await makeStream(c);
  const reg = await c.send(new K.RegisterStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "d" }));
  const d = await c.send(new K.DescribeStreamConsumerCommand({ ConsumerARN: reg.Consumer!.ConsumerARN }));
  assert.equal(d.ConsumerDescription, {
    ConsumerName: "d",
    ConsumerARN: reg.Consumer!.ConsumerARN,
    ConsumerStatus: "ACTIVE",
    ConsumerCreationTimestamp: reg.Consumer!.ConsumerCreationTimestamp,
    StreamARN: s.arn,
  });
});

s4.run();

const s5 = suite("DescribeStreamConsumer: validation");
s5("an ARN or the stream and name are needed; patterns", async () => {
  const s = await makeStream(c);
  await rejects(c.send(new K.DescribeStreamConsumerCommand({})), "InvalidArgumentException");
  await rejects(c.send(new K.DescribeStreamConsumerCommand({ StreamARN: s.arn })), "InvalidArgumentException");
  await rejects(c.send(new K.DescribeStreamConsumerCommand({ ConsumerARN: `${s.arn}/consumer/x` })), "ValidationException", /consumerARN/);
  await rejects(c.send(new K.DescribeStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "a b" })), "ValidationException", /consumerName/);
});

s5.run();

const s6 = suite("DescribeStreamConsumer: behaviour");
s6("by ARN or by stream and name; unknown ones are not found", async () => {
  const s = await makeStream(c);
  const arn = await makeConsumer(c, s.arn, "e");
  const byName = await c.send(new K.DescribeStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "e" }));
  assert.is(byName.ConsumerDescription!.ConsumerARN, arn);
  await rejects(
    c.send(new K.DescribeStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "nobody" })),
    "ResourceNotFoundException",
    `Consumer nobody, account ${ACCOUNT} not found.`,
  );
  // the same name with another creation time is another (unknown) consumer
  const stale = arn.replace(/:(\d+)$/, (_, t) => `:${Number(t) - 100}`);
  await rejects(c.send(new K.DescribeStreamConsumerCommand({ ConsumerARN: stale })), "ResourceNotFoundException", `Consumer ${stale}, account ${ACCOUNT} not found.`);
  // a consumer ARN of another region is not found here
  const elsewhere = arn.replace(":us-east-1:", ":eu-west-1:");
  await rejects(c.send(new K.DescribeStreamConsumerCommand({ ConsumerARN: elsewhere })), "ResourceNotFoundException");
});

// --- ListStreamConsumers --------------------------------------------------------------------

s6.run();

const s7 = suite("ListStreamConsumers: serialization");
s7("Consumers with Dates, a NextToken while more remain", async () => {
  const s = await makeStream(c);
  const a = await makeConsumer(c, s.arn, "a");
  await makeConsumer(c, s.arn, "b");
  const page = await c.send(new K.ListStreamConsumersCommand({ StreamARN: s.arn, MaxResults: 1 }));
  assert.is(page.Consumers!.length, 1);
  const first = page.Consumers![0];
  assert.is(first.ConsumerName, "a");
  assert.is(first.ConsumerARN, a);
  assert.is(first.ConsumerStatus, "ACTIVE");
  assert.instance(first.ConsumerCreationTimestamp, Date);
  assert.type(page.NextToken, "string");
  const all = await c.send(new K.ListStreamConsumersCommand({ StreamARN: s.arn }));
  assert.equal(all.Consumers!.map((x) => x.ConsumerName), ["a", "b"]);
  assert.is(all.NextToken, undefined);
});

s7("on the wire: Consumers as a JSON list; no NextToken member on the last page; errors as __type", async () => {
  const s = await makeStream(c);
  await makeConsumer(c, s.arn, "one");
  const a = await raw(emu, "ListStreamConsumers", { StreamARN: s.arn });
  assert.is(a.status, 200, a.text);
  assert.equal(Object.keys(a.json), ["Consumers"]);
  assert.is((a.json.Consumers as unknown[]).length, 1);
  const e = await raw(emu, "DescribeStreamConsumer", { StreamARN: s.arn, ConsumerName: "two" });
  assert.is(e.status, 400);
  assert.is(e.json.__type, "ResourceNotFoundException");
  assert.is(e.json.message, `Consumer two, account ${ACCOUNT} not found.`);
});

s7.run();

const s8 = suite("ListStreamConsumers: validation");
s8("MaxResults range, StreamARN required, a NextToken of nothing", async () => {
  const s = await makeStream(c);
  await rejects(c.send(new K.ListStreamConsumersCommand({ StreamARN: s.arn, MaxResults: 0 })), "ValidationException", /maxResults/);
  await rejects(c.send(new K.ListStreamConsumersCommand({ StreamARN: s.arn, MaxResults: 10001 })), "ValidationException", /maxResults/);
  await rejects(c.send(new K.ListStreamConsumersCommand({} as K.ListStreamConsumersInput)), "ValidationException", /streamARN/);
  await rejects(c.send(new K.ListStreamConsumersCommand({ StreamARN: s.arn, NextToken: "garbage" })), "InvalidArgumentException");
});

s8.run();

const s9 = suite("ListStreamConsumers: behaviour");
s9("pages in registration order; tokens expire after 300 s; StreamCreationTimestamp must match", async () => {
  const s = await makeStream(c);
  for (const n of ["z", "y", "x", "w", "v"]) {
    await makeConsumer(c, s.arn, n);
    emu.clock.advance(1000);
  }
  const names: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const p = await c.send(new K.ListStreamConsumersCommand({ StreamARN: s.arn, MaxResults: 2, NextToken: token }));
    names.push(...p.Consumers!.map((x) => x.ConsumerName!));
    token = p.NextToken;
    pages++;
  } while (token);
  assert.equal(names, ["z", "y", "x", "w", "v"]);
  assert.is(pages, 3);

  const p1 = await c.send(new K.ListStreamConsumersCommand({ StreamARN: s.arn, MaxResults: 1 }));
  emu.clock.advance(300_001);
  await rejects(c.send(new K.ListStreamConsumersCommand({ StreamARN: s.arn, NextToken: p1.NextToken })), "ExpiredNextTokenException");
  // a token of another stream is refused
  const other = await makeStream(c);
  const p2 = await c.send(new K.ListStreamConsumersCommand({ StreamARN: s.arn, MaxResults: 1 }));
  await rejects(c.send(new K.ListStreamConsumersCommand({ StreamARN: other.arn, NextToken: p2.NextToken })), "InvalidArgumentException");

  const summary = await c.send(new K.DescribeStreamSummaryCommand({ StreamARN: s.arn }));
  const created = summary.StreamDescriptionSummary!.StreamCreationTimestamp!;
  const ok = await c.send(new K.ListStreamConsumersCommand({ StreamARN: s.arn, StreamCreationTimestamp: created }));
  assert.is(ok.Consumers!.length, 5);
  await rejects(
    c.send(new K.ListStreamConsumersCommand({ StreamARN: s.arn, StreamCreationTimestamp: new Date(created.getTime() - 60_000) })),
    "ResourceNotFoundException",
  );
  const empty = await c.send(new K.ListStreamConsumersCommand({ StreamARN: other.arn }));
  assert.equal(empty.Consumers, []);
});

// --- DeregisterStreamConsumer ---------------------------------------------------------------

s9.run();

const s10 = suite("DeregisterStreamConsumer: serialization");
s10("an empty answer", async () => {
  const s = await makeStream(c);
  const arn = await makeConsumer(c, s.arn, "gone");
  const r = await c.send(new K.DeregisterStreamConsumerCommand({ ConsumerARN: arn }));
  assert.is(r.$metadata.httpStatusCode, 200);
  assert.equal(Object.keys(r).filter((key) => key !== "$metadata"), []);
});

s10.run();

const s11 = suite("DeregisterStreamConsumer: validation");
s11("an ARN or the stream and name are needed; patterns", async () => {
  const s = await makeStream(c);
  await rejects(c.send(new K.DeregisterStreamConsumerCommand({})), "InvalidArgumentException");
  await rejects(c.send(new K.DeregisterStreamConsumerCommand({ ConsumerName: "c" })), "InvalidArgumentException");
  await rejects(c.send(new K.DeregisterStreamConsumerCommand({ ConsumerARN: "arn:aws:kinesis:us-east-1:000000000000:stream/x" })), "ValidationException", /consumerARN/);
  await rejects(c.send(new K.DeregisterStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "c", ConsumerARN: "nope" })), "ValidationException");
});

s11.run();

const s12 = suite("DeregisterStreamConsumer: behaviour");
s12("by ARN or by name; DELETING for the status delay, then gone; the name is free again", async () => {
  const s = await makeStream(c);
  const arn = await makeConsumer(c, s.arn, "a");
  await makeConsumer(c, s.arn, "b");
  await c.send(new K.DeregisterStreamConsumerCommand({ ConsumerARN: arn }));
  await c.send(new K.DeregisterStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "b" }));
  await rejects(c.send(new K.DescribeStreamConsumerCommand({ ConsumerARN: arn })), "ResourceNotFoundException");
  const list = await c.send(new K.ListStreamConsumersCommand({ StreamARN: s.arn }));
  assert.equal(list.Consumers, []);
  await rejects(c.send(new K.DeregisterStreamConsumerCommand({ ConsumerARN: arn })), "ResourceNotFoundException");

  const ss = await makeStream(sc, 1, slow);
  const reg = await sc.send(new K.RegisterStreamConsumerCommand({ StreamARN: ss.arn, ConsumerName: "slow" }));
  slow.clock.advance(1000);
  await sc.send(new K.DeregisterStreamConsumerCommand({ ConsumerARN: reg.Consumer!.ConsumerARN }));
  const d = await sc.send(new K.DescribeStreamConsumerCommand({ ConsumerARN: reg.Consumer!.ConsumerARN }));
  assert.is(d.ConsumerDescription!.ConsumerStatus, "DELETING");
  await rejects(sc.send(new K.RegisterStreamConsumerCommand({ StreamARN: ss.arn, ConsumerName: "slow" })), "ResourceInUseException");
  slow.clock.advance(1000);
  await rejects(sc.send(new K.DescribeStreamConsumerCommand({ ConsumerARN: reg.Consumer!.ConsumerARN })), "ResourceNotFoundException");
  const again = await sc.send(new K.RegisterStreamConsumerCommand({ StreamARN: ss.arn, ConsumerName: "slow" }));
  assert.is(again.Consumer!.ConsumerStatus, "CREATING");
});

s12.run();

const teardown = suite("teardown");
teardown("clients closed, emulators stopped", async () => {
  c.destroy();
  sc.destroy();
  await emu.stop();
  await slow.stop();
});
teardown.run();

// Server-side encryption (StartStreamEncryption, StopStreamEncryption), enhanced monitoring
// (EnableEnhancedMonitoring, DisableEnhancedMonitoring) and resource policies
// (PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy) through @aws-sdk/client-kinesis.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { client, K, kinesisEmulator, makeConsumer, makeStream, raw, rejects } from "./fanout-support.ts";

const emu = await kinesisEmulator();
const c = client(emu);
/** an emulator whose statuses (CREATING, UPDATING, DELETING) last 1 s */
const slow = await kinesisEmulator({ "kinesis-status-delay-ms": 1000 });
const sc = client(slow);

const ACCOUNT = "000000000000";
const KEY = "arn:aws:kms:us-east-1:000000000000:key/12345678-1234-1234-1234-123456789012";
const ALL = [
  "IncomingBytes",
  "IncomingRecords",
  "OutgoingBytes",
  "OutgoingRecords",
  "WriteProvisionedThroughputExceeded",
  "ReadProvisionedThroughputExceeded",
  "IteratorAgeMilliseconds",
];

const summary = async (cl: K.KinesisClient, name: string) =>
  (await cl.send(new K.DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;

const empty = (r: { $metadata: { httpStatusCode?: number } }) => {
  assert.is(r.$metadata.httpStatusCode, 200);
  assert.equal(Object.keys(r).filter((k) => k !== "$metadata"), []);
};

const policy = (resource: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kinesis:GetRecords", Resource: resource }],
  });

// --- StartStreamEncryption ------------------------------------------------------------------

const s1 = suite("StartStreamEncryption: serialization");
s1("an empty answer; the stream then says KMS and the key", async () => {
  const s = await makeStream(c);
  empty(await c.send(new K.StartStreamEncryptionCommand({ StreamName: s.name, EncryptionType: "KMS", KeyId: KEY })));
  const d = await summary(c, s.name);
  assert.is(d.EncryptionType, "KMS");
  assert.is(d.KeyId, KEY);
});

s1.run();

const s2 = suite("StartStreamEncryption: validation");
s2("EncryptionType and KeyId required; KMS only; a stream named", async () => {
  const s = await makeStream(c);
  await rejects(c.send(new K.StartStreamEncryptionCommand({ StreamName: s.name, EncryptionType: "KMS" } as K.StartStreamEncryptionInput)), "ValidationException", /keyId/);
  await rejects(c.send(new K.StartStreamEncryptionCommand({ StreamName: s.name, EncryptionType: "AES" as K.EncryptionType, KeyId: KEY })), "ValidationException", /encryptionType/);
  await rejects(c.send(new K.StartStreamEncryptionCommand({ StreamName: s.name, EncryptionType: "KMS", KeyId: "" })), "ValidationException", /keyId/);
  await rejects(c.send(new K.StartStreamEncryptionCommand({ StreamName: s.name, EncryptionType: "NONE", KeyId: KEY })), "InvalidArgumentException");
  await rejects(c.send(new K.StartStreamEncryptionCommand({ EncryptionType: "KMS", KeyId: KEY })), "InvalidArgumentException");
  assert.is((await summary(c, s.name)).EncryptionType, "NONE");
});

s2.run();

const s3 = suite("StartStreamEncryption: behaviour");
s3("UPDATING for the status delay; not while not ACTIVE; records put after are KMS", async () => {
  const s = await makeStream(sc, 1, slow);
  await sc.send(new K.StartStreamEncryptionCommand({ StreamARN: s.arn, EncryptionType: "KMS", KeyId: "alias/aws/kinesis" }));
  assert.is((await summary(sc, s.name)).StreamStatus, "UPDATING");
  await rejects(
    sc.send(new K.StartStreamEncryptionCommand({ StreamName: s.name, EncryptionType: "KMS", KeyId: KEY })),
    "ResourceInUseException",
    `Stream ${s.name} under account ${ACCOUNT} not ACTIVE, instead in state UPDATING`,
  );
  slow.clock.advance(1000);
  const d = await summary(sc, s.name);
  assert.is(d.StreamStatus, "ACTIVE");
  assert.is(d.KeyId, "alias/aws/kinesis");
  const put = await sc.send(new K.PutRecordCommand({ StreamName: s.name, PartitionKey: "k", Data: Buffer.from("x") }));
  assert.is(put.EncryptionType, "KMS");
  await rejects(c.send(new K.StartStreamEncryptionCommand({ StreamName: "nope", EncryptionType: "KMS", KeyId: KEY })), "ResourceNotFoundException");
});

// --- StopStreamEncryption -------------------------------------------------------------------

s3.run();

const s4 = suite("StopStreamEncryption: serialization");
s4("an empty answer; the stream says NONE and no key", async () => {
  const s = await makeStream(c);
  await c.send(new K.StartStreamEncryptionCommand({ StreamName: s.name, EncryptionType: "KMS", KeyId: KEY }));
  empty(await c.send(new K.StopStreamEncryptionCommand({ StreamName: s.name, EncryptionType: "KMS", KeyId: KEY })));
  const d = await summary(c, s.name);
  assert.is(d.EncryptionType, "NONE");
  assert.is(d.KeyId, undefined);
});

s4.run();

const s5 = suite("StopStreamEncryption: validation");
s5("EncryptionType and KeyId required", async () => {
  const s = await makeStream(c);
  await rejects(c.send(new K.StopStreamEncryptionCommand({ StreamName: s.name, KeyId: KEY } as K.StopStreamEncryptionInput)), "ValidationException", /encryptionType/);
  await rejects(c.send(new K.StopStreamEncryptionCommand({ StreamName: s.name, EncryptionType: "KMS" } as K.StopStreamEncryptionInput)), "ValidationException", /keyId/);
});

s5.run();

const s6 = suite("StopStreamEncryption: behaviour");
s6("UPDATING for the status delay; records put after are not encrypted", async () => {
  const s = await makeStream(sc, 1, slow);
  await sc.send(new K.StartStreamEncryptionCommand({ StreamName: s.name, EncryptionType: "KMS", KeyId: KEY }));
  slow.clock.advance(1000);
  await sc.send(new K.StopStreamEncryptionCommand({ StreamName: s.name, EncryptionType: "KMS", KeyId: KEY }));
  assert.is((await summary(sc, s.name)).StreamStatus, "UPDATING");
  await rejects(sc.send(new K.StopStreamEncryptionCommand({ StreamName: s.name, EncryptionType: "KMS", KeyId: KEY })), "ResourceInUseException");
  slow.clock.advance(1000);
  assert.is((await summary(sc, s.name)).StreamStatus, "ACTIVE");
  const put = await sc.send(new K.PutRecordCommand({ StreamName: s.name, PartitionKey: "k", Data: Buffer.from("x") }));
  assert.is(put.EncryptionType, undefined);
});

// --- EnableEnhancedMonitoring ---------------------------------------------------------------

s6.run();

const s7 = suite("EnableEnhancedMonitoring: serialization");
s7("StreamName, StreamARN, Current and Desired metrics", async () => {
  const s = await makeStream(c);
  const r = await c.send(new K.EnableEnhancedMonitoringCommand({ StreamName: s.name, ShardLevelMetrics: ["IncomingBytes", "OutgoingRecords"] }));
  assert.is(r.StreamName, s.name);
  assert.is(r.StreamARN, s.arn);
  assert.equal(r.CurrentShardLevelMetrics, []);
  assert.equal(r.DesiredShardLevelMetrics, ["IncomingBytes", "OutgoingRecords"]);
});

s7("on the wire: the four members, metric lists as JSON arrays", async () => {
  const s = await makeStream(c);
  const a = await raw(emu, "EnableEnhancedMonitoring", { StreamARN: s.arn, ShardLevelMetrics: ["ALL"] });
  assert.is(a.status, 200, a.text);
  assert.equal(a.json, { StreamName: s.name, StreamARN: s.arn, CurrentShardLevelMetrics: [], DesiredShardLevelMetrics: ALL });
});

s7.run();

const s8 = suite("EnableEnhancedMonitoring: validation");
s8("ShardLevelMetrics required, 1 to 7 known names", async () => {
  const s = await makeStream(c);
  await rejects(c.send(new K.EnableEnhancedMonitoringCommand({ StreamName: s.name, ShardLevelMetrics: [] })), "ValidationException", /shardLevelMetrics/);
  await rejects(c.send(new K.EnableEnhancedMonitoringCommand({ StreamName: s.name, ShardLevelMetrics: ["Bogus" as K.MetricsName] })), "ValidationException", /shardLevelMetrics/);
  await rejects(c.send(new K.EnableEnhancedMonitoringCommand({ StreamName: s.name } as K.EnableEnhancedMonitoringInput)), "ValidationException", /shardLevelMetrics/);
});

s8.run();

const s9 = suite("EnableEnhancedMonitoring: behaviour");
s9("adds to what is on; ALL is every metric; DescribeStreamSummary shows them", async () => {
  const s = await makeStream(c);
  await c.send(new K.EnableEnhancedMonitoringCommand({ StreamName: s.name, ShardLevelMetrics: ["IteratorAgeMilliseconds"] }));
  const r = await c.send(new K.EnableEnhancedMonitoringCommand({ StreamARN: s.arn, ShardLevelMetrics: ["IncomingBytes", "IteratorAgeMilliseconds"] }));
  assert.equal(r.CurrentShardLevelMetrics, ["IteratorAgeMilliseconds"]);
  assert.equal(r.DesiredShardLevelMetrics, ["IncomingBytes", "IteratorAgeMilliseconds"]);
  const all = await c.send(new K.EnableEnhancedMonitoringCommand({ StreamName: s.name, ShardLevelMetrics: ["ALL"] }));
  assert.equal(all.DesiredShardLevelMetrics, ALL);
  assert.equal((await summary(c, s.name)).EnhancedMonitoring, [{ ShardLevelMetrics: ALL }]);
  await rejects(c.send(new K.EnableEnhancedMonitoringCommand({ StreamName: "nope", ShardLevelMetrics: ["ALL"] })), "ResourceNotFoundException");

  const ss = await makeStream(sc, 1, slow);
  await sc.send(new K.EnableEnhancedMonitoringCommand({ StreamName: ss.name, ShardLevelMetrics: ["IncomingBytes"] }));
  assert.is((await summary(sc, ss.name)).StreamStatus, "UPDATING");
  await rejects(sc.send(new K.EnableEnhancedMonitoringCommand({ StreamName: ss.name, ShardLevelMetrics: ["ALL"] })), "ResourceInUseException", /not ACTIVE, instead in state UPDATING/);
  slow.clock.advance(1000);
  assert.is((await summary(sc, ss.name)).StreamStatus, "ACTIVE");
});

// --- DisableEnhancedMonitoring --------------------------------------------------------------

s9.run();

const s10 = suite("DisableEnhancedMonitoring: serialization");
s10("Current and Desired metrics", async () => {
  const s = await makeStream(c);
  await c.send(new K.EnableEnhancedMonitoringCommand({ StreamName: s.name, ShardLevelMetrics: ["IncomingBytes", "OutgoingBytes"] }));
  const r = await c.send(new K.DisableEnhancedMonitoringCommand({ StreamName: s.name, ShardLevelMetrics: ["OutgoingBytes"] }));
  assert.is(r.StreamName, s.name);
  assert.is(r.StreamARN, s.arn);
  assert.equal(r.CurrentShardLevelMetrics, ["IncomingBytes", "OutgoingBytes"]);
  assert.equal(r.DesiredShardLevelMetrics, ["IncomingBytes"]);
});

s10.run();

const s11 = suite("DisableEnhancedMonitoring: validation");
s11("ShardLevelMetrics required, known names, at most 7", async () => {
  const s = await makeStream(c);
  await rejects(c.send(new K.DisableEnhancedMonitoringCommand({ StreamName: s.name, ShardLevelMetrics: [] })), "ValidationException", /shardLevelMetrics/);
  await rejects(
    c.send(new K.DisableEnhancedMonitoringCommand({ StreamName: s.name, ShardLevelMetrics: [...ALL, "ALL"] as K.MetricsName[] })),
    "ValidationException",
    /shardLevelMetrics/,
  );
});

s11.run();

const s12 = suite("DisableEnhancedMonitoring: behaviour");
s12("ALL turns every metric off; metrics not on are ignored", async () => {
  const s = await makeStream(c);
  await c.send(new K.EnableEnhancedMonitoringCommand({ StreamName: s.name, ShardLevelMetrics: ["ALL"] }));
  const some = await c.send(new K.DisableEnhancedMonitoringCommand({ StreamName: s.name, ShardLevelMetrics: ["IncomingBytes", "IncomingRecords"] }));
  assert.equal(some.DesiredShardLevelMetrics, ALL.slice(2));
  const all = await c.send(new K.DisableEnhancedMonitoringCommand({ StreamARN: s.arn, ShardLevelMetrics: ["ALL"] }));
  assert.equal(all.CurrentShardLevelMetrics, ALL.slice(2));
  assert.equal(all.DesiredShardLevelMetrics, []);
  const none = await c.send(new K.DisableEnhancedMonitoringCommand({ StreamName: s.name, ShardLevelMetrics: ["IncomingBytes"] }));
  assert.equal(none.DesiredShardLevelMetrics, []);
  assert.equal((await summary(c, s.name)).EnhancedMonitoring, [{ ShardLevelMetrics: [] }]);
});

// --- PutResourcePolicy ----------------------------------------------------------------------

s12.run();

const s13 = suite("PutResourcePolicy: serialization");
s13("an empty answer", async () => {
  const s = await makeStream(c);
  empty(await c.send(new K.PutResourcePolicyCommand({ ResourceARN: s.arn, Policy: policy(s.arn) })));
});

s13.run();

const s14 = suite("PutResourcePolicy: validation");
s14("ResourceARN pattern, Policy required and JSON", async () => {
  const s = await makeStream(c);
  await rejects(c.send(new K.PutResourcePolicyCommand({ ResourceARN: "arn:aws:s3:::bucket", Policy: "{}" })), "ValidationException", /resourceARN/);
  await rejects(c.send(new K.PutResourcePolicyCommand({ ResourceARN: s.arn } as K.PutResourcePolicyInput)), "ValidationException", /policy/);
  await rejects(c.send(new K.PutResourcePolicyCommand({ ResourceARN: s.arn, Policy: "{not json" })), "InvalidArgumentException");
  await rejects(c.send(new K.PutResourcePolicyCommand({ ResourceARN: s.arn, Policy: "[1]" })), "InvalidArgumentException");
  assert.is((await c.send(new K.GetResourcePolicyCommand({ ResourceARN: s.arn }))).Policy, "{}");
});

s14.run();

const s15 = suite("PutResourcePolicy: behaviour");
s15("replaces; streams and ACTIVE consumers; unknown resources", async () => {
  const s = await makeStream(c);
  await c.send(new K.PutResourcePolicyCommand({ ResourceARN: s.arn, Policy: policy("first") }));
  await c.send(new K.PutResourcePolicyCommand({ ResourceARN: s.arn, Policy: policy(s.arn) }));
  assert.is((await c.send(new K.GetResourcePolicyCommand({ ResourceARN: s.arn }))).Policy, policy(s.arn));
  const consumer = await makeConsumer(c, s.arn);
  await c.send(new K.PutResourcePolicyCommand({ ResourceARN: consumer, Policy: policy(consumer) }));
  assert.is((await c.send(new K.GetResourcePolicyCommand({ ResourceARN: consumer }))).Policy, policy(consumer));
  await rejects(
    c.send(new K.PutResourcePolicyCommand({ ResourceARN: s.arn.replace(/stream\/.*/, "stream/nope"), Policy: "{}" })),
    "ResourceNotFoundException",
    `Stream nope under account ${ACCOUNT} not found.`,
  );

  const ss = await makeStream(sc, 1, slow);
  const reg = await sc.send(new K.RegisterStreamConsumerCommand({ StreamARN: ss.arn, ConsumerName: "new" }));
  const seconds = Math.floor(reg.Consumer!.ConsumerCreationTimestamp!.getTime() / 1000);
  await rejects(
    sc.send(new K.PutResourcePolicyCommand({ ResourceARN: reg.Consumer!.ConsumerARN, Policy: "{}" })),
    "ResourceInUseException",
    `Consumer new with creation timestamp ${seconds} under stream ${ss.name} and account ${ACCOUNT} is not in ACTIVE status.`,
  );
});

// --- GetResourcePolicy ----------------------------------------------------------------------

s15.run();

const s16 = suite("GetResourcePolicy: serialization");
s16("Policy, the document as it was put", async () => {
  const s = await makeStream(c);
  const doc = `{ "Version" : "2012-10-17", "Statement" : [] }`;
  await c.send(new K.PutResourcePolicyCommand({ ResourceARN: s.arn, Policy: doc }));
  const r = await c.send(new K.GetResourcePolicyCommand({ ResourceARN: s.arn }));
  assert.is(r.Policy, doc);
});

s16("on the wire: {\"Policy\": \"{}\"} for a stream without one", async () => {
  const s = await makeStream(c);
  const a = await raw(emu, "GetResourcePolicy", { ResourceARN: s.arn });
  assert.is(a.status, 200, a.text);
  assert.equal(a.json, { Policy: "{}" });
});

s16.run();

const s17 = suite("GetResourcePolicy: validation");
s17("ResourceARN required and a Kinesis ARN", async () => {
  await rejects(c.send(new K.GetResourcePolicyCommand({} as K.GetResourcePolicyInput)), "ValidationException", /resourceARN/);
  await rejects(c.send(new K.GetResourcePolicyCommand({ ResourceARN: "stream/x" })), "ValidationException", /resourceARN/);
});

s17.run();

const s18 = suite("GetResourcePolicy: behaviour");
s18("{} without a policy; unknown resources; a consumer's policy goes with it", async () => {
  const s = await makeStream(c);
  assert.is((await c.send(new K.GetResourcePolicyCommand({ ResourceARN: s.arn }))).Policy, "{}");
  await rejects(c.send(new K.GetResourcePolicyCommand({ ResourceARN: s.arn.replace(/stream\/.*/, "stream/nope") })), "ResourceNotFoundException");
  const consumer = await makeConsumer(c, s.arn, "p");
  await c.send(new K.PutResourcePolicyCommand({ ResourceARN: consumer, Policy: policy(consumer) }));
  await c.send(new K.DeregisterStreamConsumerCommand({ ConsumerARN: consumer }));
  await rejects(c.send(new K.GetResourcePolicyCommand({ ResourceARN: consumer })), "ResourceNotFoundException");
  // the stream's policy is its own
  assert.is((await c.send(new K.GetResourcePolicyCommand({ ResourceARN: s.arn }))).Policy, "{}");
});

// --- DeleteResourcePolicy -------------------------------------------------------------------

s18.run();

const s19 = suite("DeleteResourcePolicy: serialization");
s19("an empty answer", async () => {
  const s = await makeStream(c);
  await c.send(new K.PutResourcePolicyCommand({ ResourceARN: s.arn, Policy: "{}" }));
  empty(await c.send(new K.DeleteResourcePolicyCommand({ ResourceARN: s.arn })));
});

s19.run();

const s20 = suite("DeleteResourcePolicy: validation");
s20("ResourceARN required and a Kinesis ARN", async () => {
  await rejects(c.send(new K.DeleteResourcePolicyCommand({} as K.DeleteResourcePolicyInput)), "ValidationException", /resourceARN/);
  await rejects(c.send(new K.DeleteResourcePolicyCommand({ ResourceARN: "x".repeat(2049) })), "ValidationException", /resourceARN/);
});

s20.run();

const s21 = suite("DeleteResourcePolicy: behaviour");
s21("the policy is gone; deleting none is ResourceNotFoundException", async () => {
  const s = await makeStream(c);
  const consumer = await makeConsumer(c, s.arn);
  await c.send(new K.PutResourcePolicyCommand({ ResourceARN: s.arn, Policy: policy(s.arn) }));
  await c.send(new K.PutResourcePolicyCommand({ ResourceARN: consumer, Policy: policy(consumer) }));
  await c.send(new K.DeleteResourcePolicyCommand({ ResourceARN: consumer }));
  assert.is((await c.send(new K.GetResourcePolicyCommand({ ResourceARN: consumer }))).Policy, "{}");
  assert.is((await c.send(new K.GetResourcePolicyCommand({ ResourceARN: s.arn }))).Policy, policy(s.arn));
  await rejects(c.send(new K.DeleteResourcePolicyCommand({ ResourceARN: consumer })), "ResourceNotFoundException", `No resource policy found for resource ARN ${consumer}.`);
  await rejects(c.send(new K.DeleteResourcePolicyCommand({ ResourceARN: s.arn.replace(/stream\/.*/, "stream/nope") })), "ResourceNotFoundException", /Stream nope/);
});

s21.run();

// --- policies go with their resources ---------------------------------------------------------
// A stream created again under a deleted one's name has the same ARN, and a consumer
// registered again under the same name in the same second (the clock is frozen) has the same
// ARN too: neither may find the policy of the resource it replaces.

const gone = suite("resource policies go with their resources");

/** the policy GetResourcePolicy answers for `arn` must not be the one put before */
async function notKept(cl: K.KinesisClient, arn: string, old: string): Promise<void> {
  const r = await cl.send(new K.GetResourcePolicyCommand({ ResourceARN: arn }));
  assert.is.not(r.Policy, old, `${arn} still has the old policy`);
}

gone("DeregisterStreamConsumer removes the consumer's policy, not the stream's", async () => {
  const s = await makeStream(c);
  const first = await makeConsumer(c, s.arn, "dereg");
  await c.send(new K.PutResourcePolicyCommand({ ResourceARN: s.arn, Policy: policy(s.arn) }));
  await c.send(new K.PutResourcePolicyCommand({ ResourceARN: first, Policy: policy(first) }));
  await c.send(new K.DeregisterStreamConsumerCommand({ ConsumerARN: first }));
  const again = await makeConsumer(c, s.arn, "dereg");
  assert.is(again, first, "the same name in the same second: the same ARN");
  await notKept(c, again, policy(first));
  assert.is((await c.send(new K.GetResourcePolicyCommand({ ResourceARN: s.arn }))).Policy, policy(s.arn), "the stream keeps its own");
});

gone("DeleteStream (EnforceConsumerDeletion) removes the stream's policy and its consumers'", async () => {
  const s = await makeStream(c);
  const one = await makeConsumer(c, s.arn, "one");
  const two = await makeConsumer(c, s.arn, "two");
  await c.send(new K.PutResourcePolicyCommand({ ResourceARN: s.arn, Policy: policy(s.arn) }));
  await c.send(new K.PutResourcePolicyCommand({ ResourceARN: one, Policy: policy(one) }));
  await c.send(new K.PutResourcePolicyCommand({ ResourceARN: two, Policy: policy(two) }));
  // another stream's policies are not touched
  const other = await makeStream(c);
  const otherConsumer = await makeConsumer(c, other.arn, "one");
  await c.send(new K.PutResourcePolicyCommand({ ResourceARN: other.arn, Policy: policy(other.arn) }));
  await c.send(new K.PutResourcePolicyCommand({ ResourceARN: otherConsumer, Policy: policy(otherConsumer) }));

  await c.send(new K.DeleteStreamCommand({ StreamARN: s.arn, EnforceConsumerDeletion: true }));
  await rejects(c.send(new K.GetResourcePolicyCommand({ ResourceARN: s.arn })), "ResourceNotFoundException");
  await c.send(new K.CreateStreamCommand({ StreamName: s.name, ShardCount: 1 }));
  await notKept(c, s.arn, policy(s.arn));
  assert.is(await makeConsumer(c, s.arn, "one"), one);
  assert.is(await makeConsumer(c, s.arn, "two"), two);
  await notKept(c, one, policy(one));
  await notKept(c, two, policy(two));

  assert.is((await c.send(new K.GetResourcePolicyCommand({ ResourceARN: other.arn }))).Policy, policy(other.arn));
  assert.is((await c.send(new K.GetResourcePolicyCommand({ ResourceARN: otherConsumer }))).Policy, policy(otherConsumer));
});

gone("with a DELETING status that lasts (status delay), the policy goes when the stream does", async () => {
  const s = await makeStream(sc, 1, slow);
  await sc.send(new K.PutResourcePolicyCommand({ ResourceARN: s.arn, Policy: policy(s.arn) }));
  await sc.send(new K.DeleteStreamCommand({ StreamName: s.name }));
  assert.is((await summary(sc, s.name)).StreamStatus, "DELETING");
  slow.clock.advance(1000);
  await rejects(sc.send(new K.DescribeStreamSummaryCommand({ StreamName: s.name })), "ResourceNotFoundException");
  await sc.send(new K.CreateStreamCommand({ StreamName: s.name, ShardCount: 1 }));
  slow.clock.advance(1000);
  assert.is((await summary(sc, s.name)).StreamStatus, "ACTIVE");
  await notKept(sc, s.arn, policy(s.arn));
});

gone.run();

const teardown = suite("teardown");
teardown("clients closed, emulators stopped", async () => {
  c.destroy();
  sc.destroy();
  await emu.stop();
  await slow.stop();
});
teardown.run();

// Tags through @aws-sdk/client-kinesis: the stream operations (AddTagsToStream,
// RemoveTagsFromStream, ListTagsForStream) and the ARN-based ones (TagResource,
// UntagResource, ListTagsForResource) on streams and consumers.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { client, K, kinesisEmulator, makeConsumer, makeStream, raw, rejects } from "./fanout-support.ts";

const emu = await kinesisEmulator();
const c = client(emu);

const ACCOUNT = "000000000000";
const many = (n: number, from = 0) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${String(i + from).padStart(2, "0")}`, `v${i + from}`]));

// --- AddTagsToStream ------------------------------------------------------------------------

const s1 = suite("AddTagsToStream: serialization");
s1("an empty answer; the tags as ListTagsForStream lists them", async () => {
  const s = await makeStream(c);
  const r = await c.send(new K.AddTagsToStreamCommand({ StreamName: s.name, Tags: { team: "data", "cost center": "42", empty: "" } }));
  assert.is(r.$metadata.httpStatusCode, 200);
  assert.equal(Object.keys(r).filter((k) => k !== "$metadata"), []);
  const l = await c.send(new K.ListTagsForStreamCommand({ StreamName: s.name }));
  assert.equal(l.Tags, [
    { Key: "cost center", Value: "42" },
    { Key: "empty", Value: "" },
    { Key: "team", Value: "data" },
  ]);
});

s1.run();

const s2 = suite("AddTagsToStream: validation");
s2("Tags required and non-empty, key and value lengths, a stream named", async () => {
  const s = await makeStream(c);
  await rejects(c.send(new K.AddTagsToStreamCommand({ StreamName: s.name } as K.AddTagsToStreamInput)), "ValidationException", /tags/);
  await rejects(c.send(new K.AddTagsToStreamCommand({ StreamName: s.name, Tags: {} })), "ValidationException", /tags/);
  await rejects(c.send(new K.AddTagsToStreamCommand({ StreamName: s.name, Tags: { ["k".repeat(129)]: "v" } })), "ValidationException", /tags/);
  await rejects(c.send(new K.AddTagsToStreamCommand({ StreamName: s.name, Tags: { k: "v".repeat(257) } })), "ValidationException", /tags/);
  await rejects(c.send(new K.AddTagsToStreamCommand({ Tags: { k: "v" } })), "InvalidArgumentException", "Either StreamName or StreamARN should be provided.");
  await rejects(
    c.send(new K.AddTagsToStreamCommand({ StreamName: s.name, Tags: { "bad*key": "v" } })),
    "InvalidArgumentException",
    "Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @ :.",
  );
  await rejects(
    c.send(new K.AddTagsToStreamCommand({ StreamName: s.name, Tags: { k: "50%" } })),
    "InvalidArgumentException",
    `Failed to add tags to stream ${s.name} under account ${ACCOUNT} because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@',':'.`,
  );
  const l = await c.send(new K.ListTagsForStreamCommand({ StreamName: s.name }));
  assert.equal(l.Tags, []);
});

s2.run();

const s3 = suite("AddTagsToStream: behaviour");
s3("by name or ARN; overwrites; 50 tags a stream; unknown stream", async () => {
  const s = await makeStream(c);
  await c.send(new K.AddTagsToStreamCommand({ StreamARN: s.arn, Tags: many(30) }));
  await c.send(new K.AddTagsToStreamCommand({ StreamName: s.name, Tags: { ...many(20, 30), k00: "new" } }));
  let l = await c.send(new K.ListTagsForStreamCommand({ StreamName: s.name }));
  assert.is(l.Tags!.length, 50);
  assert.equal(l.Tags![0], { Key: "k00", Value: "new" });
  // overwriting an existing key is fine at 50; a 51st key is not
  await c.send(new K.AddTagsToStreamCommand({ StreamName: s.name, Tags: { k01: "again" } }));
  await rejects(
    c.send(new K.AddTagsToStreamCommand({ StreamName: s.name, Tags: { k50: "one too many" } })),
    "InvalidArgumentException",
    `Failed to add tags to stream ${s.name} under account ${ACCOUNT} because a given stream cannot have more than 50 tags associated with it.`,
  );
  l = await c.send(new K.ListTagsForStreamCommand({ StreamName: s.name }));
  assert.is(l.Tags!.length, 50);
  await rejects(c.send(new K.AddTagsToStreamCommand({ StreamName: "nope", Tags: { a: "b" } })), "ResourceNotFoundException", `Stream nope under account ${ACCOUNT} not found.`);
});

// --- RemoveTagsFromStream -------------------------------------------------------------------

s3.run();

const s4 = suite("RemoveTagsFromStream: serialization");
s4("an empty answer", async () => {
  const s = await makeStream(c);
  await c.send(new K.AddTagsToStreamCommand({ StreamName: s.name, Tags: { a: "1" } }));
  const r = await c.send(new K.RemoveTagsFromStreamCommand({ StreamName: s.name, TagKeys: ["a"] }));
  assert.is(r.$metadata.httpStatusCode, 200);
  assert.equal(Object.keys(r).filter((k) => k !== "$metadata"), []);
});

s4.run();

const s5 = suite("RemoveTagsFromStream: validation");
s5("TagKeys required, 1 to 50 keys, characters", async () => {
  const s = await makeStream(c);
  await rejects(c.send(new K.RemoveTagsFromStreamCommand({ StreamName: s.name } as K.RemoveTagsFromStreamInput)), "ValidationException", /tagKeys/);
  await rejects(c.send(new K.RemoveTagsFromStreamCommand({ StreamName: s.name, TagKeys: [] })), "ValidationException", /tagKeys/);
  await rejects(c.send(new K.RemoveTagsFromStreamCommand({ StreamName: s.name, TagKeys: Object.keys(many(51)) })), "ValidationException", /tagKeys/);
  await rejects(c.send(new K.RemoveTagsFromStreamCommand({ StreamName: s.name, TagKeys: ["a%"] })), "InvalidArgumentException", /Failed to remove tags from stream/);
});

s5.run();

const s6 = suite("RemoveTagsFromStream: behaviour");
s6("removes the keys named, ignores others; unknown stream", async () => {
  const s = await makeStream(c);
  await c.send(new K.AddTagsToStreamCommand({ StreamName: s.name, Tags: { a: "1", b: "2", c: "3" } }));
  await c.send(new K.RemoveTagsFromStreamCommand({ StreamARN: s.arn, TagKeys: ["a", "c", "not-there"] }));
  const l = await c.send(new K.ListTagsForStreamCommand({ StreamName: s.name }));
  assert.equal(l.Tags, [{ Key: "b", Value: "2" }]);
  await rejects(c.send(new K.RemoveTagsFromStreamCommand({ StreamName: "nope", TagKeys: ["a"] })), "ResourceNotFoundException");
});

// --- ListTagsForStream ----------------------------------------------------------------------

s6.run();

const s7 = suite("ListTagsForStream: serialization");
s7("Tags and HasMoreTags, even with no tags", async () => {
  const s = await makeStream(c);
  const l = await c.send(new K.ListTagsForStreamCommand({ StreamName: s.name }));
  assert.equal(l.Tags, []);
  assert.is(l.HasMoreTags, false);
});

s7("on the wire: Tags as a list of Key/Value objects, HasMoreTags a boolean", async () => {
  const s = await makeStream(c);
  await c.send(new K.AddTagsToStreamCommand({ StreamName: s.name, Tags: { a: "1", b: "2" } }));
  const a = await raw(emu, "ListTagsForStream", { StreamName: s.name, Limit: 1 });
  assert.is(a.status, 200, a.text);
  assert.equal(a.json, { Tags: [{ Key: "a", Value: "1" }], HasMoreTags: true });
});

s7.run();

const s8 = suite("ListTagsForStream: validation");
s8("Limit 1 to 50, ExclusiveStartTagKey length", async () => {
  const s = await makeStream(c);
  await rejects(c.send(new K.ListTagsForStreamCommand({ StreamName: s.name, Limit: 0 })), "ValidationException", /limit/);
  await rejects(c.send(new K.ListTagsForStreamCommand({ StreamName: s.name, Limit: 51 })), "ValidationException", /limit/);
  await rejects(c.send(new K.ListTagsForStreamCommand({ StreamName: s.name, ExclusiveStartTagKey: "" })), "ValidationException", /exclusiveStartTagKey/);
});

s8.run();

const s9 = suite("ListTagsForStream: behaviour");
s9("pages by Limit and ExclusiveStartTagKey in key order", async () => {
  const s = await makeStream(c);
  await c.send(new K.AddTagsToStreamCommand({ StreamName: s.name, Tags: many(7) }));
  const keys: string[] = [];
  let start: string | undefined;
  for (;;) {
    const p = await c.send(new K.ListTagsForStreamCommand({ StreamName: s.name, Limit: 3, ExclusiveStartTagKey: start }));
    keys.push(...p.Tags!.map((t) => t.Key!));
    if (!p.HasMoreTags) break;
    start = p.Tags!.at(-1)!.Key;
  }
  assert.equal(keys, Object.keys(many(7)));
  const after = await c.send(new K.ListTagsForStreamCommand({ StreamName: s.name, ExclusiveStartTagKey: "k03x" }));
  assert.equal(after.Tags!.map((t) => t.Key), ["k04", "k05", "k06"]);
  await rejects(c.send(new K.ListTagsForStreamCommand({ StreamName: "nope" })), "ResourceNotFoundException");
});

// --- TagResource / UntagResource / ListTagsForResource --------------------------------------

s9.run();

const s10 = suite("TagResource: serialization");
s10("an empty answer; ListTagsForResource lists a Tags list", async () => {
  const s = await makeStream(c);
  const r = await c.send(new K.TagResourceCommand({ ResourceARN: s.arn, Tags: { b: "2", a: "1" } }));
  assert.is(r.$metadata.httpStatusCode, 200);
  assert.equal(Object.keys(r).filter((k) => k !== "$metadata"), []);
  const l = await c.send(new K.ListTagsForResourceCommand({ ResourceARN: s.arn }));
  assert.equal(l.Tags, [
    { Key: "a", Value: "1" },
    { Key: "b", Value: "2" },
  ]);
});

s10.run();

const s11 = suite("TagResource: validation");
s11("ResourceARN pattern, Tags required and non-empty", async () => {
  const s = await makeStream(c);
  await rejects(c.send(new K.TagResourceCommand({ ResourceARN: "arn:aws:sqs:us-east-1:000000000000:q", Tags: { a: "b" } })), "ValidationException", /resourceARN/);
  await rejects(c.send(new K.TagResourceCommand({ ResourceARN: s.arn, Tags: {} })), "ValidationException", /tags/);
  await rejects(c.send(new K.TagResourceCommand({ ResourceARN: s.arn } as K.TagResourceInput)), "ValidationException", /tags/);
});

s11.run();

const s12 = suite("TagResource: behaviour");
s12("streams and consumers; 50 tags each; unknown resources", async () => {
  const s = await makeStream(c);
  const consumer = await makeConsumer(c, s.arn);
  await c.send(new K.TagResourceCommand({ ResourceARN: s.arn, Tags: { on: "stream" } }));
  await c.send(new K.TagResourceCommand({ ResourceARN: consumer, Tags: { on: "consumer" } }));
  // the same tags seen through the stream operations
  const viaStream = await c.send(new K.ListTagsForStreamCommand({ StreamName: s.name }));
  assert.equal(viaStream.Tags, [{ Key: "on", Value: "stream" }]);
  assert.equal((await c.send(new K.ListTagsForResourceCommand({ ResourceARN: consumer }))).Tags, [{ Key: "on", Value: "consumer" }]);

  await c.send(new K.TagResourceCommand({ ResourceARN: consumer, Tags: many(49) }));
  await rejects(c.send(new K.TagResourceCommand({ ResourceARN: consumer, Tags: { extra: "x" } })), "InvalidArgumentException", /50 tags/);
  await rejects(c.send(new K.TagResourceCommand({ ResourceARN: s.arn, Tags: many(50) })), "InvalidArgumentException", /cannot have more than 50 tags/);

  const missingStream = s.arn.replace(/stream\/.*/, "stream/nope");
  await rejects(c.send(new K.TagResourceCommand({ ResourceARN: missingStream, Tags: { a: "b" } })), "ResourceNotFoundException", `Stream nope under account ${ACCOUNT} not found.`);
  const missingConsumer = consumer.replace(/\/consumer\/[^:]+:/, "/consumer/nobody:");
  await rejects(c.send(new K.TagResourceCommand({ ResourceARN: missingConsumer, Tags: { a: "b" } })), "ResourceNotFoundException", `Consumer ${missingConsumer}, account ${ACCOUNT} not found.`);
});

s12("RegisterStreamConsumer's Tags are the consumer's; they go with it", async () => {
  const s = await makeStream(c);
  const reg = await c.send(new K.RegisterStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "tagged", Tags: { owner: "me" } }));
  const arn = reg.Consumer!.ConsumerARN!;
  assert.equal((await c.send(new K.ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: "owner", Value: "me" }]);
  await c.send(new K.DeregisterStreamConsumerCommand({ ConsumerARN: arn }));
  emu.clock.advance(1000); // a new consumer of the same name has another ARN
  const again = await c.send(new K.RegisterStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "tagged" }));
  assert.equal((await c.send(new K.ListTagsForResourceCommand({ ResourceARN: again.Consumer!.ConsumerARN }))).Tags, []);
  await rejects(c.send(new K.ListTagsForResourceCommand({ ResourceARN: arn })), "ResourceNotFoundException");
});

s12("a consumer registered again under the same ARN (same name, same second) starts untagged", async () => {
  const s = await makeStream(c);
  const reg = async (tags?: Record<string, string>) =>
    (await c.send(new K.RegisterStreamConsumerCommand({ StreamARN: s.arn, ConsumerName: "again", Tags: tags }))).Consumer!.ConsumerARN!;
  const arn = await reg({ from: "register" });
  await c.send(new K.TagResourceCommand({ ResourceARN: arn, Tags: { from: "tag-resource" } }));
  await c.send(new K.DeregisterStreamConsumerCommand({ ConsumerARN: arn }));
  assert.is(await reg(), arn, "the clock is frozen: the same ARN");
  assert.equal((await c.send(new K.ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, []);
  // the same through the stream's deletion (EnforceConsumerDeletion) and a new stream of the name
  await c.send(new K.TagResourceCommand({ ResourceARN: arn, Tags: { round: "two" } }));
  await c.send(new K.DeleteStreamCommand({ StreamName: s.name, EnforceConsumerDeletion: true }));
  await c.send(new K.CreateStreamCommand({ StreamName: s.name, ShardCount: 1 }));
  assert.is(await reg(), arn);
  assert.equal((await c.send(new K.ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, []);
  assert.equal((await c.send(new K.ListTagsForStreamCommand({ StreamName: s.name }))).Tags, [], "the new stream starts untagged too");
});

s12.run();

const s13 = suite("UntagResource: serialization");
s13("an empty answer", async () => {
  const s = await makeStream(c);
  const r = await c.send(new K.UntagResourceCommand({ ResourceARN: s.arn, TagKeys: ["none"] }));
  assert.is(r.$metadata.httpStatusCode, 200);
  assert.equal(Object.keys(r).filter((k) => k !== "$metadata"), []);
});

s13.run();

const s14 = suite("UntagResource: validation");
s14("TagKeys required, 1 to 50; ResourceARN pattern", async () => {
  const s = await makeStream(c);
  await rejects(c.send(new K.UntagResourceCommand({ ResourceARN: s.arn, TagKeys: [] })), "ValidationException", /tagKeys/);
  await rejects(c.send(new K.UntagResourceCommand({ ResourceARN: s.arn } as K.UntagResourceInput)), "ValidationException", /tagKeys/);
  await rejects(c.send(new K.UntagResourceCommand({ ResourceARN: "nope", TagKeys: ["a"] })), "ValidationException", /resourceARN/);
});

s14.run();

const s15 = suite("UntagResource: behaviour");
s15("removes keys from a stream or a consumer, ignores others", async () => {
  const s = await makeStream(c);
  const consumer = await makeConsumer(c, s.arn);
  await c.send(new K.TagResourceCommand({ ResourceARN: s.arn, Tags: { a: "1", b: "2" } }));
  await c.send(new K.TagResourceCommand({ ResourceARN: consumer, Tags: { a: "1", b: "2" } }));
  await c.send(new K.UntagResourceCommand({ ResourceARN: s.arn, TagKeys: ["a", "zzz"] }));
  await c.send(new K.UntagResourceCommand({ ResourceARN: consumer, TagKeys: ["b"] }));
  assert.equal((await c.send(new K.ListTagsForResourceCommand({ ResourceARN: s.arn }))).Tags, [{ Key: "b", Value: "2" }]);
  assert.equal((await c.send(new K.ListTagsForResourceCommand({ ResourceARN: consumer }))).Tags, [{ Key: "a", Value: "1" }]);
  await rejects(c.send(new K.UntagResourceCommand({ ResourceARN: s.arn.replace(/stream\/.*/, "stream/nope"), TagKeys: ["a"] })), "ResourceNotFoundException");
});

s15.run();

const s16 = suite("ListTagsForResource: serialization");
s16("an empty Tags list for an untagged stream", async () => {
  const s = await makeStream(c);
  const l = await c.send(new K.ListTagsForResourceCommand({ ResourceARN: s.arn }));
  assert.equal(l.Tags, []);
});

s16("on the wire: {\"Tags\": [...]}", async () => {
  const s = await makeStream(c);
  await c.send(new K.TagResourceCommand({ ResourceARN: s.arn, Tags: { k: "v" } }));
  const a = await raw(emu, "ListTagsForResource", { ResourceARN: s.arn });
  assert.is(a.status, 200, a.text);
  assert.equal(a.json, { Tags: [{ Key: "k", Value: "v" }] });
});

s16.run();

const s17 = suite("ListTagsForResource: validation");
s17("ResourceARN required and an ARN of Kinesis", async () => {
  await rejects(c.send(new K.ListTagsForResourceCommand({} as K.ListTagsForResourceInput)), "ValidationException", /resourceARN/);
  await rejects(c.send(new K.ListTagsForResourceCommand({ ResourceARN: "arn:aws:kinesis:us-east-1:000000000000:table/t" })), "ValidationException", /resourceARN/);
});

s17.run();

const s18 = suite("ListTagsForResource: behaviour");
s18("CreateStream's tags; another region's ARN is not found here", async () => {
  const name = `created-with-tags-${Date.now().toString(36)}`;
  await c.send(new K.CreateStreamCommand({ StreamName: name, ShardCount: 1, Tags: { from: "create" } }));
  const arn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;
  assert.equal((await c.send(new K.ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: "from", Value: "create" }]);
  await rejects(c.send(new K.ListTagsForResourceCommand({ ResourceARN: arn.replace("us-east-1", "eu-west-1") })), "ResourceNotFoundException");
});

s18.run();

const teardown = suite("teardown");
teardown("clients closed, emulators stopped", async () => {
  c.destroy();
  await emu.stop();
});
teardown.run();

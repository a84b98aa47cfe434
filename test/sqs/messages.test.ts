// test-timeout: 240
// SQS messages through @aws-sdk/client-sqs and raw awsJson 1.0: SendMessage(+Batch),
// ReceiveMessage (long polling, attribute selection), DeleteMessage(+Batch),
// ChangeMessageVisibility(+Batch), delays and retention — serialization, validation,
// behaviour. Time moves by advancing the emulator's clock, never by sleeping.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
} from "@aws-sdk/client-sqs";
import { counts, fails, makeQueue, md5, md5OfAttributes, raw, setup } from "./support.ts";

const ctx = await setup({ frozen: true });
const { emu, sqs, port } = ctx;

const receive = async (QueueUrl: string, extra: Record<string, unknown> = {}): Promise<Message[]> =>
  (await sqs.send(new ReceiveMessageCommand({ QueueUrl, ...extra }))).Messages ?? [];

const STAR_WARS = {
  General: { DataType: "String", StringValue: "Kenobi" },
  Hello: { DataType: "String", StringValue: "There" },
  "Help.Me": { DataType: "String", StringValue: "Me" },
};

// ---------------------------------------------------------------------------------------
const ser = suite("messages: serialization");

ser("SendMessage answers the body's MD5 and AWS's MD5 of the attributes", async () => {
  const url = await makeQueue(sqs, "md5");
  const out = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "msg", MessageAttributes: STAR_WARS }));
  assert.is(out.MD5OfMessageBody, md5("msg"));
  // the value AWS answered for these attributes (recorded against AWS, published with LocalStack's tests)
  assert.is(out.MD5OfMessageAttributes, "4c360f3fdafd970e05fae2f149d997f5");
  assert.is(out.MD5OfMessageAttributes, md5OfAttributes(STAR_WARS));
  assert.match(out.MessageId!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.is(out.SequenceNumber, undefined);
  assert.is(out.MD5OfMessageSystemAttributes, undefined);
});

ser("binary and number attributes, a custom type, and the system attribute AWSTraceHeader", async () => {
  const url = await makeQueue(sqs, "md5-types");
  const attrs = {
    bin: { DataType: "Binary", BinaryValue: new Uint8Array([0, 1, 2, 254, 255]) },
    num: { DataType: "Number", StringValue: "-12.5e3" },
    custom: { DataType: "String.custom", StringValue: "ünïcödé" },
  };
  const trace = { AWSTraceHeader: { DataType: "String", StringValue: "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1" } };
  const out = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "typed", MessageAttributes: attrs, MessageSystemAttributes: trace }));
  assert.is(out.MD5OfMessageAttributes, md5OfAttributes(attrs));
  assert.is(out.MD5OfMessageSystemAttributes, md5OfAttributes(trace));
  const [m] = await receive(url, { MessageAttributeNames: ["All"], MessageSystemAttributeNames: ["AWSTraceHeader"] });
  assert.equal([...m.MessageAttributes!.bin.BinaryValue!], [0, 1, 2, 254, 255]);
  assert.is(m.MessageAttributes!.num.StringValue, "-12.5e3");
  assert.is(m.MessageAttributes!.custom.DataType, "String.custom");
  assert.is(m.MD5OfMessageAttributes, md5OfAttributes(attrs));
  assert.equal(m.Attributes, { AWSTraceHeader: trace.AWSTraceHeader.StringValue });
});

ser("ReceiveMessage selects message attributes: All, .*, names, prefix.*; its MD5 covers what it returns", async () => {
  const url = await makeQueue(sqs, "select", { VisibilityTimeout: "0" });
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "msg", MessageAttributes: STAR_WARS }));
  const pick = async (names?: string[]) => (await receive(url, names ? { MessageAttributeNames: names } : {}))[0];
  const none = await pick();
  assert.is(none.MessageAttributes, undefined);
  assert.is(none.MD5OfMessageAttributes, undefined);
  for (const all of [["All"], [".*"]]) {
    const m = await pick(all);
    assert.equal(Object.keys(m.MessageAttributes!).sort(), ["General", "Hello", "Help.Me"]);
    assert.is(m.MD5OfMessageAttributes, "4c360f3fdafd970e05fae2f149d997f5");
  }
  // values AWS answered for these selections (recorded against AWS)
  const one = await pick(["Hello", "Nope"]);
  assert.equal(Object.keys(one.MessageAttributes!), ["Hello"]);
  assert.is(one.MD5OfMessageAttributes, "a311262e065454b75da111d535b8dacd");
  const prefix = await pick(["He.*"]);
  assert.equal(Object.keys(prefix.MessageAttributes!).sort(), ["Hello", "Help.Me"]);
  assert.is(prefix.MD5OfMessageAttributes, "83fee93c1bcd8b9a5a923ffacdc636c7");
  const missing = await pick(["Nope"]);
  assert.is(missing.MessageAttributes, undefined);
});

ser("ReceiveMessage selects system attributes by AttributeNames and MessageSystemAttributeNames", async () => {
  const url = await makeQueue(sqs, "sysattrs", { VisibilityTimeout: "0" });
  const sentAt = emu.clock.now();
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "msg" }));
  const all = (await receive(url, { MessageSystemAttributeNames: ["All"] }))[0].Attributes!;
  assert.equal(Object.keys(all).sort(), ["ApproximateFirstReceiveTimestamp", "ApproximateReceiveCount", "SenderId", "SentTimestamp"]);
  assert.ok(Math.abs(Number(all.SentTimestamp) - sentAt) < 1000);
  assert.is(all.SenderId, "AKIDEXAMPLE");
  // the older AttributeNames member (the model types it as queue attribute names: All is what passes)
  const legacy = (await receive(url, { AttributeNames: ["All"] }))[0].Attributes!;
  assert.is(legacy.ApproximateReceiveCount, "2");
  assert.is((await receive(url))[0].Attributes, undefined);
});

ser("raw SendMessageBatch: Successful and Failed entries as JSON", async () => {
  const url = await makeQueue(sqs, "raw-batch", { MaximumMessageSize: "1024" });
  const a = await raw(port, "SendMessageBatch", {
    QueueUrl: url,
    Entries: [
      { Id: "ok", MessageBody: "fine" },
      { Id: "big", MessageBody: "x".repeat(1025) },
    ],
  });
  assert.is(a.status, 200, a.text);
  const ok = (a.json.Successful as Record<string, unknown>[])[0];
  assert.is(ok.Id, "ok");
  assert.is(ok.MD5OfMessageBody, md5("fine"));
  assert.equal(a.json.Failed, [
    { Id: "big", SenderFault: true, Code: "InvalidParameterValue", Message: "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes." },
  ]);
});

ser.run();

// ---------------------------------------------------------------------------------------
const val = suite("messages: validation");

val("message size: 256 KiB by default, the queue's MaximumMessageSize otherwise, attributes counted", async () => {
  const url = await makeQueue(sqs, "size");
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x".repeat(262_144) }));
  await fails(
    sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x".repeat(262_145) })),
    "InvalidParameterValue",
    "One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.",
  );
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { MaximumMessageSize: "1024" } }));
  // 1000 + "a" + "String" + 20 = 1027 bytes
  await fails(
    sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x".repeat(1000), MessageAttributes: { a: { DataType: "String", StringValue: "y".repeat(20) } } })),
    "InvalidParameterValue",
    "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.",
  );
});

val("attributes must have values; bodies only XML characters; DelaySeconds 0 to 900", async () => {
  const url = await makeQueue(sqs, "attr-check");
  await fails(
    sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageAttributes: { ErrorDetails: { DataType: "String", StringValue: "" } } })),
    "InvalidParameterValue",
    "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'.",
  );
  await fails(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "bad \u0001 char" })), "InvalidMessageContents");
  await fails(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", DelaySeconds: 901 })), "InvalidParameterValue", /parameter DelaySeconds is invalid/);
  await fails(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageDeduplicationId: "d" })), "InvalidParameterValue",
    "Value d for parameter MessageDeduplicationId is invalid. Reason: The request includes a parameter that is not valid for this queue type.");
});

val("ReceiveMessage: MaxNumberOfMessages 1 to 10, WaitTimeSeconds 0 to 20", async () => {
  const url = await makeQueue(sqs, "recv-check");
  await fails(receive(url, { MaxNumberOfMessages: 11 }), "InvalidParameterValue", "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
  await fails(receive(url, { MaxNumberOfMessages: 0 }), "InvalidParameterValue", "Value 0 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
  await fails(receive(url, { WaitTimeSeconds: 21 }), "InvalidParameterValue", "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.");
});

val("batches: at most 10 entries, well-formed distinct ids, 256 KiB in all", async () => {
  const url = await makeQueue(sqs, "batch-check");
  const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ Id: `e${i}`, MessageBody: "x" }));
  await fails(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries(11) })), "TooManyEntriesInBatchRequest",
    "Maximum number of entries per request are 10. You have sent 11.", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest");
  await fails(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] })), "EmptyBatchRequest", undefined, "AWS.SimpleQueueService.EmptyBatchRequest");
  for (const id of ["", "invalid:id", "x".repeat(81)]) {
    await fails(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: id, MessageBody: "x" }] })), "InvalidBatchEntryId",
      "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.");
  }
  await fails(sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: "a", ReceiptHandle: "h" }, { Id: "a", ReceiptHandle: "h" }] })), "BatchEntryIdsNotDistinct");
  await fails(
    sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: "a", MessageBody: "x".repeat(200_000) }, { Id: "b", MessageBody: "x".repeat(62_145) }] })),
    "BatchRequestTooLong",
    "Batch requests cannot be longer than 262144 bytes. You have sent 262145 bytes.",
  );
  assert.equal(await counts(sqs, url), [0, 0, 0], "nothing of a refused batch was sent");
});

val("receipt handles: garbage and another queue's handle are ReceiptHandleIsInvalid", async () => {
  const a = await makeQueue(sqs, "handles-a");
  const b = await makeQueue(sqs, "handles-b");
  await fails(sqs.send(new DeleteMessageCommand({ QueueUrl: a, ReceiptHandle: "garbage" })), "ReceiptHandleIsInvalid",
    'The input receipt handle "garbage" is not a valid receipt handle.', "ReceiptHandleIsInvalid");
  await sqs.send(new SendMessageCommand({ QueueUrl: b, MessageBody: "x" }));
  const [m] = await receive(b);
  await fails(sqs.send(new DeleteMessageCommand({ QueueUrl: a, ReceiptHandle: m.ReceiptHandle })), "ReceiptHandleIsInvalid");
  await fails(sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: a, ReceiptHandle: "garbage", VisibilityTimeout: 5 })), "ReceiptHandleIsInvalid");
});

val("ChangeMessageVisibility: at most 12 hours from the receive", async () => {
  const url = await makeQueue(sqs, "vis-limit");
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x" }));
  const [m] = await receive(url, { VisibilityTimeout: 43_200 });
  await fails(sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 43_201 })), "InvalidParameterValue",
    "Value 43201 for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds].");
  emu.clock.advance(43_000_000);
  await fails(sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 300 })), "InvalidParameterValue",
    /Total VisibilityTimeout for the message is beyond the limit \[43200 seconds\]/);
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 100 }));
});

val.run();

// ---------------------------------------------------------------------------------------
const beh = suite("messages: behaviour");

beh("visibility timeout: hidden while in flight, back after it ends, a new receipt handle each receive", async () => {
  const url = await makeQueue(sqs, "visibility");
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "once" }));
  const first = await receive(url, { MessageSystemAttributeNames: ["All"] });
  assert.is(first.length, 1);
  assert.equal(await counts(sqs, url), [0, 1, 0]);
  assert.equal(await receive(url), []);
  emu.clock.advance(29_999);
  assert.equal(await receive(url), [], "still hidden 1 ms before the 30 s default");
  emu.clock.advance(1);
  assert.equal(await counts(sqs, url), [1, 0, 0]);
  const second = await receive(url, { MessageSystemAttributeNames: ["All"] });
  assert.is(second[0].MessageId, first[0].MessageId);
  assert.is.not(second[0].ReceiptHandle, first[0].ReceiptHandle);
  assert.is(second[0].Attributes!.ApproximateReceiveCount, "2");
  assert.is(second[0].Attributes!.ApproximateFirstReceiveTimestamp, first[0].Attributes!.ApproximateFirstReceiveTimestamp);
  // an earlier receive's handle: the call succeeds, the message stays (standard queue)
  await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first[0].ReceiptHandle }));
  assert.equal(await counts(sqs, url), [0, 1, 0]);
  await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second[0].ReceiptHandle }));
  assert.equal(await counts(sqs, url), [0, 0, 0]);
  // deleting again is no error
  await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second[0].ReceiptHandle }));
});

beh("ReceiveMessage VisibilityTimeout, 0 included; the queue's VisibilityTimeout", async () => {
  const url = await makeQueue(sqs, "vis-param", { VisibilityTimeout: "5" });
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x" }));
  assert.is((await receive(url, { VisibilityTimeout: 0 })).length, 1);
  assert.is((await receive(url, { VisibilityTimeout: 100 })).length, 1, "0 left it visible");
  emu.clock.advance(99_000);
  assert.equal(await receive(url), []);
  emu.clock.advance(1_000);
  assert.is((await receive(url)).length, 1);
  emu.clock.advance(4_999);
  assert.equal(await receive(url), [], "the queue's 5 s");
  emu.clock.advance(1);
  assert.is((await receive(url)).length, 1);
});

beh("ChangeMessageVisibility: 0 returns a message at once, a longer one keeps it hidden", async () => {
  const url = await makeQueue(sqs, "change-vis");
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x" }));
  const [m] = await receive(url);
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 }));
  const [again] = await receive(url);
  assert.is(again.MessageId, m.MessageId);
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: again.ReceiptHandle, VisibilityTimeout: 120 }));
  emu.clock.advance(60_000);
  assert.equal(await receive(url), [], "30 s is no longer what counts");
  emu.clock.advance(60_000);
  assert.is((await receive(url)).length, 1);
});

beh("the batch forms: per-entry success and failure", async () => {
  const url = await makeQueue(sqs, "batch-ops");
  const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [1, 2, 3].map((i) => ({ Id: `m${i}`, MessageBody: `body ${i}` })) }));
  assert.equal(sent.Successful!.map((s) => s.Id), ["m1", "m2", "m3"]);
  assert.equal(sent.Successful!.map((s) => s.MD5OfMessageBody), [1, 2, 3].map((i) => md5(`body ${i}`)));
  assert.equal(sent.Failed ?? [], []);
  const got = await receive(url, { MaxNumberOfMessages: 10 });
  assert.is(got.length, 3);
  const cv = await sqs.send(new ChangeMessageVisibilityBatchCommand({
    QueueUrl: url,
    Entries: [
      { Id: "a", ReceiptHandle: got[0].ReceiptHandle, VisibilityTimeout: 0 },
      { Id: "b", ReceiptHandle: "nope", VisibilityTimeout: 0 },
    ],
  }));
  assert.equal(cv.Successful!.map((s) => s.Id), ["a"]);
  assert.equal(cv.Failed, [{ Id: "b", SenderFault: true, Code: "ReceiptHandleIsInvalid", Message: 'The input receipt handle "nope" is not a valid receipt handle.' }]);
  assert.equal(await counts(sqs, url), [1, 2, 0]);
  const del = await sqs.send(new DeleteMessageBatchCommand({
    QueueUrl: url,
    Entries: [
      { Id: "x", ReceiptHandle: got[1].ReceiptHandle },
      { Id: "y", ReceiptHandle: got[2].ReceiptHandle },
      { Id: "z", ReceiptHandle: "bad" },
    ],
  }));
  assert.equal(del.Successful!.map((s) => s.Id), ["x", "y"]);
  assert.equal(del.Failed!.map((f) => [f.Id, f.Code, f.SenderFault]), [["z", "ReceiptHandleIsInvalid", true]]);
  assert.equal(await counts(sqs, url), [1, 0, 0]);
});

beh("MaxNumberOfMessages: up to 10 at once, each message once", async () => {
  const url = await makeQueue(sqs, "many");
  for (let b = 0; b < 2; b++) {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: Array.from({ length: 8 }, (_, i) => ({ Id: `i${i}`, MessageBody: `m${b * 8 + i}` })) }));
  }
  const a = await receive(url, { MaxNumberOfMessages: 10 });
  const b = await receive(url, { MaxNumberOfMessages: 10 });
  assert.is(a.length, 10);
  assert.is(b.length, 6);
  assert.is(new Set([...a, ...b].map((m) => m.Body)).size, 16);
  assert.equal(await counts(sqs, url), [0, 16, 0]);
});

beh("delays: per message and per queue, counted as delayed until they end", async () => {
  const url = await makeQueue(sqs, "delays", { DelaySeconds: "20" });
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "queue delay" }));
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "own delay", DelaySeconds: 5 }));
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "no delay", DelaySeconds: 0 }));
  assert.equal(await counts(sqs, url), [1, 0, 2]);
  emu.clock.advance(5_000);
  assert.equal(await counts(sqs, url), [2, 0, 1]);
  emu.clock.advance(15_000);
  assert.equal(await counts(sqs, url), [3, 0, 0]);
  const bodies = (await receive(url, { MaxNumberOfMessages: 10 })).map((m) => m.Body).sort();
  assert.equal(bodies, ["no delay", "own delay", "queue delay"]);
});

beh("retention: messages older than MessageRetentionPeriod are gone, in flight or not", async () => {
  const url = await makeQueue(sqs, "retention", { MessageRetentionPeriod: "60" });
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "a" }));
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "b" }));
  await receive(url, { VisibilityTimeout: 600 });
  emu.clock.advance(30_000);
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "young" }));
  emu.clock.advance(29_999);
  assert.equal(await counts(sqs, url), [2, 1, 0]);
  emu.clock.advance(1);
  assert.equal(await counts(sqs, url), [1, 0, 0]);
  assert.equal((await receive(url)).map((m) => m.Body), ["young"]);
  // a shorter period applies to messages already there
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { MessageRetentionPeriod: "60" } }));
  emu.clock.advance(30_000);
  assert.equal(await counts(sqs, url), [0, 0, 0]);
});

beh("long polling: a waiting receive returns as soon as a message is sent", async () => {
  const url = await makeQueue(sqs, "long-poll");
  const started = performance.now();
  const waiting = receive(url, { WaitTimeSeconds: 10 });
  await new Promise((r) => setTimeout(r, 100));
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "wake up" }));
  const got = await waiting;
  const ms = performance.now() - started;
  assert.equal(got.map((m) => m.Body), ["wake up"]);
  assert.ok(ms < 500, `returned after ${ms.toFixed(0)} ms`);
});

beh("long polling: with no message the receive ends with the wait, on the clock", async () => {
  const url = await makeQueue(sqs, "long-empty");
  let done = false;
  const started = performance.now();
  const waiting = receive(url, { WaitTimeSeconds: 10 }).then((m) => {
    done = true;
    return m;
  });
  await new Promise((r) => setTimeout(r, 100));
  emu.clock.advance(9_000);
  await new Promise((r) => setTimeout(r, 50));
  assert.is(done, false, "still waiting after 9 s");
  emu.clock.advance(1_000);
  assert.equal(await waiting, []);
  assert.ok(performance.now() - started < 2_000, "ended by the clock, not by wall time");
});

beh("long polling: the queue's ReceiveMessageWaitTimeSeconds; a message that becomes visible wakes a waiter", async () => {
  const url = await makeQueue(sqs, "long-queue", { ReceiveMessageWaitTimeSeconds: "20", VisibilityTimeout: "5" });
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "returning" }));
  const [m] = await receive(url);
  const waiting = receive(url);
  await new Promise((r) => setTimeout(r, 50));
  emu.clock.advance(5_000); // the visibility timeout ends while the receive waits
  const got = await waiting;
  assert.is(got[0].MessageId, m.MessageId);
  await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: got[0].ReceiptHandle }));
  // two waiters, one message: one gets it, the other keeps waiting until its wait ends
  const w1 = receive(url, { WaitTimeSeconds: 10, VisibilityTimeout: 60 });
  const w2 = receive(url, { WaitTimeSeconds: 10, VisibilityTimeout: 60 });
  await new Promise((r) => setTimeout(r, 50));
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "only one" }));
  await new Promise((r) => setTimeout(r, 50));
  emu.clock.advance(10_000);
  const [a, b] = await Promise.all([w1, w2]);
  assert.is(a.length + b.length, 1);
});

beh("approximate counters stay exact through sends, receives, deletes and timeouts", async () => {
  const url = await makeQueue(sqs, "counters");
  await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `i${i}`, MessageBody: `m${i}`, DelaySeconds: i < 3 ? 10 : 0 })) }));
  assert.equal(await counts(sqs, url), [7, 0, 3]);
  const got = await receive(url, { MaxNumberOfMessages: 4, VisibilityTimeout: 20 });
  assert.equal(await counts(sqs, url), [3, 4, 3]);
  await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: got[0].ReceiptHandle }));
  assert.equal(await counts(sqs, url), [3, 3, 3]);
  emu.clock.advance(10_000);
  assert.equal(await counts(sqs, url), [6, 3, 0]);
  emu.clock.advance(10_000);
  assert.equal(await counts(sqs, url), [9, 0, 0]);
});

beh("a queue deleted during a long poll answers the waiting receive with nothing", async () => {
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: "deleted-while-waiting" }))).QueueUrl!;
  const waiting = receive(url, { WaitTimeSeconds: 20 });
  await new Promise((r) => setTimeout(r, 50));
  await raw(port, "DeleteQueue", { QueueUrl: url });
  assert.equal(await waiting, []);
});

beh.after(async () => {
  await ctx.close();
});
beh.run();

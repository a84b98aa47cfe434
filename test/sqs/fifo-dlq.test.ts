// test-timeout: 240
// FIFO queues (ordering per group, groups blocked while in flight, deduplication windows,
// sequence numbers) and dead-letter queues (RedrivePolicy, RedriveAllowPolicy,
// ListDeadLetterSourceQueues, message move tasks) through @aws-sdk/client-sqs —
// serialization, validation, behaviour. The clock is frozen: time moves by advance().
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  CancelMessageMoveTaskCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListDeadLetterSourceQueuesCommand,
  ListMessageMoveTasksCommand,
  type Message,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";
import { ACCOUNT, counts, fails, makeQueue, md5, receiveAll, setup, sha256 } from "./support.ts";

const ctx = await setup({ frozen: true });
const { emu, sqs } = ctx;

const receive = (QueueUrl: string, extra?: Record<string, unknown>): Promise<Message[]> => receiveAll(sqs, QueueUrl, extra);
const arnOf = (url: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${url.split("/").pop()}`;

// ---------------------------------------------------------------------------------------
const ser = suite("fifo: serialization");

ser("SendMessage answers a SequenceNumber; receives carry group, deduplication id and sequence number", async () => {
  const url = await makeQueue(sqs, "seq.fifo");
  const a = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "one", MessageGroupId: "g", MessageDeduplicationId: "d1" }));
  const b = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "two", MessageGroupId: "g", MessageDeduplicationId: "d2" }));
  assert.match(a.SequenceNumber!, /^\d{20}$/);
  assert.ok(BigInt(b.SequenceNumber!) > BigInt(a.SequenceNumber!), "sequence numbers grow");
  assert.is(a.MD5OfMessageBody, md5("one"));
  const [m] = await receive(url);
  assert.is(m.Attributes!.MessageGroupId, "g");
  assert.is(m.Attributes!.MessageDeduplicationId, "d1");
  assert.is(m.Attributes!.SequenceNumber, a.SequenceNumber);
});

ser.run();

// ---------------------------------------------------------------------------------------
const val = suite("fifo: validation");

val("MessageGroupId is required; a deduplication id unless ContentBasedDeduplication", async () => {
  const url = await makeQueue(sqs, "req.fifo");
  await fails(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageDeduplicationId: "d" })), "MissingParameter",
    "The request must contain the parameter MessageGroupId.", "MissingParameter");
  await fails(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageGroupId: "g" })), "InvalidParameterValue",
    "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
  await fails(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: "a", MessageBody: "x", MessageDeduplicationId: "d" }] })), "InvalidParameterValue",
    "The request must contain the parameter MessageGroupId.");
  await fails(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageGroupId: "g", MessageDeduplicationId: "d", DelaySeconds: 2 })), "InvalidParameterValue",
    "Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.");
  await fails(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageGroupId: "has space", MessageDeduplicationId: "d" })), "InvalidParameterValue",
    /^Value has space for parameter MessageGroupId is invalid/);
  assert.equal(await counts(sqs, url), [0, 0, 0]);
});

val("a FIFO receipt handle whose visibility timeout ended has expired", async () => {
  const url = await makeQueue(sqs, "expired.fifo");
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "g1-m1", MessageGroupId: "g1", MessageDeduplicationId: "1" }));
  const [m] = await receive(url, { VisibilityTimeout: 10 });
  emu.clock.advance(10_000);
  await fails(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle })), "InvalidParameterValue",
    `Value ${m.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`);
  assert.equal(await counts(sqs, url), [1, 0, 0]);
});

val.run();

// ---------------------------------------------------------------------------------------
const beh = suite("fifo: behaviour");

beh("order per group; a group is blocked while one of its messages is in flight; other groups go on", async () => {
  const url = await makeQueue(sqs, "order.fifo", { ContentBasedDeduplication: "true" });
  for (let i = 0; i < 5; i++) {
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `a${i}`, MessageGroupId: "A" }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `b${i}`, MessageGroupId: "B" }));
  }
  const first = await receive(url, { MaxNumberOfMessages: 3 });
  assert.equal(first.map((m) => m.Body), ["a0", "a1", "a2"], "as many of one group as asked for, in order");
  const second = await receive(url, { MaxNumberOfMessages: 10 });
  assert.equal(second.map((m) => m.Body), ["b0", "b1", "b2", "b3", "b4"], "group A is blocked");
  assert.equal(await receive(url), []);
  for (const m of first.slice(0, 2)) await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
  assert.equal(await receive(url), [], "a2 still in flight");
  emu.clock.advance(30_000);
  // a2 came back first in its group (and B's messages, never deleted, come back in order)
  const again = await receive(url, { MaxNumberOfMessages: 10 });
  const bodiesA = again.filter((m) => m.Attributes!.MessageGroupId === "A").map((m) => m.Body);
  assert.equal(bodiesA, ["a2", "a3", "a4"]);
  const a2 = again.find((m) => m.Body === "a2")!;
  assert.is(a2.Attributes!.ApproximateReceiveCount, "2");
});

beh("deduplication: an explicit id within 5 minutes is the same message, even after a delete", async () => {
  const url = await makeQueue(sqs, "dedup.fifo");
  const a = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageGroupId: "g", MessageDeduplicationId: "same" }));
  const b = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "other body", MessageGroupId: "g", MessageDeduplicationId: "same" }));
  assert.is(b.MessageId, a.MessageId);
  assert.is(b.SequenceNumber, a.SequenceNumber);
  assert.equal(await counts(sqs, url), [1, 0, 0]);
  const [m] = await receive(url);
  await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
  emu.clock.advance(4 * 60_000);
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageGroupId: "g", MessageDeduplicationId: "same" }));
  assert.equal(await counts(sqs, url), [0, 0, 0], "no duplicate delivered after the delete");
  emu.clock.advance(60_000);
  const c = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageGroupId: "g", MessageDeduplicationId: "same" }));
  assert.is.not(c.MessageId, a.MessageId, "the 5-minute window has passed");
  assert.equal(await counts(sqs, url), [1, 0, 0]);
});

beh("ContentBasedDeduplication: SHA-256 of the body is the deduplication id", async () => {
  const url = await makeQueue(sqs, "cbd.fifo", { ContentBasedDeduplication: "true" });
  const a = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "same body", MessageGroupId: "g1" }));
  const b = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "same body", MessageGroupId: "g2" }));
  assert.is(b.MessageId, a.MessageId, "queue-wide scope: the group does not matter");
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "same body", MessageGroupId: "g1", MessageDeduplicationId: "explicit" }));
  const got = await receive(url, { MaxNumberOfMessages: 10 });
  assert.is(got.length, 2);
  assert.is(got[0].Attributes!.MessageDeduplicationId, sha256("same body"));
});

beh("high throughput: DeduplicationScope messageGroup keeps groups apart; FifoThroughputLimit accepted", async () => {
  const url = await makeQueue(sqs, "ht.fifo", { DeduplicationScope: "messageGroup", FifoThroughputLimit: "perMessageGroupId" });
  const a = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageGroupId: "g1", MessageDeduplicationId: "d" }));
  const b = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageGroupId: "g2", MessageDeduplicationId: "d" }));
  const c = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageGroupId: "g1", MessageDeduplicationId: "d" }));
  assert.is.not(b.MessageId, a.MessageId);
  assert.is(c.MessageId, a.MessageId);
  const attrs = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["DeduplicationScope", "FifoThroughputLimit"] }))).Attributes;
  assert.equal(attrs, { DeduplicationScope: "messageGroup", FifoThroughputLimit: "perMessageGroupId" });
});

beh("a FIFO queue's DelaySeconds delays every message", async () => {
  const url = await makeQueue(sqs, "fdelay.fifo", { DelaySeconds: "10", ContentBasedDeduplication: "true" });
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "late", MessageGroupId: "g", DelaySeconds: 0 }));
  assert.equal(await counts(sqs, url), [0, 0, 1]);
  emu.clock.advance(10_000);
  assert.equal((await receive(url)).map((m) => m.Body), ["late"]);
});

beh.run();

// ---------------------------------------------------------------------------------------
const dval = suite("dead-letter queues: validation");

dval("a RedrivePolicy must name an existing queue of the same type", async () => {
  const fifoDlq = await makeQueue(sqs, "dlq.fifo");
  await fails(
    sqs.send(new CreateQueueCommand({ QueueName: "std-to-fifo", Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(fifoDlq), maxReceiveCount: 3 }) } })),
    "InvalidParameterValue",
  );
});

dval("move tasks: the source must exist and be a dead-letter queue; one task at a time; bad handles", async () => {
  const plain = await makeQueue(sqs, "not-dlq");
  await fails(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: `${arnOf(plain)}-missing` })), "ResourceNotFoundException",
    "The resource that you specified for the SourceArn parameter doesn't exist.");
  await fails(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(plain) })), "InvalidParameterValue", "Source queue must be configured as a Dead Letter Queue.");
  const dlq = await makeQueue(sqs, "busy-dlq");
  await makeQueue(sqs, "busy-src", { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 1 }) });
  for (let i = 0; i < 3; i++) await sqs.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: `m${i}` }));
  await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(dlq), MaxNumberOfMessagesPerSecond: 1 }));
  await fails(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(dlq) })), "InvalidParameterValue",
    "There is already a task running. Only one active task is allowed for a source queue arn at a given time.");
  await fails(sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: "not-a-handle" })), "InvalidParameterValue", "Value for parameter TaskHandle is invalid.");
  await fails(sqs.send(new ListMessageMoveTasksCommand({ SourceArn: "nope" })), "InvalidParameterValue", /^You must use this format to specify the SourceArn/);
});

dval.run();

// ---------------------------------------------------------------------------------------
const dlqs = suite("dead-letter queues: behaviour");

async function pair(maxReceiveCount: number, dlqAttributes: Record<string, string> = {}) {
  const dlq = await makeQueue(sqs, "dlq", dlqAttributes);
  const src = await makeQueue(sqs, "src", { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount }) });
  return { dlq, src };
}

dlqs("after maxReceiveCount receives a message moves to the dead-letter queue", async () => {
  const { dlq, src } = await pair(2);
  const sent = await sqs.send(new SendMessageCommand({ QueueUrl: src, MessageBody: "poison" }));
  for (let i = 1; i <= 2; i++) {
    const [m] = await receive(src);
    assert.is(m.Attributes!.ApproximateReceiveCount, String(i));
    emu.clock.advance(30_000);
  }
  assert.equal(await receive(src), [], "the third receive finds it gone");
  assert.equal(await counts(sqs, src), [0, 0, 0]);
  const [dead] = await receive(dlq);
  assert.is(dead.MessageId, sent.MessageId);
  assert.is(dead.Body, "poison");
  assert.is(dead.Attributes!.DeadLetterQueueSourceArn, arnOf(src));
  const sources = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }));
  assert.equal(sources.queueUrls, [src]);
});

dlqs("a dead-lettered message keeps its receive count and first receive time: received across all queues", async () => {
  const { dlq, src } = await pair(2);
  await sqs.send(new SendMessageCommand({ QueueUrl: src, MessageBody: "counted" }));
  const [first] = await receive(src);
  emu.clock.advance(30_000);
  await receive(src);
  emu.clock.advance(30_000);
  assert.equal(await receive(src), [], "moved on the third receive");
  const [dead] = await receive(dlq);
  assert.is(dead.Attributes!.ApproximateReceiveCount, "3");
  assert.is(dead.Attributes!.ApproximateFirstReceiveTimestamp, first.Attributes!.ApproximateFirstReceiveTimestamp);
  emu.clock.advance(30_000);
  const [again] = await receive(dlq);
  assert.is(again.Attributes!.ApproximateReceiveCount, "4");
});

dlqs("RedriveAllowPolicy: denyAll keeps messages in the source; byQueue lets the listed queues in", async () => {
  const denied = await pair(1, { RedriveAllowPolicy: JSON.stringify({ redrivePermission: "denyAll" }) });
  await sqs.send(new SendMessageCommand({ QueueUrl: denied.src, MessageBody: "stays" }));
  await receive(denied.src);
  emu.clock.advance(30_000);
  assert.is((await receive(denied.src)).length, 1, "delivered again, not moved");
  assert.equal(await counts(sqs, denied.dlq), [0, 0, 0]);

  const dlq = await makeQueue(sqs, "byqueue-dlq");
  const listed = await makeQueue(sqs, "listed", { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 1 }) });
  const other = await makeQueue(sqs, "unlisted", { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 1 }) });
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: dlq, Attributes: { RedriveAllowPolicy: JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [arnOf(listed)] }) } }));
  for (const q of [listed, other]) {
    await sqs.send(new SendMessageCommand({ QueueUrl: q, MessageBody: q }));
    await receive(q);
  }
  emu.clock.advance(30_000);
  assert.equal(await receive(listed), []);
  assert.is((await receive(other)).length, 1);
  assert.equal((await receive(dlq)).map((m) => m.Body), [listed]);
});

dlqs("a move task moves a dead-letter queue's messages back to their source queues", async () => {
  const { dlq, src } = await pair(1);
  await sqs.send(new SendMessageBatchCommand({ QueueUrl: src, Entries: [0, 1, 2].map((i) => ({ Id: `m${i}`, MessageBody: `m${i}` })) }));
  await receive(src, { MaxNumberOfMessages: 10 });
  emu.clock.advance(30_000);
  assert.equal(await receive(src), []);
  assert.equal(await counts(sqs, dlq), [3, 0, 0]);
  const started = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(dlq) }));
  assert.ok(started.TaskHandle);
  const running = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf(dlq) }))).Results!;
  assert.is(running[0].Status, "RUNNING");
  assert.is(running[0].TaskHandle, started.TaskHandle);
  assert.is(running[0].ApproximateNumberOfMessagesToMove, 3);
  emu.clock.advance(1_000);
  assert.equal(await counts(sqs, dlq), [0, 0, 0]);
  assert.equal(await counts(sqs, src), [3, 0, 0]);
  const done = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf(dlq) }))).Results!;
  assert.is(done[0].Status, "COMPLETED");
  assert.is(done[0].ApproximateNumberOfMessagesMoved, 3);
  assert.is(done[0].TaskHandle, undefined);
  assert.is(done[0].StartedTimestamp, Number(emu.clock.now() - 1_000));
  const back = await receive(src, { MaxNumberOfMessages: 10 });
  assert.equal(back.map((m) => m.Body).sort(), ["m0", "m1", "m2"]);
  assert.ok(back.every((m) => m.Attributes!.DeadLetterQueueSourceArn === undefined));
});

dlqs("a move task to a destination, at a rate, cancelled half way", async () => {
  const { dlq } = await pair(1);
  const dest = await makeQueue(sqs, "dest");
  for (let i = 0; i < 4; i++) await sqs.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: `d${i}` }));
  const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(dlq), DestinationArn: arnOf(dest), MaxNumberOfMessagesPerSecond: 1 }));
  emu.clock.advance(1_000);
  emu.clock.advance(1_000);
  assert.equal(await counts(sqs, dest), [2, 0, 0]);
  const cancelled = await sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle }));
  assert.is(cancelled.ApproximateNumberOfMessagesMoved, 2);
  emu.clock.advance(5_000);
  assert.equal(await counts(sqs, dest), [2, 0, 0]);
  assert.equal(await counts(sqs, dlq), [2, 0, 0]);
  const list = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf(dlq), MaxResults: 10 }))).Results!;
  assert.is(list.length, 1);
  assert.is(list[0].Status, "CANCELLED");
  assert.is(list[0].DestinationArn, arnOf(dest));
  assert.is(list[0].MaxNumberOfMessagesPerSecond, 1);
});

dlqs.after(async () => {
  await ctx.close();
});
dlqs.run();

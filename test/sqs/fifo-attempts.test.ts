// ReceiveRequestAttemptId through @aws-sdk/client-sqs: a FIFO receive retried with the
// same attempt id within 5 minutes answers the same messages and receipt handles (and
// restarts their visibility timeout); a delete or visibility change in between makes the
// id unretryable; after 5 minutes, or once the visibility timeout ended, the id starts a
// new receive. Standard queues ignore it. The clock is frozen: time moves by advance().
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { counts, fails, makeQueue, receiveAll, setup } from "./support.ts";

const ctx = await setup({ frozen: true });
const { emu, sqs } = ctx;

const receive = (QueueUrl: string, extra?: Record<string, unknown>): Promise<Message[]> => receiveAll(sqs, QueueUrl, extra);

async function fifoWith(prefix: string, bodies: [group: string, body: string][]): Promise<string> {
  const url = await makeQueue(sqs, `${prefix}.fifo`, { ContentBasedDeduplication: "true" });
  for (const [g, body] of bodies) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: g }));
  return url;
}

const notRetryable = (id: string) =>
  `Value ${id} for parameter ReceiveRequestAttemptId is invalid. Reason: The receiveRequestAttemptId is not valid anymore since the receive call is not retryable.`;

// ---------------------------------------------------------------------------------------
const val = suite("attempt ids: validation");

val("a FIFO attempt id must be 1 to 128 alphanumeric or punctuation characters", async () => {
  const url = await fifoWith("attempt-bad", [["g", "m"]]);
  await fails(receive(url, { ReceiveRequestAttemptId: "has space" }), "InvalidParameterValue",
    /^Value has space for parameter ReceiveRequestAttemptId is invalid/, "InvalidParameterValue");
  await fails(receive(url, { ReceiveRequestAttemptId: "x".repeat(129) }), "InvalidParameterValue");
  assert.equal(await counts(sqs, url), [1, 0, 0], "nothing was received");
  assert.is((await receive(url, { ReceiveRequestAttemptId: `!#$%&'()*+,-./:;<=>?@[]^_\`{|}~${"a".repeat(90)}` })).length, 1);
});

val.run();

// ---------------------------------------------------------------------------------------
const beh = suite("attempt ids: behaviour");

beh("a retry with the same id answers the same messages and receipt handles; another id receives anew", async () => {
  const url = await fifoWith("attempt-same", [["g1", "a"], ["g1", "b"], ["g2", "c"]]);
  const first = await receive(url, { ReceiveRequestAttemptId: "try-1", MaxNumberOfMessages: 2, VisibilityTimeout: 30 });
  assert.equal(first.map((m) => m.Body), ["a", "b"]);
  const retry = await receive(url, { ReceiveRequestAttemptId: "try-1", MaxNumberOfMessages: 2, VisibilityTimeout: 30 });
  assert.equal(retry.map((m) => m.MessageId), first.map((m) => m.MessageId));
  assert.equal(retry.map((m) => m.ReceiptHandle), first.map((m) => m.ReceiptHandle));
  assert.equal(retry.map((m) => m.Attributes!.ApproximateReceiveCount), ["1", "1"], "a retry is not another receive");
  assert.equal(await counts(sqs, url), [1, 2, 0]);
  const other = await receive(url, { ReceiveRequestAttemptId: "try-2", MaxNumberOfMessages: 10 });
  assert.equal(other.map((m) => m.Body), ["c"]);
  // the handles of the first receive are the ones that delete
  for (const m of first) await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
  assert.equal(await counts(sqs, url), [0, 1, 0]);
});

beh("a retry restarts the visibility timeout of the messages", async () => {
  const url = await fifoWith("attempt-vis", [["g", "a"]]);
  const [m] = await receive(url, { ReceiveRequestAttemptId: "r", VisibilityTimeout: 30 });
  emu.clock.advance(20_000);
  const [again] = await receive(url, { ReceiveRequestAttemptId: "r", VisibilityTimeout: 30 });
  assert.is(again.ReceiptHandle, m.ReceiptHandle);
  emu.clock.advance(20_000);
  assert.equal(await counts(sqs, url), [0, 1, 0], "40 s after the receive, 20 s after the retry: still in flight");
  emu.clock.advance(10_000);
  assert.equal(await counts(sqs, url), [1, 0, 0], "30 s after the retry it is visible again");
});

beh("after a delete or a visibility change in between, the id cannot be retried", async () => {
  const url = await fifoWith("attempt-mod", [["g1", "a"], ["g1", "b"], ["g2", "c"]]);
  const got = await receive(url, { ReceiveRequestAttemptId: "del", MaxNumberOfMessages: 2 });
  await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: got[0].ReceiptHandle }));
  await fails(receive(url, { ReceiveRequestAttemptId: "del", MaxNumberOfMessages: 2 }), "InvalidParameterValue", notRetryable("del"), "InvalidParameterValue");
  assert.equal(await counts(sqs, url), [1, 1, 0], "the refused retry received nothing");

  const [c] = await receive(url, { ReceiveRequestAttemptId: "vis" });
  assert.is(c.Body, "c");
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: c.ReceiptHandle, VisibilityTimeout: 60 }));
  await fails(receive(url, { ReceiveRequestAttemptId: "vis" }), "InvalidParameterValue", notRetryable("vis"));
  assert.equal(await counts(sqs, url), [0, 2, 0]);
});

beh("the id is kept for 5 minutes; after that it starts a new receive", async () => {
  const url = await fifoWith("attempt-5min", [["g1", "a"], ["g2", "b"]]);
  const [a] = await receive(url, { ReceiveRequestAttemptId: "five", VisibilityTimeout: 900 });
  assert.is(a.Body, "a");
  emu.clock.advance(5 * 60_000 - 1);
  const [same] = await receive(url, { ReceiveRequestAttemptId: "five", VisibilityTimeout: 900 });
  assert.is(same.ReceiptHandle, a.ReceiptHandle);
  emu.clock.advance(1);
  const fresh = await receive(url, { ReceiveRequestAttemptId: "five", VisibilityTimeout: 900 });
  assert.equal(fresh.map((m) => m.Body), ["b"], "a new receive: group g1 is still in flight");
  const [retryOfFresh] = await receive(url, { ReceiveRequestAttemptId: "five", VisibilityTimeout: 900 });
  assert.is(retryOfFresh.ReceiptHandle, fresh[0].ReceiptHandle, "and that receive is the one the id now retries");
});

beh("once the visibility timeout ended, the id starts a new receive", async () => {
  const url = await fifoWith("attempt-expired", [["g", "a"]]);
  const [first] = await receive(url, { ReceiveRequestAttemptId: "t", VisibilityTimeout: 10 });
  emu.clock.advance(10_000);
  const [second] = await receive(url, { ReceiveRequestAttemptId: "t", VisibilityTimeout: 10 });
  assert.is(second.MessageId, first.MessageId);
  assert.is.not(second.ReceiptHandle, first.ReceiptHandle);
  assert.is(second.Attributes!.ApproximateReceiveCount, "2");
});

beh("standard queues ignore the attempt id", async () => {
  const url = await makeQueue(sqs, "attempt-std");
  for (const body of ["a", "b"]) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
  const one = await receive(url, { ReceiveRequestAttemptId: "s" });
  const two = await receive(url, { ReceiveRequestAttemptId: "s" });
  assert.equal([...one, ...two].map((m) => m.Body), ["a", "b"]);
  assert.equal(await counts(sqs, url), [0, 2, 0]);
});

beh.after(async () => {
  await ctx.close();
});
beh.run();

// SQS behaviour over the Query protocol, through @aws-sdk/client-sqs@3.441.0 (form-encoded
// requests, XML answers; the last JS SDK line before SQS switched to JSON). The same calls
// through the latest client (JSON) get the same answers.
import * as latest from "@aws-sdk/client-sqs";
import * as old from "client-sqs-3.441.0";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { clientConfig } from "../support/emulator.ts";
import { md5, md5OfAttributes, type Setup, setup } from "./support.ts";

let s: Setup;
let q: old.SQSClient;

test.before(async () => {
  s = await setup();
  q = new old.SQSClient(clientConfig(s.emu));
});
test.after(async () => {
  q?.destroy();
  await s?.close();
});

async function failure(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error("the call succeeded");
}

let queueUrl: string;

test("CreateQueue with attributes and tags; GetQueueUrl and GetQueueAttributes answer it", async () => {
  const created = await q.send(
    new old.CreateQueueCommand({ QueueName: "query-main", Attributes: { VisibilityTimeout: "40", DelaySeconds: "0" }, tags: { team: "a&b <c>" } }),
  );
  queueUrl = created.QueueUrl!;
  assert.match(queueUrl, /\/000000000000\/query-main$/);
  assert.is((await q.send(new old.GetQueueUrlCommand({ QueueName: "query-main" }))).QueueUrl, queueUrl);
  const attrs = await q.send(new old.GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["VisibilityTimeout", "QueueArn"] }));
  assert.equal(attrs.Attributes, { VisibilityTimeout: "40", QueueArn: "arn:aws:sqs:us-east-1:000000000000:query-main" });
  const tags = await q.send(new old.ListQueueTagsCommand({ QueueUrl: queueUrl }));
  assert.equal(tags.Tags, { team: "a&b <c>" });
  const list = await q.send(new old.ListQueuesCommand({ QueueNamePrefix: "query-" }));
  assert.equal(list.QueueUrls, [queueUrl]);
});

test("SendMessage with message attributes (the client checks the MD5s); ReceiveMessage with AttributeName.N All", async () => {
  const body = 'hello <query> & "friends" ✓\r\nsecond line';
  const sent = await q.send(
    new old.SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: body,
      MessageAttributes: {
        color: { DataType: "String", StringValue: "blue" },
        count: { DataType: "Number", StringValue: "42" },
        raw: { DataType: "Binary", BinaryValue: new Uint8Array([0, 1, 2, 255]) },
      },
    }),
  );
  assert.is(sent.MD5OfMessageBody, md5(body));
  assert.is(
    sent.MD5OfMessageAttributes,
    md5OfAttributes({
      color: { DataType: "String", StringValue: "blue" },
      count: { DataType: "Number", StringValue: "42" },
      raw: { DataType: "Binary", BinaryValue: new Uint8Array([0, 1, 2, 255]) },
    }),
  );
  assert.ok(sent.MessageId);

  const got = await q.send(
    new old.ReceiveMessageCommand({ QueueUrl: queueUrl, AttributeNames: ["All"], MessageAttributeNames: ["All"], MaxNumberOfMessages: 10 }),
  );
  assert.is(got.Messages?.length, 1);
  const m = got.Messages![0];
  assert.is(m.Body, body);
  assert.is(m.MessageId, sent.MessageId);
  assert.is(m.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
  assert.is(m.Attributes?.ApproximateReceiveCount, "1");
  assert.ok(m.Attributes?.SenderId);
  assert.ok(Number(m.Attributes?.SentTimestamp) > 0);
  assert.equal(m.MessageAttributes?.color, { DataType: "String", StringValue: "blue" });
  assert.equal(m.MessageAttributes?.count, { DataType: "Number", StringValue: "42" });
  assert.equal(Buffer.from(m.MessageAttributes!.raw.BinaryValue!), Buffer.from([0, 1, 2, 255]));

  // ChangeMessageVisibility to 0 makes it receivable again, then DeleteMessage removes it
  await q.send(new old.ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 }));
  // a message system attribute name in AttributeNames (aws/aws-sdk#56) is taken
  const again = await q.send(new old.ReceiveMessageCommand({ QueueUrl: queueUrl, AttributeNames: ["SenderId", "ApproximateReceiveCount"] as never[] }));
  assert.is(again.Messages?.length, 1);
  assert.equal(Object.keys(again.Messages![0].Attributes ?? {}).sort(), ["ApproximateReceiveCount", "SenderId"]);
  assert.is(again.Messages![0].Attributes!.ApproximateReceiveCount, "2");
  await q.send(new old.DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: again.Messages![0].ReceiptHandle! }));
  const none = await q.send(new old.ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }));
  assert.is(none.Messages, undefined);
});

test("batch operations: flattened entries in, Successful and Failed entries out", async () => {
  const sent = await q.send(
    new old.SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: [
        { Id: "a", MessageBody: "one" },
        { Id: "b", MessageBody: "two", DelaySeconds: 0, MessageAttributes: { k: { DataType: "String", StringValue: "v" } } },
      ],
    }),
  );
  assert.equal(sent.Successful?.map((e) => e.Id).sort(), ["a", "b"]);
  assert.equal(sent.Failed ?? [], []);

  const got = await q.send(new old.ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
  assert.is(got.Messages?.length, 2);
  const handles = got.Messages!.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle! }));

  const changed = await q.send(
    new old.ChangeMessageVisibilityBatchCommand({
      QueueUrl: queueUrl,
      Entries: [...handles.map((h) => ({ ...h, VisibilityTimeout: 60 })), { Id: "bad", ReceiptHandle: "not-a-handle", VisibilityTimeout: 60 }],
    }),
  );
  assert.equal(changed.Successful?.map((e) => e.Id).sort(), ["m0", "m1"]);
  assert.is(changed.Failed?.length, 1);
  assert.is(changed.Failed![0].Id, "bad");
  assert.is(changed.Failed![0].SenderFault, true);
  assert.ok(changed.Failed![0].Code);

  const deleted = await q.send(new old.DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: handles }));
  assert.equal(deleted.Successful?.map((e) => e.Id).sort(), ["m0", "m1"]);

  const empty = await failure(q.send(new old.DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: [] })));
  assert.instance(empty, old.EmptyBatchRequest);
});

test("errors arrive by their Query codes as the client's classes", async () => {
  const missing = await failure(q.send(new old.GetQueueUrlCommand({ QueueName: "no-such-queue" })));
  assert.instance(missing, old.QueueDoesNotExist);
  assert.is(missing.name, "QueueDoesNotExist");
  assert.is((missing.Error as Record<string, string>).Code, "AWS.SimpleQueueService.NonExistentQueue");
  assert.is((missing.$metadata as { httpStatusCode: number }).httpStatusCode, 400);

  const unknownAttr = await failure(q.send(new old.GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["NoSuchAttribute" as never] })));
  assert.instance(unknownAttr, old.InvalidAttributeName);
  assert.is((unknownAttr.Error as Record<string, string>).Message, "Unknown Attribute NoSuchAttribute.");

  const badSet = await failure(q.send(new old.SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { NoSuchAttribute: "1" } as never })));
  assert.instance(badSet, old.InvalidAttributeName);

  const exists = await failure(q.send(new old.CreateQueueCommand({ QueueName: "query-main", Attributes: { VisibilityTimeout: "41" } })));
  assert.instance(exists, old.QueueNameExists);
  assert.is((exists.Error as Record<string, string>).Code, "QueueAlreadyExists");
});

test("the same calls get the same answers over JSON (latest client) and Query (3.441.0)", async () => {
  const j = new latest.SQSClient(clientConfig(s.emu));
  try {
    await q.send(new old.CreateQueueCommand({ QueueName: "query-same.fifo", Attributes: { FifoQueue: "true", ContentBasedDeduplication: "true" } }));
    const url = (await j.send(new latest.GetQueueUrlCommand({ QueueName: "query-same.fifo" }))).QueueUrl!;
    assert.is((await q.send(new old.GetQueueUrlCommand({ QueueName: "query-same.fifo" }))).QueueUrl, url);

    const attrsJ = await j.send(new latest.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }));
    const attrsQ = await q.send(new old.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }));
    assert.equal(attrsQ.Attributes, attrsJ.Attributes);

    const viaQ = await q.send(new old.SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageGroupId: "g" }));
    const viaJ = await j.send(new latest.SendMessageCommand({ QueueUrl: url, MessageBody: "x", MessageGroupId: "g" }));
    // content-based deduplication: the second is the first
    assert.is(viaJ.MessageId, viaQ.MessageId);
    assert.is(viaJ.MD5OfMessageBody, viaQ.MD5OfMessageBody);

    const listJ = await j.send(new latest.ListQueuesCommand({ QueueNamePrefix: "query-" }));
    const listQ = await q.send(new old.ListQueuesCommand({ QueueNamePrefix: "query-" }));
    assert.equal(listQ.QueueUrls, listJ.QueueUrls);

    const errJ = await failure(j.send(new latest.GetQueueUrlCommand({ QueueName: "nope" })));
    const errQ = await failure(q.send(new old.GetQueueUrlCommand({ QueueName: "nope" })));
    assert.is(errQ.name, errJ.name);
    assert.is((errQ.Error as Record<string, string>).Message, errJ.message);
    assert.is((errQ.$metadata as { httpStatusCode: number }).httpStatusCode, (errJ.$metadata as { httpStatusCode: number }).httpStatusCode);

    const recvJ = await j.send(new latest.ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ["MessageGroupId"], VisibilityTimeout: 0 }));
    const recvQ = await q.send(new old.ReceiveMessageCommand({ QueueUrl: url, AttributeNames: ["MessageGroupId" as never] }));
    assert.is(recvQ.Messages?.[0].MessageId, recvJ.Messages?.[0].MessageId);
    assert.equal(recvQ.Messages?.[0].Attributes, recvJ.Messages?.[0].Attributes);
    assert.is(recvQ.Messages?.[0].Body, recvJ.Messages?.[0].Body);

    await q.send(new old.DeleteQueueCommand({ QueueUrl: url }));
    assert.instance(await failure(j.send(new latest.GetQueueUrlCommand({ QueueName: "query-same.fifo" }))), latest.QueueDoesNotExist);
  } finally {
    j.destroy();
  }
});

test.run();

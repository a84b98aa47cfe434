// SQS queues through @aws-sdk/client-sqs and raw awsJson 1.0: create (standard and FIFO),
// delete, URLs, listing, attributes, purge, tags and permissions — in three blocks:
// serialization, validation, behaviour.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  AddPermissionCommand,
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  RemovePermissionCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  TagQueueCommand,
  UntagQueueCommand,
} from "@aws-sdk/client-sqs";
import { clientConfig } from "../support/emulator.ts";
import { ACCOUNT, counts, fails, makeQueue, raw, setup } from "./support.ts";

const ctx = await setup();
const { emu, sqs, port } = ctx;

// ---------------------------------------------------------------------------------------
const ser = suite("queues: serialization");

ser("raw CreateQueue answers awsJson 1.0 with a URL on the endpoint the client called", async () => {
  const a = await raw(port, "CreateQueue", { QueueName: "raw-one" });
  assert.is(a.status, 200, a.text);
  assert.is(String(a.headers["content-type"]), "application/x-amz-json-1.0");
  assert.is(a.json.QueueUrl, `http://127.0.0.1:${port}/${ACCOUNT}/raw-one`);
});

ser("errors carry a qualified __type and the x-amzn-query-error header", async () => {
  const a = await raw(port, "GetQueueUrl", { QueueName: "nope" });
  assert.is(a.status, 400);
  assert.is(a.json.__type, "com.amazonaws.sqs#QueueDoesNotExist");
  assert.is(a.json.message, "The specified queue does not exist.");
  assert.is(a.headers["x-amzn-query-error"], "AWS.SimpleQueueService.NonExistentQueue;Sender");
  const b = await raw(port, "CreateQueue", { QueueName: "bad name" });
  assert.is(b.status, 400);
  assert.is(b.json.__type, "com.amazonaws.sqs#InvalidParameterValueException");
  assert.is(b.headers["x-amzn-query-error"], "InvalidParameterValue;Sender");
});

ser("the SDK reads every attribute of a standard and of a FIFO queue", async () => {
  const url = await makeQueue(sqs, "attrs");
  const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }))).Attributes!;
  assert.equal(Object.keys(a).sort(), [
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesDelayed",
    "ApproximateNumberOfMessagesNotVisible",
    "CreatedTimestamp",
    "DelaySeconds",
    "LastModifiedTimestamp",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "QueueArn",
    "ReceiveMessageWaitTimeSeconds",
    "SqsManagedSseEnabled",
    "VisibilityTimeout",
  ]);
  // AWS's defaults
  assert.is(a.VisibilityTimeout, "30");
  assert.is(a.MaximumMessageSize, "262144");
  assert.is(a.MessageRetentionPeriod, "345600");
  assert.is(a.QueueArn, `arn:aws:sqs:us-east-1:${ACCOUNT}:${url.split("/").pop()}`);
  assert.is(a.CreatedTimestamp, String(Math.floor(emu.clock.now() / 1000)));
  const f = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: await makeQueue(sqs, "attrs.fifo"), AttributeNames: ["All"] }))).Attributes!;
  assert.is(f.FifoQueue, "true");
  assert.is(f.ContentBasedDeduplication, "false");
  assert.is(f.DeduplicationScope, "queue");
  assert.is(f.FifoThroughputLimit, "perQueue");
});

ser("any queue URL naming the account and queue is accepted, whatever its host", async () => {
  const url = await makeQueue(sqs, "hosts");
  const name = url.split("/").pop()!;
  for (const other of [
    `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/${name}`,
    `http://localhost:4566/${ACCOUNT}/${name}`,
    `http://sqs.us-east-1.localhost.localstack.cloud:4566/${ACCOUNT}/${name}`,
  ]) {
    await sqs.send(new SendMessageCommand({ QueueUrl: other, MessageBody: "x" }));
  }
  assert.equal(await counts(sqs, url), [3, 0, 0]);
});

ser.run();

// ---------------------------------------------------------------------------------------
const val = suite("queues: validation");

val("queue names: characters and length, and the .fifo suffix of FIFO queues", async () => {
  const text = "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length";
  await fails(sqs.send(new CreateQueueCommand({ QueueName: "has space" })), "InvalidParameterValue", text, "InvalidParameterValue");
  await fails(sqs.send(new CreateQueueCommand({ QueueName: "x".repeat(81) })), "InvalidParameterValue", text);
  await fails(sqs.send(new CreateQueueCommand({ QueueName: "plain.fifo" })), "InvalidParameterValue", text);
  await fails(
    sqs.send(new CreateQueueCommand({ QueueName: "nofifo", Attributes: { FifoQueue: "true" } })),
    "InvalidParameterValue",
    "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.",
  );
  // 80 characters is fine, the suffix included
  await sqs.send(new CreateQueueCommand({ QueueName: `${"f".repeat(75)}.fifo`, Attributes: { FifoQueue: "true" } }));
  await sqs.send(new CreateQueueCommand({ QueueName: "n".repeat(80) }));
});

val("attribute values outside AWS's ranges are InvalidAttributeValue", async () => {
  const cases: [string, string][] = [
    ["VisibilityTimeout", "43201"],
    ["VisibilityTimeout", "-1"],
    ["DelaySeconds", "901"],
    ["MaximumMessageSize", "1023"],
    ["MaximumMessageSize", "262145"],
    ["MessageRetentionPeriod", "59"],
    ["MessageRetentionPeriod", "1209601"],
    ["ReceiveMessageWaitTimeSeconds", "21"],
    ["KmsDataKeyReusePeriodSeconds", "59"],
    ["VisibilityTimeout", "abc"],
  ];
  for (const [name, value] of cases) {
    await fails(
      sqs.send(new CreateQueueCommand({ QueueName: "ranges", Attributes: { [name]: value } })),
      "InvalidAttributeValue",
      `Invalid value for the parameter ${name}.`,
    );
  }
  const url = await makeQueue(sqs, "ranges-set");
  await fails(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DelaySeconds: "1000" } })), "InvalidAttributeValue", "Invalid value for the parameter DelaySeconds.");
  // the edges are fine
  await sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: url,
      Attributes: { VisibilityTimeout: "43200", DelaySeconds: "900", MaximumMessageSize: "1024", MessageRetentionPeriod: "60", ReceiveMessageWaitTimeSeconds: "20" },
    }),
  );
});

val("FIFO-only attributes on a standard queue, and the queue type is fixed", async () => {
  await fails(sqs.send(new CreateQueueCommand({ QueueName: "std-cbd", Attributes: { ContentBasedDeduplication: "true" } })), "InvalidAttributeName", "Unknown Attribute ContentBasedDeduplication.");
  await fails(
    sqs.send(new CreateQueueCommand({ QueueName: "std-scope", Attributes: { DeduplicationScope: "messageGroup" } })),
    "InvalidAttributeName",
    "You can specify the DeduplicationScope only when FifoQueue is set to true.",
  );
  await fails(sqs.send(new CreateQueueCommand({ QueueName: "std-false", Attributes: { FifoQueue: "false" } })), "InvalidAttributeName", "Unknown Attribute FifoQueue.");
  const std = await makeQueue(sqs, "std-type");
  await fails(sqs.send(new SetQueueAttributesCommand({ QueueUrl: std, Attributes: { FifoQueue: "true" } })), "InvalidAttributeName", "Unknown Attribute FifoQueue.");
  const fifo = await makeQueue(sqs, "type.fifo");
  await fails(
    sqs.send(new SetQueueAttributesCommand({ QueueUrl: fifo, Attributes: { FifoQueue: "false" } })),
    "InvalidAttributeValue",
    "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.",
  );
  await fails(sqs.send(new SetQueueAttributesCommand({ QueueUrl: fifo, Attributes: { QueueArn: "x" } })), "InvalidAttributeName", "Unknown Attribute QueueArn.");
});

val("KMS and SQS-managed encryption exclude each other", async () => {
  const url = await makeQueue(sqs, "sse");
  await fails(
    sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { KmsMasterKeyId: "alias/k", SqsManagedSseEnabled: "true" } })),
    "InvalidAttributeName",
    "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.",
  );
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { KmsMasterKeyId: "alias/k" } }));
  const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }))).Attributes!;
  assert.is(a.KmsMasterKeyId, "alias/k");
  assert.is(a.SqsManagedSseEnabled, "false");
  assert.is(a.KmsDataKeyReusePeriodSeconds, "300");
});

val("a RedrivePolicy must name a queue by ARN, with a maxReceiveCount from 1 to 1000", async () => {
  const policy = JSON.stringify({ deadLetterTargetArn: "dummy", maxReceiveCount: 42 });
  await fails(
    sqs.send(new CreateQueueCommand({ QueueName: "redrive-bad", Attributes: { RedrivePolicy: policy } })),
    "InvalidParameterValue",
    `Value ${policy} for parameter RedrivePolicy is invalid. Reason: Invalid value for deadLetterTargetArn.`,
    "InvalidParameterValue",
  );
  const dlq = await makeQueue(sqs, "dlq-range");
  const arn = `arn:aws:sqs:us-east-1:${ACCOUNT}:${dlq.split("/").pop()}`;
  await fails(sqs.send(new CreateQueueCommand({ QueueName: "redrive-0", Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 0 }) } })), "InvalidParameterValue", /maxReceiveCount/);
  await fails(
    sqs.send(new CreateQueueCommand({ QueueName: "redrive-gone", Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: `${arn}-gone`, maxReceiveCount: 1 }) } })),
    "InvalidParameterValue",
  );
});

val("QueueAlreadyExists when a create differs in an attribute", async () => {
  await sqs.send(new CreateQueueCommand({ QueueName: "exists", Attributes: { DelaySeconds: "5" } }));
  await fails(
    sqs.send(new CreateQueueCommand({ QueueName: "exists", Attributes: { DelaySeconds: "6" } })),
    "QueueNameExists",
    "A queue already exists with the same name and a different value for attribute DelaySeconds",
    "QueueAlreadyExists",
  );
});

val("a queue that does not exist, for every queue operation", async () => {
  const QueueUrl = `${emu.url}/${ACCOUNT}/missing`;
  const text = "The specified queue does not exist.";
  await fails(sqs.send(new GetQueueUrlCommand({ QueueName: "missing" })), "QueueDoesNotExist", text, "AWS.SimpleQueueService.NonExistentQueue");
  await fails(sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] })), "QueueDoesNotExist", text);
  await fails(sqs.send(new DeleteQueueCommand({ QueueUrl })), "QueueDoesNotExist", text);
  await fails(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "x" })), "QueueDoesNotExist", text);
  await fails(sqs.send(new PurgeQueueCommand({ QueueUrl })), "QueueDoesNotExist", text);
  await fails(sqs.send(new TagQueueCommand({ QueueUrl, Tags: { a: "b" } })), "QueueDoesNotExist", text);
});

val("PurgeQueue twice within 60 seconds is PurgeQueueInProgress (403); after 60 s on the clock it works", async () => {
  const url = await makeQueue(sqs, "purge");
  const name = url.split("/").pop()!;
  await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
  const e = await fails(
    sqs.send(new PurgeQueueCommand({ QueueUrl: url })),
    "PurgeQueueInProgress",
    `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`,
    "AWS.SimpleQueueService.PurgeQueueInProgress",
  );
  assert.is((e.$metadata as { httpStatusCode: number }).httpStatusCode, 403);
  emu.clock.advance(60_000);
  await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
});

val("permissions: a label twice, an unknown label, an unknown action", async () => {
  const url = await makeQueue(sqs, "perm");
  await sqs.send(new AddPermissionCommand({ QueueUrl: url, Label: "l1", AWSAccountIds: ["111111111111"], Actions: ["ReceiveMessage"] }));
  await fails(
    sqs.send(new AddPermissionCommand({ QueueUrl: url, Label: "l1", AWSAccountIds: ["111111111111"], Actions: ["ReceiveMessage"] })),
    "InvalidParameterValue",
    "Value l1 for parameter Label is invalid. Reason: Already exists.",
  );
  await fails(sqs.send(new RemovePermissionCommand({ QueueUrl: url, Label: "l2" })), "InvalidParameterValue", "Value l2 for parameter Label is invalid. Reason: can't find label.");
  await fails(
    sqs.send(new AddPermissionCommand({ QueueUrl: url, Label: "l3", AWSAccountIds: ["111111111111"], Actions: ["Fly"] })),
    "InvalidParameterValue",
    /^Value SQS:Fly for parameter ActionName is invalid/,
  );
});

val.run();

// ---------------------------------------------------------------------------------------
const beh = suite("queues: behaviour");

beh("create is idempotent with the same attributes; tags do not matter", async () => {
  const a = await sqs.send(new CreateQueueCommand({ QueueName: "idem", Attributes: { VisibilityTimeout: "45" }, tags: { a: "1" } }));
  const b = await sqs.send(new CreateQueueCommand({ QueueName: "idem", Attributes: { VisibilityTimeout: "45" }, tags: { a: "2" } }));
  const c = await sqs.send(new CreateQueueCommand({ QueueName: "idem" }));
  assert.is(a.QueueUrl, b.QueueUrl);
  assert.is(a.QueueUrl, c.QueueUrl);
});

beh("delete: the queue is gone for every operation; its name is refused for 60 s on the clock, then usable again", async () => {
  const url = await makeQueue(sqs, "del");
  const name = url.split("/").pop()!;
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x" }));
  await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
  await fails(sqs.send(new GetQueueUrlCommand({ QueueName: name })), "QueueDoesNotExist");
  const text = "You must wait 60 seconds after deleting a queue before you can create another with the same name.";
  const e = await fails(sqs.send(new CreateQueueCommand({ QueueName: name })), "QueueDeletedRecently", text, "AWS.SimpleQueueService.QueueDeletedRecently");
  assert.is((e.$metadata as { httpStatusCode: number }).httpStatusCode, 400);
  const a = await raw(port, "CreateQueue", { QueueName: name });
  assert.is(a.json.__type, "com.amazonaws.sqs#QueueDeletedRecently");
  assert.is(String(a.headers["x-amzn-query-error"]), "AWS.SimpleQueueService.QueueDeletedRecently;Sender");
  await sqs.send(new CreateQueueCommand({ QueueName: `${name}-other` }));
  emu.clock.advance(59_000);
  await fails(sqs.send(new CreateQueueCommand({ QueueName: name })), "QueueDeletedRecently", text);
  await fails(sqs.send(new GetQueueUrlCommand({ QueueName: name })), "QueueDoesNotExist", undefined, "AWS.SimpleQueueService.NonExistentQueue");
  emu.clock.advance(1_000);
  await sqs.send(new CreateQueueCommand({ QueueName: name }));
  assert.equal(await counts(sqs, url), [0, 0, 0], "a new queue starts empty");
});

beh("a name deleted in one account is not refused in another", async () => {
  const other = new SQSClient(clientConfig(emu, { credentials: { accessKeyId: "222222222222", secretAccessKey: "x" } }));
  try {
    const url = await makeQueue(sqs, "del-acct");
    const name = url.split("/").pop()!;
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    const made = await other.send(new CreateQueueCommand({ QueueName: name }));
    assert.is(made.QueueUrl, `${emu.url}/222222222222/${name}`);
  } finally {
    other.destroy();
  }
});

beh("GetQueueUrl finds another account's queue with QueueOwnerAWSAccountId", async () => {
  const other = new SQSClient(clientConfig(emu, { credentials: { accessKeyId: "111111111111", secretAccessKey: "x" } }));
  try {
    const made = await other.send(new CreateQueueCommand({ QueueName: "owned" }));
    assert.is(made.QueueUrl, `${emu.url}/111111111111/owned`);
    await fails(sqs.send(new GetQueueUrlCommand({ QueueName: "owned" })), "QueueDoesNotExist");
    const found = await sqs.send(new GetQueueUrlCommand({ QueueName: "owned", QueueOwnerAWSAccountId: "111111111111" }));
    assert.is(found.QueueUrl, made.QueueUrl);
    await sqs.send(new SendMessageCommand({ QueueUrl: found.QueueUrl, MessageBody: "cross" }));
    assert.equal(await counts(other, made.QueueUrl!), [1, 0, 0]);
  } finally {
    other.destroy();
  }
});

beh("ListQueues: prefix, and pages of MaxResults with a NextToken", async () => {
  for (const n of ["pg-a", "pg-b", "pg-c", "pg-d", "pg-e", "other-pg"]) await sqs.send(new CreateQueueCommand({ QueueName: n }));
  const all = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: "pg-" }));
  assert.equal(all.QueueUrls, ["a", "b", "c", "d", "e"].map((x) => `${emu.url}/${ACCOUNT}/pg-${x}`));
  assert.is(all.NextToken, undefined);
  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const p = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: "pg-", MaxResults: 2, NextToken: token }));
    seen.push(...p.QueueUrls!);
    token = p.NextToken;
    pages++;
  } while (token);
  assert.is(pages, 3);
  assert.equal(seen, all.QueueUrls);
  const none = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: "zzz" }));
  assert.is(none.QueueUrls, undefined);
});

beh("Set/GetQueueAttributes: single names, All, LastModifiedTimestamp on the clock", async () => {
  const url = await makeQueue(sqs, "setget");
  emu.clock.advance(5_000);
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: "60", DelaySeconds: "3", ReceiveMessageWaitTimeSeconds: "2" } }));
  const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["VisibilityTimeout", "DelaySeconds"] }))).Attributes!;
  assert.equal(a, { VisibilityTimeout: "60", DelaySeconds: "3" });
  const all = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }))).Attributes!;
  assert.is(all.LastModifiedTimestamp, String(Math.floor(emu.clock.now() / 1000)));
  assert.ok(Number(all.CreatedTimestamp) < Number(all.LastModifiedTimestamp));
  const none = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url }));
  assert.is(none.Attributes, undefined);
});

beh("tags: keys of 1 to 128 characters, values up to 256, counted in characters", async () => {
  const url = await makeQueue(sqs, "tag-len");
  const bad = (Tags: Record<string, string>, message: string) =>
    fails(sqs.send(new TagQueueCommand({ QueueUrl: url, Tags })), "InvalidParameterValue", message, "InvalidParameterValue");
  const keyText = "Tag keys must be between 1 and 128 characters in length.";
  const valueText = "Tag values must be between 0 and 256 characters in length.";
  await bad({ ["k".repeat(129)]: "v" }, keyText);
  await bad({ "": "v" }, keyText);
  await bad({ k: "v".repeat(257) }, valueText);
  await bad({ "aws:team": "a" }, "Tag keys must not start with the prefix aws:, which is reserved for use by AWS.");
  assert.is((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags, undefined, "a refused request adds nothing");
  const ok = { ["k".repeat(128)]: "v".repeat(256), ["é".repeat(128)]: "😀".repeat(256), empty: "", "team:aws": "aws:x" };
  await sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: ok }));
  assert.equal((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags, ok);
});

beh("tags: at most 50 per queue, counted after merging; TagQueue needs tags, UntagQueue keys", async () => {
  const name = `tag-many-${Date.now()}`;
  const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, `v${i}`]));
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: name, tags: fifty }))).QueueUrl!;
  await sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { k0: "changed" } }));
  const tooMany = `Too many tags added for queue ${name}.`;
  await fails(sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { k1: "x", extra: "y" } })), "InvalidParameterValue", tooMany, "InvalidParameterValue");
  const tags = (await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags!;
  assert.is(Object.keys(tags).length, 50);
  assert.is(tags.k0, "changed");
  assert.is(tags.k1, "v1", "a refused request changes nothing");
  await fails(sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: {} })), "MissingParameter", "The request must contain the parameter Tags.", "MissingParameter");
  await fails(sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: [] })), "InvalidParameterValue", "Tag keys must be between 1 and 128 characters in length.");
  await fails(sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ["k0", "x".repeat(129)] })), "InvalidParameterValue");
  assert.is(Object.keys((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags!).length, 50);
});

beh("CreateQueue checks its tags by the same rules and creates nothing when they fail", async () => {
  const fiftyOne = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
  await fails(sqs.send(new CreateQueueCommand({ QueueName: "tag-create-many", tags: fiftyOne })), "InvalidParameterValue",
    "Too many tags added for queue tag-create-many.");
  await fails(sqs.send(new CreateQueueCommand({ QueueName: "tag-create-aws", tags: { "aws:x": "v" } })), "InvalidParameterValue");
  for (const n of ["tag-create-many", "tag-create-aws"]) await fails(sqs.send(new GetQueueUrlCommand({ QueueName: n })), "QueueDoesNotExist");
});

beh("tags: tag, list, untag", async () => {
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: "tagged", tags: { team: "a" } }))).QueueUrl!;
  await sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { env: "test", empty: "" } }));
  assert.equal((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags, { team: "a", env: "test", empty: "" });
  await sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ["team", "empty", "never"] }));
  assert.equal((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags, { env: "test" });
  await sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ["env"] }));
  assert.is((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags, undefined);
});

beh("permissions are stored as statements of the queue's Policy", async () => {
  const url = await makeQueue(sqs, "policy");
  const arn = `arn:aws:sqs:us-east-1:${ACCOUNT}:${url.split("/").pop()}`;
  await sqs.send(new AddPermissionCommand({ QueueUrl: url, Label: "one", AWSAccountIds: ["111111111111", "222222222222"], Actions: ["SendMessage", "ReceiveMessage"] }));
  await sqs.send(new AddPermissionCommand({ QueueUrl: url, Label: "two", AWSAccountIds: ["111111111111"], Actions: ["*"] }));
  const policy = JSON.parse((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["Policy"] }))).Attributes!.Policy!);
  assert.is(policy.Version, "2008-10-17");
  assert.equal(policy.Statement[0], {
    Sid: "one",
    Effect: "Allow",
    Principal: { AWS: ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"] },
    Action: ["SQS:SendMessage", "SQS:ReceiveMessage"],
    Resource: arn,
  });
  assert.equal(policy.Statement[1].Action, "SQS:*");
  await sqs.send(new RemovePermissionCommand({ QueueUrl: url, Label: "one" }));
  await sqs.send(new RemovePermissionCommand({ QueueUrl: url, Label: "two" }));
  const after = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["Policy"] }));
  assert.is(after.Attributes, undefined);
});

beh("PurgeQueue empties visible, in-flight and delayed messages", async () => {
  const url = await makeQueue(sqs, "purge-all");
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "a" }));
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "b", DelaySeconds: 30 }));
  assert.equal(await counts(sqs, url), [1, 0, 1]);
  await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
  assert.equal(await counts(sqs, url), [0, 0, 0]);
  emu.clock.advance(31_000);
  assert.equal(await counts(sqs, url), [0, 0, 0], "the delayed message does not come back");
});

beh.after(async () => {
  await ctx.close();
});
beh.run();

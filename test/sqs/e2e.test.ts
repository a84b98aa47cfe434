// test-timeout: 180
// boto3 and the AWS CLI (v1) against the emulator's SQS: queues, messages with attributes,
// long polling, FIFO, errors with their query-compatible codes. Programs run with
// execFile (never spawnSync: the emulator lives in this process's event loop). Skipped,
// with the reason printed, where python3/boto3 or aws is missing.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { md5, md5OfAttributes, setup } from "./support.ts";
import { runPython, runTool as run, toolsPresent } from "../support/tools.ts";

const ctx = await setup();
const url = ctx.emu.url;

const { hasBoto3, hasCli } = await toolsPresent();

const python = (code: string) => runPython(code, url);

const aws = (args: string[]) => run("aws", ["--endpoint-url", url, "--output", "json", "sqs", ...args]);

test("boto3: create, send with attributes, long-poll receive, delete, attributes, errors", async () => {
  if (!hasBoto3) return console.log("skipped: python3 with boto3 is not installed");
  const out = await python(`
import boto3, json, sys, threading, time
c = boto3.client("sqs", endpoint_url=sys.argv[1])
q = c.create_queue(QueueName="boto", Attributes={"VisibilityTimeout": "40"})["QueueUrl"]
sent = c.send_message(QueueUrl=q, MessageBody="hello boto", MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}, "b": {"DataType": "Binary", "BinaryValue": b"\\x00\\x01"}})
got = c.receive_message(QueueUrl=q, MessageAttributeNames=["All"], MessageSystemAttributeNames=["All"], WaitTimeSeconds=1)["Messages"][0]
c.delete_message(QueueUrl=q, ReceiptHandle=got["ReceiptHandle"])
def later():
    time.sleep(0.3)
    c.send_message(QueueUrl=q, MessageBody="late")
threading.Thread(target=later).start()
t0 = time.time()
polled = c.receive_message(QueueUrl=q, WaitTimeSeconds=10)["Messages"][0]["Body"]
waited = time.time() - t0
attrs = c.get_queue_attributes(QueueUrl=q, AttributeNames=["All"])["Attributes"]
try:
    c.get_queue_url(QueueName="nope")
    err = None
except c.exceptions.QueueDoesNotExist as e:
    err = [e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
try:
    c.receive_message(QueueUrl=q, MaxNumberOfMessages=11)
    err2 = None
except c.exceptions.ClientError as e:
    err2 = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
f = c.create_queue(QueueName="boto.fifo", Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]
s1 = c.send_message(QueueUrl=f, MessageBody="a", MessageGroupId="g")
s2 = c.send_message(QueueUrl=f, MessageBody="a", MessageGroupId="g")
print(json.dumps({"q": q, "sent": sent, "got": {k: got[k] for k in ("Body", "MD5OfBody", "MD5OfMessageAttributes")}, "bin": list(got["MessageAttributes"]["b"]["BinaryValue"]),
  "count": got["Attributes"]["ApproximateReceiveCount"], "polled": polled, "waited": waited, "vt": attrs["VisibilityTimeout"], "notVisible": attrs["ApproximateNumberOfMessagesNotVisible"],
  "err": err, "err2": err2, "dedup": s1["MessageId"] == s2["MessageId"], "seq": s1["SequenceNumber"]}, default=str))`);
  assert.is(out.q, `${url}/123456789012/boto`);
  const attrs = { k: { DataType: "String", StringValue: "v" }, b: { DataType: "Binary", BinaryValue: new Uint8Array([0, 1]) } };
  assert.is(out.sent.MD5OfMessageBody, md5("hello boto"));
  assert.is(out.sent.MD5OfMessageAttributes, md5OfAttributes(attrs));
  assert.equal(out.got, { Body: "hello boto", MD5OfBody: md5("hello boto"), MD5OfMessageAttributes: md5OfAttributes(attrs) });
  assert.equal(out.bin, [0, 1]);
  assert.is(out.count, "1");
  assert.is(out.polled, "late");
  assert.ok(out.waited < 5, `long poll took ${out.waited} s`);
  assert.is(out.vt, "40");
  assert.is(out.notVisible, "1");
  assert.equal(out.err, ["AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.", 400]);
  assert.equal(out.err2, ["InvalidParameterValue", "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided."]);
  assert.is(out.dedup, true);
  assert.match(out.seq, /^\d+$/);
});

test("aws cli: create-queue, send-message, receive-message, get-queue-attributes, errors", async () => {
  if (!hasCli) return console.log("skipped: the AWS CLI (aws) is not installed");
  const made = await aws(["create-queue", "--queue-name", "cli-q"]);
  assert.is(made.status, 0, made.stderr);
  const q = JSON.parse(made.stdout).QueueUrl;
  assert.is(q, `${url}/123456789012/cli-q`);
  const sent = await aws(["send-message", "--queue-url", q, "--message-body", "from the cli", "--delay-seconds", "0"]);
  assert.is(sent.status, 0, sent.stderr);
  assert.is(JSON.parse(sent.stdout).MD5OfMessageBody, md5("from the cli"));
  const got = await aws(["receive-message", "--queue-url", q, "--attribute-names", "All", "--wait-time-seconds", "1"]);
  assert.is(got.status, 0, got.stderr);
  const m = JSON.parse(got.stdout).Messages[0];
  assert.is(m.Body, "from the cli");
  const del = await aws(["delete-message", "--queue-url", q, "--receipt-handle", m.ReceiptHandle]);
  assert.is(del.status, 0, del.stderr);
  const attrs = await aws(["get-queue-attributes", "--queue-url", q, "--attribute-names", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
  assert.equal(JSON.parse(attrs.stdout).Attributes, { ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" });
  const list = await aws(["list-queues", "--queue-name-prefix", "cli-"]);
  assert.equal(JSON.parse(list.stdout).QueueUrls, [q]);

  const missing = await aws(["get-queue-url", "--queue-name", "cli-missing"]);
  assert.is(missing.status, 255); // CLI v1 exits 255 on a service error
  assert.match(missing.stderr, /\(AWS\.SimpleQueueService\.NonExistentQueue\) when calling the GetQueueUrl operation( \(reached max retries: 0\))?: The specified queue does not exist\./);
  const bad = await aws(["create-queue", "--queue-name", "cli-q", "--attributes", "VisibilityTimeout=99999"]);
  assert.is(bad.status, 255);
  assert.match(bad.stderr, /\(InvalidAttributeValue\) when calling the CreateQueue operation.*: Invalid value for the parameter VisibilityTimeout\./);
  const purge1 = await aws(["purge-queue", "--queue-url", q]);
  assert.is(purge1.status, 0, purge1.stderr);
  const purge2 = await aws(["purge-queue", "--queue-url", q]);
  assert.match(purge2.stderr, /\(AWS\.SimpleQueueService\.PurgeQueueInProgress\).*: Only one PurgeQueue operation on cli-q is allowed every 60 seconds\./);
});

test.after(async () => {
  await ctx.close();
});
test.run();

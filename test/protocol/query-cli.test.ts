// boto3 and the AWS CLI (v1) against the awsQuery services (STS, SNS have no behaviour
// yet, so handlers stand in): they route, sign, form-encode and parse the XML answers and
// <ErrorResponse> errors. Skipped, with the reason printed, where python3/boto3 or aws is missing.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { errors as snsErrors } from "../../generated/sns/index.ts";
import type { Emulator } from "../../runtime/emulator.ts";
import type { RequestContext } from "../../runtime/types.ts";
import { testEmulator } from "../support/emulator.ts";
import { runPython, runTool as run, toolsPresent } from "../support/tools.ts";

const { hasBoto3, hasCli } = await toolsPresent();

let emu: Emulator;
const seen: { op: string; input: unknown; account: string; region: string }[] = [];

test.before(async () => {
  emu = await testEmulator({
    services: ["sts", "sns"],
    handlers: {
      sts: {
        GetCallerIdentity: async (input: unknown, ctx: RequestContext) => {
          seen.push({ op: "GetCallerIdentity", input, account: ctx.account, region: ctx.region });
          return { UserId: "AIDAEXAMPLE", Account: ctx.account, Arn: `arn:aws:iam::${ctx.account}:user/tester` };
        },
      },
      sns: {
        Publish: async (input: unknown, ctx: RequestContext) => {
          seen.push({ op: "Publish", input, account: ctx.account, region: ctx.region });
          return { MessageId: "11111111-2222-3333-4444-555555555555" };
        },
        ListTopics: async () => ({ Topics: [{ TopicArn: "arn:aws:sns:eu-west-1:123456789012:a&b" }, { TopicArn: "arn:aws:sns:eu-west-1:123456789012:c" }] }),
        GetTopicAttributes: async () => {
          throw new snsErrors.NotFoundException("Topic does not exist");
        },
      },
    },
  });
});
test.after(async () => {
  await emu.stop();
});

const python = (code: string) => runPython(code, emu.url);

test("aws sts get-caller-identity: a Query request answered in XML", async () => {
  if (!hasCli) return console.log("skipped: the aws CLI is not installed");
  const r = await run("aws", ["--endpoint-url", emu.url, "sts", "get-caller-identity", "--output", "json"]);
  assert.is(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout), { UserId: "AIDAEXAMPLE", Account: "123456789012", Arn: "arn:aws:iam::123456789012:user/tester" });
  assert.equal(seen.at(-1), { op: "GetCallerIdentity", input: {}, account: "123456789012", region: "eu-west-1" });
});

test("aws sns get-topic-attributes: a modeled error arrives by its awsQueryError code", async () => {
  if (!hasCli) return console.log("skipped: the aws CLI is not installed");
  const r = await run("aws", ["--endpoint-url", emu.url, "sns", "get-topic-attributes", "--topic-arn", "arn:aws:sns:eu-west-1:123456789012:nope"]);
  assert.ok(r.status !== 0, r.stderr);
  assert.match(r.stderr, /\(NotFound\) when calling the GetTopicAttributes operation.*: Topic does not exist/);
});

test("boto3 sns: publish with message attributes, list topics, and a modeled error", async () => {
  if (!hasBoto3) return console.log("skipped: python3 with boto3 is not installed");
  const out = await python(`
import boto3, json, sys
c = boto3.client("sns", endpoint_url=sys.argv[1])
r = c.publish(TopicArn="arn:aws:sns:eu-west-1:123456789012:t", Message="héllo & <bye>", Subject="s",
              MessageAttributes={"n": {"DataType": "Number", "StringValue": "7"}, "b": {"DataType": "Binary", "BinaryValue": b"\\x00\\xff"}})
topics = c.list_topics()["Topics"]
try:
    c.get_topic_attributes(TopicArn="arn:aws:sns:eu-west-1:123456789012:nope")
    err = None
except c.exceptions.NotFoundException as e:
    err = [e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"], type(e).__name__]
print(json.dumps({"id": r["MessageId"], "topics": topics, "err": err}))`);
  assert.equal(out, {
    id: "11111111-2222-3333-4444-555555555555",
    topics: [{ TopicArn: "arn:aws:sns:eu-west-1:123456789012:a&b" }, { TopicArn: "arn:aws:sns:eu-west-1:123456789012:c" }],
    err: ["NotFound", "Topic does not exist", 404, "NotFoundException"],
  });
  const publish = seen.filter((s) => s.op === "Publish").at(-1)!;
  assert.equal(publish.input, {
    TopicArn: "arn:aws:sns:eu-west-1:123456789012:t",
    Message: "héllo & <bye>",
    Subject: "s",
    MessageAttributes: { n: { DataType: "Number", StringValue: "7" }, b: { DataType: "Binary", BinaryValue: new Uint8Array([0, 255]) } },
  });
});

test.run();

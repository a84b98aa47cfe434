// boto3 and the AWS CLI (v1) against the emulator: they route, sign and parse awsJson
// answers and errors. Skipped, with the reason printed, where python3/boto3 or aws is missing.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Emulator } from "../../runtime/emulator.ts";
import type { RequestContext } from "../../runtime/types.ts";
import { testEmulator } from "../support/emulator.ts";
import { runPython, runTool as run, toolsPresent } from "../support/tools.ts";

const { hasBoto3, hasCli } = await toolsPresent();

let emu: Emulator;
const seen: { account: string; region: string }[] = [];

test.before(async () => {
  emu = await testEmulator({
    handlers: {
      dynamodb: {
        // A stand-in answer: enough to see boto3 decode a real output.
        ListTables: async (_input: unknown, ctx: RequestContext) => {
          seen.push({ account: ctx.account, region: ctx.region });
          return { TableNames: ["alpha", "beta"] };
        },
      },
    },
  });
});
test.after(async () => {
  await emu.stop();
});

const python = (code: string) => runPython(code, emu.url);

function aws(args: string[]) {
  return run("aws", ["--endpoint-url", emu.url, ...args]);
}

test("boto3: an implemented operation decodes; account and region come from the credentials", async () => {
  if (!hasBoto3) return console.log("skipped: python3 with boto3 is not installed");
  const out = await python(`
import boto3, json, sys
c = boto3.client("dynamodb", endpoint_url=sys.argv[1])
print(json.dumps(c.list_tables()["TableNames"]))`);
  assert.equal(out, ["alpha", "beta"]);
  assert.equal(seen.at(-1), { account: "123456789012", region: "eu-west-1" });
});

test("boto3: constraint violations arrive as ValidationException with AWS's text", async () => {
  if (!hasBoto3) return console.log("skipped: python3 with boto3 is not installed");
  const out = await python(`
import boto3, json, sys
c = boto3.client("kinesis", endpoint_url=sys.argv[1])
try:
    c.create_stream(StreamName="no spaces allowed", ShardCount=1)
    print(json.dumps(None))
except c.exceptions.ClientError as e:
    print(json.dumps([e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]]))`);
  assert.equal(out, [
    "ValidationException",
    // the pattern as the model writes it
    "1 validation error detected: Value 'no spaces allowed' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_.-]+$",
    400,
  ]);
});

test("boto3: an operation without behaviour answers 501 NotImplemented", async () => {
  if (!hasBoto3) return console.log("skipped: python3 with boto3 is not installed");
  const out = await python(`
import boto3, json, sys
c = boto3.client("memorydb", endpoint_url=sys.argv[1])
try:
    c.describe_clusters()
    print(json.dumps(None))
except c.exceptions.ClientError as e:
    print(json.dumps([e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]))`);
  assert.equal(out, ["NotImplemented", 501]);
});

test("aws cli: output and errors of awsJson services", async () => {
  if (!hasCli) return console.log("skipped: the AWS CLI (aws) is not installed");
  const ok = await aws(["dynamodb", "list-tables", "--output", "json"]);
  assert.is(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).TableNames, ["alpha", "beta"]);

  const bad = await aws(["kinesis", "describe-stream", "--stream-name", "bad name"]);
  assert.is(bad.status, 255, bad.stderr); // CLI v1 exits 255 on a service error
  assert.match(bad.stderr, /\(ValidationException\) when calling the DescribeStream operation( \(reached max retries: 0\))?: 1 validation error detected: Value 'bad name' at 'streamName'/);

  const missing = await aws(["firehose", "list-delivery-streams"]);
  assert.is(missing.status, 255);
  assert.match(missing.stderr, /\(NotImplemented\) when calling the ListDeliveryStreams operation( \(reached max retries: 0\))?: The operation ListDeliveryStreams of Firehose is not implemented/);
});

test.run();

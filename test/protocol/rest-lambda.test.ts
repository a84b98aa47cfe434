// restJson1 on the wire, with Lambda: REST routing (signed and unsigned, literal query
// parts, labels), malformed requests answered with Lambda's own errors (never a 500),
// x-amzn-ErrorType errors, the event stream of InvokeWithResponseStream over HTTP/1.1
// chunked, and the AWS CLI v1 / boto3 decoding answers and a modeled error.
import { InvokeWithResponseStreamCommand, LambdaClient, ResourceNotFoundException } from "@aws-sdk/client-lambda";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Emulator } from "../../runtime/emulator.ts";
import { errors as lambdaErrors } from "../../generated/lambda/index.ts";
import { clientConfig, testEmulator } from "../support/emulator.ts";
import { type Answer, send } from "../support/http.ts";
import { runTool as run, toolsPresent } from "../support/tools.ts";

type Rec = Record<string, unknown>;

let emu: Emulator;
/** operation -> the inputs its handler received */
const calls = new Map<string, Rec[]>();
const record = (op: string, input: Rec) => {
  calls.set(op, [...(calls.get(op) ?? []), input]);
};

test.before(async () => {
  emu = await testEmulator({
    services: ["lambda"],
    handlers: {
      lambda: {
        ListFunctions: async (input: Rec) => {
          record("ListFunctions", input);
          // a next page only for callers that ask for pages (the CLI would follow it)
          const next = input.MaxItems !== undefined && input.Marker === undefined ? "m2" : undefined;
          return { Functions: [{ FunctionName: "alpha", MemorySize: 128, Timeout: 3 }, { FunctionName: "beta" }], NextMarker: next };
        },
        GetFunction: async (input: Rec) => {
          record("GetFunction", input);
          throw new lambdaErrors.ResourceNotFoundException(`Function not found: ${String(input.FunctionName)}`, { Type: "User" });
        },
        ListLayers: async (input: Rec) => {
          record("ListLayers", input);
          return { Layers: [] };
        },
        GetLayerVersionByArn: async (input: Rec) => {
          record("GetLayerVersionByArn", input);
          return { Version: 3 };
        },
        GetLayerVersion: async (input: Rec) => {
          record("GetLayerVersion", input);
          return { Version: input.VersionNumber };
        },
        TagResource: async (input: Rec) => {
          record("TagResource", input);
          return {};
        },
        UntagResource: async (input: Rec) => {
          record("UntagResource", input);
          return {};
        },
        CreateAlias: async (input: Rec) => {
          record("CreateAlias", input);
          return { Name: input.Name, FunctionVersion: input.FunctionVersion };
        },
        InvokeWithResponseStream: async (input: Rec) => {
          record("InvokeWithResponseStream", input);
          async function* events() {
            yield { PayloadChunk: { Payload: Buffer.from("one ") } };
            yield { PayloadChunk: { Payload: Buffer.from("two") } };
            if (input.Qualifier === "fail") throw new lambdaErrors.ServiceException("the stream broke");
            yield { InvokeComplete: { LogResult: "bG9n" } };
          }
          return { StatusCode: 200, ExecutedVersion: "$LATEST", EventStream: events() };
        },
      },
    },
  });
});
test.after(async () => {
  await emu.stop();
});

const port = () => emu.ports.edge;
const sigv4 = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc`;
const signed = (extra: Record<string, string> = {}) => ({ authorization: sigv4("lambda"), "x-amz-date": "20260101T000000Z", ...extra });

function errorOf(res: Answer): { type: string | undefined; doc: Rec } {
  let doc: Rec = {};
  try {
    doc = JSON.parse(res.body) as Rec;
  } catch {
    /* not JSON */
  }
  return { type: res.headers["x-amzn-errortype"] as string | undefined, doc };
}

// --- routing ---

test("an unsigned request is routed by its path alone", async () => {
  const res = await send(port(), { method: "GET", path: "/2015-03-31/functions/?MaxItems=5&FunctionVersion=ALL" });
  assert.is(res.status, 200, res.body);
  assert.is(res.headers["content-type"], "application/json");
  assert.ok(res.headers["x-amzn-requestid"]);
  assert.equal(JSON.parse(res.body).NextMarker, "m2");
  assert.equal(calls.get("ListFunctions")!.at(-1), { MaxItems: 5, FunctionVersion: "ALL" });
});

test("a literal query part in the URI tells operations on one path apart", async () => {
  const arn = "arn:aws:lambda:us-east-1:123456789012:layer:my-layer:3";
  let res = await send(port(), { method: "GET", path: `/2018-10-31/layers?find=LayerVersion&Arn=${encodeURIComponent(arn)}`, headers: signed() });
  assert.is(res.status, 200, res.body);
  assert.equal(calls.get("GetLayerVersionByArn")!.at(-1), { Arn: arn });
  res = await send(port(), { method: "GET", path: "/2018-10-31/layers", headers: signed() });
  assert.is(res.status, 200, res.body);
  assert.is(calls.get("ListLayers")!.length, 1);
});

test("labels are percent-decoded and typed; query lists are repeated keys", async () => {
  const arn = "arn:aws:lambda:us-east-1:123456789012:function:f-1";
  let res = await send(port(), { method: "GET", path: "/2018-10-31/layers/my%2Dlayer/versions/7", headers: signed() });
  assert.is(res.status, 200, res.body);
  assert.equal(calls.get("GetLayerVersion")!.at(-1), { LayerName: "my-layer", VersionNumber: 7 });
  res = await send(port(), { method: "DELETE", path: `/2017-03-31/tags/${encodeURIComponent(arn)}?tagKeys=a&tagKeys=b%2Cc`, headers: signed() });
  assert.is(res.status, 204, res.body);
  assert.is(res.body, "");
  assert.equal(calls.get("UntagResource")!.at(-1), { Resource: arn, TagKeys: ["a", "b,c"] });
});

test("a JSON body: unknown members ignored, the answer's status from the http trait", async () => {
  const res = await send(port(), {
    method: "POST",
    path: "/2015-03-31/functions/f/aliases",
    headers: signed({ "content-type": "application/json" }),
    body: JSON.stringify({ Name: "live", FunctionVersion: "1", NotAMember: { x: 1 } }),
  });
  assert.is(res.status, 201, res.body);
  assert.equal(calls.get("CreateAlias")!.at(-1), { FunctionName: "f", Name: "live", FunctionVersion: "1" });
  assert.equal(JSON.parse(res.body), { Name: "live", FunctionVersion: "1" });
});

// --- malformed input: Lambda's own errors, never a 500 ---

const malformed: [string, { method: string; path: string; body?: string }, number, string][] = [
  ["a body that is not JSON", { method: "POST", path: "/2015-03-31/functions/f/aliases", body: "{not json" }, 400, "InvalidRequestContentException"],
  ["a JSON body that is not an object", { method: "POST", path: "/2015-03-31/functions/f/aliases", body: "[1,2]" }, 400, "InvalidRequestContentException"],
  ["a member of the wrong JSON type", { method: "POST", path: "/2015-03-31/functions/f/aliases", body: '{"Name":5,"FunctionVersion":"1"}' }, 400, "InvalidRequestContentException"],
  ["an integer label that is not a number", { method: "GET", path: "/2018-10-31/layers/l/versions/abc" }, 400, "InvalidRequestContentException"],
  ["an integer query parameter that is not a number", { method: "GET", path: "/2015-03-31/functions/?MaxItems=lots" }, 400, "InvalidRequestContentException"],
  ["a label with a broken percent escape", { method: "GET", path: "/2015-03-31/functions/f%zz" }, 400, "InvalidRequestContentException"],
  ["an unknown path under the service's prefix", { method: "GET", path: "/2015-03-31/nothing/here" }, 400, "UnknownOperationException"],
  ["a method no route of the path has", { method: "PATCH", path: "/2015-03-31/functions" }, 400, "UnknownOperationException"],
  ["a missing required member", { method: "POST", path: "/2015-03-31/functions/f/aliases", body: '{"Name":"live"}' }, 400, "ValidationException"],
];

for (const [what, req, status, type] of malformed) {
  test(`${what} is answered ${status} ${type}`, async () => {
    const res = await send(port(), { ...req, headers: signed(req.body ? { "content-type": "application/json" } : {}) });
    assert.is(res.status, status, res.body);
    const { type: got, doc } = errorOf(res);
    assert.is(got, type, res.body);
    assert.is(res.headers["content-type"], "application/json");
    if (type !== "UnknownOperationException") assert.ok(typeof (doc.message ?? doc.Message) === "string", res.body);
  });
}

test("an operation without behaviour answers 501 NotImplemented naming it", async () => {
  const res = await send(port(), { method: "GET", path: "/2015-03-31/functions/f/aliases", headers: signed() });
  assert.is(res.status, 501, res.body);
  const { type, doc } = errorOf(res);
  assert.is(type, "NotImplemented");
  assert.match(String(doc.message), /ListAliases/);
});

test("the SDK reads a modeled error from x-amzn-ErrorType and the body", async () => {
  const client = new LambdaClient(clientConfig(emu));
  try {
    const { GetFunctionCommand } = await import("@aws-sdk/client-lambda");
    await client.send(new GetFunctionCommand({ FunctionName: "missing" }));
    assert.unreachable("GetFunction should fail");
  } catch (e) {
    assert.instance(e, ResourceNotFoundException);
    const err = e as ResourceNotFoundException;
    assert.is(err.message, "Function not found: missing");
    assert.is(err.Type, "User");
    assert.is(err.$metadata.httpStatusCode, 404);
  } finally {
    client.destroy();
  }
});

// --- event streams over HTTP/1.1 chunked ---

test("InvokeWithResponseStream answers an event stream, chunked, with the other members in headers", async () => {
  const res = await send(port(), { method: "POST", path: "/2021-11-15/functions/f/response-streaming-invocations", headers: signed(), body: "{}" });
  assert.is(res.status, 200, res.body);
  assert.is(res.headers["content-type"], "application/vnd.amazon.eventstream");
  assert.is(res.headers["transfer-encoding"], "chunked");
  assert.is(res.headers["content-length"], undefined);
  assert.is(res.headers["x-amz-executed-version"], "$LATEST");
  assert.not.ok(res.body.includes("initial-response"), "REST protocols send no initial-response");
});

test("the SDK reads the events, then an error that ends the stream", async () => {
  const client = new LambdaClient(clientConfig(emu));
  try {
    const ok = await client.send(new InvokeWithResponseStreamCommand({ FunctionName: "f" }));
    assert.is(ok.ExecutedVersion, "$LATEST");
    const got: string[] = [];
    for await (const e of ok.EventStream!) {
      if (e.PayloadChunk) got.push(Buffer.from(e.PayloadChunk.Payload!).toString());
      if (e.InvokeComplete) got.push(`complete ${e.InvokeComplete.LogResult}`);
    }
    assert.equal(got, ["one ", "two", "complete bG9n"]);

    const failing = await client.send(new InvokeWithResponseStreamCommand({ FunctionName: "f", Qualifier: "fail" }));
    const before: string[] = [];
    let thrown: unknown;
    try {
      for await (const e of failing.EventStream!) if (e.PayloadChunk) before.push(Buffer.from(e.PayloadChunk.Payload!).toString());
    } catch (e) {
      thrown = e;
    }
    assert.equal(before, ["one ", "two"]);
    assert.ok(thrown, "the stream ends with an error");
    assert.is((thrown as Error).name, "ServiceException");
    assert.is((thrown as Error).message, "the stream broke");
  } finally {
    client.destroy();
  }
});

// --- the AWS CLI v1 and boto3 ---

const { hasBoto3, hasCli } = await toolsPresent();

test("aws lambda list-functions decodes the answer; get-function reports the modeled error", async () => {
  if (!hasCli) return console.log("skipped: the aws CLI is not installed");
  const list = await run("aws", ["lambda", "list-functions", "--endpoint-url", emu.url, "--output", "json"]);
  assert.is(list.status, 0, list.stderr);
  const doc = JSON.parse(list.stdout);
  assert.equal(
    doc.Functions.map((f: Rec) => f.FunctionName),
    ["alpha", "beta"],
  );
  assert.is(doc.Functions[0].MemorySize, 128);
  const missing = await run("aws", ["lambda", "get-function", "--function-name", "nope", "--endpoint-url", emu.url]);
  assert.is.not(missing.status, 0, missing.stderr);
  assert.match(missing.stderr, /ResourceNotFoundException/);
  assert.match(missing.stderr, /Function not found: nope/);
});

test("boto3 decodes a Lambda answer and a modeled error", async () => {
  if (!hasBoto3) return console.log("skipped: boto3 is not installed");
  const code = `
import boto3, json, sys
c = boto3.client("lambda", endpoint_url=sys.argv[1])
out = c.list_functions(MaxItems=2)
try:
    c.get_function(FunctionName="arn:aws:lambda:eu-west-1:123456789012:function:gone")
    err = None
except c.exceptions.ResourceNotFoundException as e:
    err = {"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}
print(json.dumps({"names": [f["FunctionName"] for f in out["Functions"]], "marker": out.get("NextMarker"), "err": err}))
`;
  const r = await run("python3", ["-c", code, emu.url]);
  assert.is(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout.trim().split("\n").pop()!);
  assert.equal(got.names, ["alpha", "beta"]);
  assert.is(got.marker, "m2");
  assert.equal(got.err, { code: "ResourceNotFoundException", message: "Function not found: arn:aws:lambda:eu-west-1:123456789012:function:gone", status: 404 });
  assert.equal(calls.get("ListFunctions")!.at(-1), { MaxItems: 2 });
});

test.run();

// The protocol-neutral HTTP binding and REST router, on a small hand-written service (the
// bindings Lambda does not use: header lists, http-date and mediaType headers, prefix
// headers, query maps, greedy labels, structure and string payloads) and on S3's routes
// (x-id optional, operations sharing a method and path told apart by required query
// parameters and headers).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { services } from "../../generated/registry.ts";
import { RestRouter, splitHeaderList, joinHeaderList } from "../../runtime/protocols/http-binding/index.ts";
import { RestJsonProtocol } from "../../runtime/protocols/rest-json/index.ts";
import type { OperationSchema, ServiceModule, ShapeTable } from "../../runtime/schema.ts";

const shapes: ShapeTable = {
  String: { type: "string" },
  Integer: { type: "integer" },
  Boolean: { type: "boolean" },
  Double: { type: "double" },
  Timestamp: { type: "timestamp" },
  Json: { type: "string", mediaType: "application/json" },
  Strings: { type: "list", member: { target: "String" } },
  Times: { type: "list", member: { target: "Timestamp" } },
  StringMap: { type: "map", key: { target: "String" }, value: { target: "String" } },
  ListMap: { type: "map", key: { target: "String" }, value: { target: "Strings" } },
  Text: { type: "string" },
  Box: { type: "structure", members: { Width: { target: "Integer" }, Label: { target: "String", jsonName: "label_text" } } },
  PutThingInput: {
    type: "structure",
    members: {
      Bucket: { target: "String", required: true, httpLabel: true },
      Key: { target: "String", required: true, httpLabel: true },
      Count: { target: "Integer", httpQuery: "count" },
      Tags: { target: "Strings", httpQuery: "tag" },
      Since: { target: "Timestamp", httpQuery: "since" },
      Rest: { target: "ListMap", httpQueryParams: true },
      Flag: { target: "Boolean", httpHeader: "X-Flag" },
      Ratio: { target: "Double", httpHeader: "X-Ratio" },
      When: { target: "Timestamp", httpHeader: "X-When" },
      Epoch: { target: "Timestamp", httpHeader: "X-Epoch", timestampFormat: "epoch-seconds" },
      Names: { target: "Strings", httpHeader: "X-Names" },
      Dates: { target: "Times", httpHeader: "X-Dates" },
      Doc: { target: "Json", httpHeader: "X-Doc" },
      Meta: { target: "StringMap", httpPrefixHeaders: "x-meta-" },
      Body: { target: "Box", httpPayload: true },
    },
  },
  PutThingOutput: {
    type: "structure",
    members: {
      Status: { target: "Integer", httpResponseCode: true },
      Names: { target: "Strings", httpHeader: "X-Names" },
      When: { target: "Timestamp", httpHeader: "X-When" },
      Meta: { target: "StringMap", httpPrefixHeaders: "x-meta-" },
      Note: { target: "Text", httpPayload: true },
    },
  },
  GetThingInput: { type: "structure", members: { Id: { target: "String", required: true, httpLabel: true } } },
  GetThingOutput: {
    type: "structure",
    members: { Version: { target: "String", httpHeader: "X-Version" }, Label: { target: "String", jsonName: "label_text" }, Made: { target: "Timestamp" } },
  },
};
const operations: Record<string, OperationSchema> = {
  PutThing: { name: "PutThing", input: "PutThingInput", output: "PutThingOutput", errors: [], http: { method: "PUT", uri: "/things/{Bucket}/{Key+}", code: 200 } },
  GetThing: { name: "GetThing", input: "GetThingInput", output: "GetThingOutput", errors: [], http: { method: "GET", uri: "/thing/{Id}", code: 200 } },
};
const mod: ServiceModule = { shapes, operations, errors: {} };
const protocol = new RestJsonProtocol();

test("request members come from labels, query, headers, prefix headers and the payload", () => {
  const input = protocol.parse(
    {
      method: "PUT",
      url: "/things/b%201/dir/sub%2Fx/file.txt?count=3&tag=a&tag=b&since=2024-01-02T03%3A04%3A05Z&extra=1&extra=2&other=z",
      headers: {
        "x-flag": "true",
        "x-ratio": "NaN",
        "x-when": "Tue, 02 Jan 2024 03:04:05 GMT",
        "x-epoch": "1704164645.5",
        "x-names": 'one, "two, three", "say \\"hi\\""',
        "x-dates": "Tue, 02 Jan 2024 03:04:05 GMT, Wed, 03 Jan 2024 03:04:05 GMT",
        "x-doc": Buffer.from('{"a":1}').toString("base64"),
        "x-meta-colour": "red",
        "x-meta-size": "L",
      },
      body: Buffer.from('{"Width":4,"label_text":"boxed","unknown":true}'),
    },
    operations.PutThing,
    mod,
  );
  assert.equal(input, {
    Bucket: "b 1",
    Key: "dir/sub/x/file.txt",
    Count: 3,
    Tags: ["a", "b"],
    Since: new Date("2024-01-02T03:04:05Z"),
    Rest: { extra: ["1", "2"], other: ["z"] },
    Flag: true,
    Ratio: Number.NaN,
    When: new Date("2024-01-02T03:04:05Z"),
    Epoch: new Date(1704164645500),
    Names: ["one", "two, three", 'say "hi"'],
    Dates: [new Date("2024-01-02T03:04:05Z"), new Date("2024-01-03T03:04:05Z")],
    Doc: '{"a":1}',
    Meta: { colour: "red", size: "L" },
    Body: { Width: 4, Label: "boxed" },
  });
});

test("answers: httpResponseCode, header lists, http-dates, prefix headers and a string payload", () => {
  const res = protocol.serialize(
    { Status: 202, Names: ["a", "b,c"], When: new Date("2024-01-02T03:04:05Z"), Meta: { k: "v" }, Note: "hello" },
    operations.PutThing,
    mod,
  );
  assert.is(res.status, 202);
  assert.is(res.headers["x-names"], 'a, "b,c"');
  assert.is(res.headers["x-when"], "Tue, 02 Jan 2024 03:04:05 GMT");
  assert.is(res.headers["x-meta-k"], "v");
  assert.is(res.headers["content-type"], "text/plain");
  assert.is(res.body, "hello");
});

test("answers: JSON members with jsonName and epoch-second timestamps, headers apart", () => {
  const res = protocol.serialize({ Version: "7", Label: "x", Made: new Date(1500) }, operations.GetThing, mod);
  assert.is(res.status, 200);
  assert.is(res.headers["x-version"], "7");
  assert.equal(JSON.parse(String(res.body)), { label_text: "x", Made: 1.5 });
});

test("header lists split and join symmetrically", () => {
  const items = ["plain", "with, comma", 'with "quote"', " padded "];
  assert.equal(splitHeaderList(joinHeaderList(items, false), false), items);
});

test("malformed parts are the protocol's error, not a crash", () => {
  const bad = [
    { url: "/things/b/k?count=many", headers: {} },
    { url: "/things/b/k", headers: { "x-flag": "maybe" } },
    { url: "/things/b/k", headers: { "x-when": "not a date" } },
    { url: "/things/b%zz/k", headers: {} },
  ];
  for (const b of bad) {
    try {
      protocol.parse({ method: "PUT", body: Buffer.alloc(0), ...b }, operations.PutThing, mod);
      assert.unreachable(`${b.url} ${JSON.stringify(b.headers)} parsed`);
    } catch (e) {
      assert.is((e as Error).name, "SerializationException", `${b.url}: ${(e as Error).message}`);
    }
  }
});

// --- the router over S3's routes (routing only: S3's protocol is a later step) ---

const s3 = services.find((s) => s.id === "s3")!;
const router = new RestRouter(services);
const s3Route = (method: string, url: string, headers: Record<string, string> = {}) => {
  const m = router.route(method, url, headers, [s3]);
  return m?.kind === "operation" ? m.operation : m?.kind;
};

test("S3: x-id is optional, and required query parameters and headers tell operations apart", () => {
  assert.is(s3Route("PUT", "/bucket/a/b/c.txt"), "PutObject");
  assert.is(s3Route("PUT", "/bucket/a/b/c.txt?x-id=PutObject"), "PutObject");
  assert.is(s3Route("PUT", "/bucket/key?partNumber=1&uploadId=u"), "UploadPart");
  assert.is(s3Route("PUT", "/bucket/key?partNumber=1&uploadId=u", { "x-amz-copy-source": "/b/k" }), "UploadPartCopy");
  assert.is(s3Route("PUT", "/bucket/key", { "x-amz-copy-source": "/b/k" }), "CopyObject");
  assert.is(s3Route("PUT", "/bucket/key?tagging"), "PutObjectTagging");
  assert.is(s3Route("GET", "/bucket/key"), "GetObject");
  assert.is(s3Route("GET", "/bucket"), "ListObjects");
  assert.is(s3Route("GET", "/bucket?list-type=2"), "ListObjectsV2");
  assert.is(s3Route("POST", "/bucket/key?uploads"), "CreateMultipartUpload");
  assert.is(s3Route("DELETE", "/bucket/key?uploadId=u"), "AbortMultipartUpload");
  assert.is(s3Route("GET", "/"), "ListBuckets");
});

test("S3's label-first routes claim no path unless S3 is named; Lambda's prefix is claimed without a signature", () => {
  assert.is(router.route("GET", "/some-bucket/some-key", {}), undefined);
  const m = router.route("GET", "/2015-03-31/functions/f", {});
  assert.equal(m && m.kind === "operation" ? [m.service.id, m.operation] : m, ["lambda", "GetFunction"]);
  const unknown = router.route("GET", "/2015-03-31/unknown", {});
  assert.equal(unknown && [unknown.kind, unknown.service.id], ["unknown-operation", "lambda"]);
});

test.run();

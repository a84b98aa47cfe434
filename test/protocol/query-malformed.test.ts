// Malformed Query requests (SNS and STS speak awsQuery; SQS takes Query too, being
// awsQueryCompatible), sent as raw HTTP: each gets the Query error AWS answers with, in an
// <ErrorResponse> with the service's namespace and the request id, never a 500.
import { XMLParser } from "fast-xml-parser";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Emulator } from "../../runtime/emulator.ts";
import { testEmulator } from "../support/emulator.ts";
import { send } from "../support/http.ts";

let emu: Emulator;
let port: number;
const received: Record<string, unknown>[] = [];

test.before(async () => {
  emu = await testEmulator({
    services: ["sns", "sts", "sqs", "kinesis"],
    handlers: {
      sns: {
        Publish: async (input: Record<string, unknown>) => {
          received.push(input);
          return { MessageId: "m-1" };
        },
      },
      sts: {
        AssumeRole: async (input: Record<string, unknown>) => {
          received.push(input);
          return {};
        },
      },
    },
  });
  port = Number(new URL(emu.url).port);
});
test.after(async () => {
  await emu?.stop();
});

const FORM = "application/x-www-form-urlencoded";
const sigv4 = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`;
const NS = {
  sns: "http://sns.amazonaws.com/doc/2010-03-31/",
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
  sqs: "http://queue.amazonaws.com/doc/2012-11-05/",
};
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false });

interface Row {
  name: string;
  service: keyof typeof NS;
  body: string;
  method?: string;
  path?: string;
  /** sign for the service (else only Action/Version route the request) */
  signed?: boolean;
  contentType?: string;
  status: number;
  code: string;
  type?: "Sender" | "Receiver";
  message?: string | RegExp;
}

const rows: Row[] = [
  { name: "sns: unknown Action", service: "sns", signed: true, body: "Action=NoSuchThing&Version=2010-03-31", status: 400, code: "InvalidAction", message: "Could not find operation NoSuchThing for version 2010-03-31" },
  { name: "sns: unknown Action, routed by Version alone", service: "sns", body: "Action=NoSuchThing&Version=2010-03-31", status: 400, code: "InvalidAction" },
  { name: "sns: missing Action", service: "sns", signed: true, body: "Version=2010-03-31&TopicArn=x", status: 400, code: "MissingAction" },
  { name: "sns: empty body", service: "sns", signed: true, body: "", status: 400, code: "MissingAction" },
  { name: "sns: bad percent-encoding", service: "sns", signed: true, body: "Action=Publish&Version=2010-03-31&TopicArn=a&Message=%G1", status: 400, code: "MalformedQueryString" },
  { name: "sns: percent-encoding that is not UTF-8", service: "sns", signed: true, body: "Action=Publish&Version=2010-03-31&TopicArn=a&Message=%C3%28", status: 400, code: "MalformedQueryString" },
  { name: "sns: a body that is not a form", service: "sns", signed: true, contentType: "application/json", body: '{"Action":"Publish"}', status: 400, code: "MalformedQueryString" },
  { name: "sns: missing required parameter", service: "sns", signed: true, body: "Action=Publish&Version=2010-03-31&TopicArn=a", status: 400, code: "ValidationError", message: /'message' failed to satisfy constraint: Member must not be null/ },
  {
    name: "sns: text for a boolean",
    service: "sns",
    signed: true,
    body: "Action=Subscribe&Version=2010-03-31&TopicArn=a&Protocol=sqs&ReturnSubscriptionArn=maybe",
    status: 400,
    code: "InvalidParameterValue",
    message: /ReturnSubscriptionArn/,
  },
  { name: "sts: text for an integer", service: "sts", signed: true, body: "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s&DurationSeconds=abc", status: 400, code: "InvalidParameterValue", message: /DurationSeconds/ },
  { name: "sts: integer out of range", service: "sts", signed: true, body: "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s&DurationSeconds=99999999999", status: 400, code: "InvalidParameterValue" },
  { name: "sts: unknown Action over GET", service: "sts", method: "GET", path: "/?Action=Nope&Version=2011-06-15", body: "", status: 400, code: "InvalidAction" },
  { name: "sts: no behaviour yet", service: "sts", signed: true, body: "Action=GetCallerIdentity&Version=2011-06-15", status: 501, code: "NotImplemented", type: "Receiver", message: /GetCallerIdentity/ },
  { name: "sqs: unknown Action", service: "sqs", signed: true, body: "Action=SendMessages&Version=2012-11-05", status: 400, code: "InvalidAction" },
  { name: "sqs: text for an integer", service: "sqs", signed: true, body: "Action=ReceiveMessage&Version=2012-11-05&QueueUrl=q&MaxNumberOfMessages=ten", status: 400, code: "InvalidParameterValue", message: /MaxNumberOfMessages/ },
  { name: "sqs: bad base64 in a binary attribute", service: "sqs", signed: true, body: "Action=SendMessage&Version=2012-11-05&QueueUrl=q&MessageBody=b&MessageAttribute.1.Name=a&MessageAttribute.1.Value.DataType=Binary&MessageAttribute.1.Value.BinaryValue=%21%21", status: 400, code: "InvalidParameterValue" },
];

for (const row of rows) {
  test(row.name, async () => {
    const headers: Record<string, string> = {};
    if (row.method !== "GET") headers["content-type"] = row.contentType ?? FORM;
    if (row.signed) Object.assign(headers, { authorization: sigv4(row.service), "x-amz-date": "20260101T000000Z" });
    const a = await send(port, { method: row.method ?? "POST", path: row.path ?? "/", headers, body: row.body });
    assert.is(a.status, row.status, a.body);
    assert.ok(String(a.headers["content-type"]).startsWith("text/xml"), String(a.headers["content-type"]));
    const doc = parser.parse(a.body);
    const er = doc.ErrorResponse;
    assert.ok(er, a.body);
    assert.is(er["@xmlns"], NS[row.service]);
    assert.is(er.Error.Code, row.code);
    assert.is(er.Error.Type, row.type ?? "Sender");
    assert.is(er.RequestId, a.headers["x-amzn-requestid"]);
    if (typeof row.message === "string") assert.is(er.Error.Message, row.message);
    else if (row.message) assert.match(er.Error.Message, row.message);
  });
}

test("unknown parameters are ignored; nested maps, lists and escapes decode", async () => {
  received.length = 0;
  const body = [
    "Action=Publish",
    "Version=2010-03-31",
    "TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3At",
    "Message=a+b%26c%3D%E2%9C%93",
    "NoSuchParameter=1",
    "MessageAttributes.entry.2.Name=second",
    "MessageAttributes.entry.2.Value.DataType=Binary",
    "MessageAttributes.entry.2.Value.BinaryValue=AAEC",
    "MessageAttributes.entry.1.Name=first",
    "MessageAttributes.entry.1.Value.DataType=String",
    "MessageAttributes.entry.1.Value.StringValue=x",
  ].join("&");
  const a = await send(port, { headers: { "content-type": `${FORM}; charset=utf-8` }, body });
  assert.is(a.status, 200, a.body);
  assert.equal(received[0], {
    TopicArn: "arn:aws:sns:us-east-1:123456789012:t",
    Message: "a b&c=✓",
    MessageAttributes: {
      first: { DataType: "String", StringValue: "x" },
      second: { DataType: "Binary", BinaryValue: new Uint8Array([0, 1, 2]) },
    },
  });
  const doc = parser.parse(a.body);
  assert.is(doc.PublishResponse["@xmlns"], NS.sns);
  assert.is(doc.PublishResponse.PublishResult.MessageId, "m-1");
  assert.is(doc.PublishResponse.ResponseMetadata.RequestId, a.headers["x-amzn-requestid"]);
});

test("an empty list travels as 'Name='", async () => {
  received.length = 0;
  const a = await send(port, {
    headers: { "content-type": FORM, authorization: sigv4("sts"), "x-amz-date": "20260101T000000Z" },
    body: "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=sess&PolicyArns=&Tags=",
  });
  assert.is(a.status, 200, a.body);
  assert.equal(received[0], { RoleArn: "arn:aws:iam::123456789012:role/r", RoleSessionName: "sess", PolicyArns: [], Tags: [] });
});

test("a form body to a service that speaks only JSON is not taken for Query", async () => {
  const a = await send(port, { headers: { "content-type": FORM, authorization: sigv4("kinesis"), "x-amz-date": "20260101T000000Z" }, body: "Action=ListStreams" });
  assert.is(a.status, 404, a.body);
  assert.is(a.body, "<UnknownOperationException/>\n");
});

test("many malformed requests at once leave the server answering", async () => {
  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, i) => send(port, { headers: { "content-type": FORM }, body: i % 2 ? "Action=%%%&Version=2010-03-31" : `Action=X${i}&Version=2011-06-15` })),
  );
  for (const a of answers) assert.ok(a.status === 400, `${a.status} ${a.body}`);
});

test.run();

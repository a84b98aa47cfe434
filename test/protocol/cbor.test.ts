// CBOR bodies (Content-Type application/x-amz-cbor-1.1) on awsJson services, as the Java SDK
// and the KCL send them: requests written by an independent encoder (cbor-x, or bytes put
// together by hand), raw POSTs to the emulator, answers decoded by cbor-x.
//
// CBOR facts used for expected values (RFC 8949): major types 0 uint, 2 byte string,
// 3 text, 4 array, 5 map, 6 tag; 0x1b = uint with an 8-byte argument; 0xc1 = tag 1
// (epoch-based date); 0x5f/0x7f/0x9f/0xbf open indefinite-length byte strings/texts/
// arrays/maps, 0xff ends them. Java (Jackson + AWS SDK) writes a timestamp as tag 1 around
// a long of epoch MILLISECONDS: 1700000000123 ms = 0x0000018BCFE5687B.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Tag } from "cbor-x";
import type { Emulator } from "../../runtime/emulator.ts";
import { ResourceNotFoundException } from "../../generated/kinesis/errors.ts";
import { QueueDoesNotExist } from "../../generated/sqs/errors.ts";
import { CBOR, cborBody, cborItem, decodeCbor, post, postCbor, type RawAnswer } from "../support/cbor-roundtrip.ts";
import { testEmulator } from "../support/emulator.ts";
import { prng } from "../support/synth.ts";

type Rec = Record<string, unknown>;

const KINESIS = "Kinesis_20131202";
const JSON_11 = "application/x-amz-json-1.1";
const JSON_10 = "application/x-amz-json-1.0";
const MS = 1700000000123;
const SHARD = "shardId-000000000000";

const calls: { op: string; input: Rec }[] = [];
const lastInput = (op: string): Rec | undefined => calls.filter((c) => c.op === op).at(-1)?.input;
/** what the next handler call does instead of answering its default */
let next: ((input: Rec) => unknown) | undefined;

function recording(op: string, answer: (input: Rec) => unknown) {
  return async (input: Rec) => {
    calls.push({ op, input });
    const act = next;
    next = undefined;
    return act ? act(input) : answer(input);
  };
}

let emu: Emulator;

test.before(async () => {
  emu = await testEmulator({
    handlers: {
      kinesis: {
        PutRecord: recording("PutRecord", () => ({ ShardId: SHARD, SequenceNumber: "49590338271490256608559692538361571095921575989136588898" })),
        PutRecords: recording("PutRecords", (input) => ({
          FailedRecordCount: 0,
          Records: (input.Records as unknown[]).map((_, i) => ({ ShardId: SHARD, SequenceNumber: String(1000 + i) })),
        })),
        GetShardIterator: recording("GetShardIterator", () => ({ ShardIterator: "AAAAAAAAAAH" })),
        GetRecords: recording("GetRecords", () => ({
          Records: [
            {
              SequenceNumber: "1",
              ApproximateArrivalTimestamp: new Date(MS),
              Data: new Uint8Array([0x00, 0x01, 0x02, 0xff]),
              PartitionKey: "pk",
              EncryptionType: "NONE",
            },
          ],
          NextShardIterator: "next",
          MillisBehindLatest: 5_000_000_000,
        })),
        ListStreams: recording("ListStreams", () => ({ StreamNames: [], HasMoreStreams: false })),
      },
      sqs: {
        GetQueueUrl: recording("GetQueueUrl", () => {
          throw new QueueDoesNotExist("The specified queue does not exist.");
        }),
      },
      dynamodb: {
        PutItem: recording("PutItem", () => ({})),
        GetItem: recording("GetItem", () => ({ Item: { k: { S: "key" }, b: { B: new Uint8Array([9, 8, 7]) }, n: { N: "42" } } })),
      },
    },
  });
});

test.after(async () => {
  await emu?.stop();
});

const kinesis = (op: string, body: Buffer, contentType = CBOR) => postCbor(emu.url, `${KINESIS}.${op}`, body, contentType);
const kinesisJson = (op: string, body: unknown) =>
  post(emu.url, { "content-type": JSON_11, "x-amz-target": `${KINESIS}.${op}` }, Buffer.from(JSON.stringify(body)));

function decoded(a: RawAnswer): Rec {
  assert.is(a.headers["content-type"], CBOR, "the answer is CBOR");
  const v = decodeCbor(a.body);
  assert.type(v, "object");
  return v as Rec;
}

/** a CBOR error answer: status, content type, __type */
function cborError(a: RawAnswer, status: number, type: string): Rec {
  assert.is(a.status, status, `HTTP status (body ${a.body.toString("hex").slice(0, 120)})`);
  const body = decoded(a);
  assert.is(body.__type, type);
  return body;
}

const bytes = (...b: number[]) => Buffer.from(b);
const text = (s: string) => cborItem(s);

// ---------------------------------------------------------------------------------------
// Requests

test("PutRecord: a definite-length CBOR map, Data as a byte string, answered in CBOR", async () => {
  const data = Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7f]);
  const a = await kinesis("PutRecord", cborBody({ StreamName: "orders", Data: data, PartitionKey: "p-1" }, "definite"));
  assert.is(a.status, 200);
  const input = lastInput("PutRecord")!;
  assert.equal(Object.keys(input).sort(), ["Data", "PartitionKey", "StreamName"]);
  assert.ok(input.Data instanceof Uint8Array, "Data arrives as bytes");
  assert.equal([...(input.Data as Uint8Array)], [...data]);
  assert.is(input.StreamName, "orders");
  assert.is(input.PartitionKey, "p-1");
  assert.equal(decoded(a), { ShardId: SHARD, SequenceNumber: "49590338271490256608559692538361571095921575989136588898" });
  assert.ok(a.headers["x-amzn-requestid"], "a request id, as on JSON answers");
});

test("GetShardIterator: Timestamp as tag 1 around an integer of epoch milliseconds arrives as that Date", async () => {
  const body = cborBody(
    { StreamName: "orders", ShardId: SHARD, ShardIteratorType: "AT_TIMESTAMP", Timestamp: new Date(MS) },
    "definite",
  );
  // what the Java SDK puts on the wire for the timestamp: c1 1b 0000018bcfe5687b
  assert.ok(body.includes(Buffer.from("c11b0000018bcfe5687b", "hex")), "the request carries tag 1 + uint64 millis");
  const a = await kinesis("GetShardIterator", body);
  assert.is(a.status, 200);
  const ts = lastInput("GetShardIterator")!.Timestamp;
  assert.ok(ts instanceof Date);
  assert.is((ts as Date).getTime(), MS);
  assert.equal(decoded(a), { ShardIterator: "AAAAAAAAAAH" });
});

test("GetShardIterator: tag 1 around a float, and an untagged number, are milliseconds too", async () => {
  const base = { StreamName: "orders", ShardId: SHARD, ShardIteratorType: "AT_TIMESTAMP" };
  const cases: [string, unknown, number][] = [
    // cbor-x writes a JS number past 2^32 as a float64 (0xfb)
    ["tag 1 + float64 of whole ms", new Tag(MS, 1), MS],
    // a fraction of a millisecond is rounded away (the emulator's documented choice)
    ["tag 1 + float64 with a fraction", new Tag(MS + 0.4, 1), MS],
    ["untagged integer", BigInt(MS), MS],
    ["untagged float64", MS + 0.0, MS],
  ];
  for (const [name, ts, expected] of cases) {
    const a = await kinesis("GetShardIterator", cborItem({ ...base, Timestamp: ts }));
    assert.is(a.status, 200, name);
    const got = lastInput("GetShardIterator")!.Timestamp as Date;
    assert.ok(got instanceof Date, name);
    assert.is(got.getTime(), expected, name);
  }
});

test("indefinite-length maps and arrays, chunked texts and byte strings (as Jackson writes them)", async () => {
  // { "StreamName": "orders" (in chunks "or","ders"),
  //   "Records": [ { "Data": h'010203' (in chunks h'0102', h'03'), "PartitionKey": "k" },
  //                { "Data": h'', "PartitionKey": "k2" } ] }
  const body = Buffer.concat([
    bytes(0xbf),
    text("StreamName"),
    bytes(0x7f),
    text("or"),
    text("ders"),
    bytes(0xff),
    text("Records"),
    bytes(0x9f),
    bytes(0xbf),
    text("Data"),
    bytes(0x5f, 0x42, 0x01, 0x02, 0x41, 0x03, 0xff),
    text("PartitionKey"),
    text("k"),
    bytes(0xff),
    bytes(0xbf),
    text("Data"),
    bytes(0x40),
    text("PartitionKey"),
    text("k2"),
    bytes(0xff),
    bytes(0xff),
    bytes(0xff),
  ]);
  const a = await kinesis("PutRecords", body);
  assert.is(a.status, 200, a.body.toString("hex"));
  const input = lastInput("PutRecords")!;
  assert.is(input.StreamName, "orders");
  const records = input.Records as Rec[];
  assert.is(records.length, 2);
  assert.equal([...(records[0].Data as Uint8Array)], [1, 2, 3]);
  assert.is(records[0].PartitionKey, "k");
  assert.ok(records[1].Data instanceof Uint8Array);
  assert.is((records[1].Data as Uint8Array).length, 0);
  assert.is(records[1].PartitionKey, "k2");
  const out = decoded(a);
  assert.is(out.FailedRecordCount, 0);
  assert.equal(out.Records, [
    { ShardId: SHARD, SequenceNumber: "1000" },
    { ShardId: SHARD, SequenceNumber: "1001" },
  ]);
});

test("unknown members and null members are ignored", async () => {
  const a = await kinesis(
    "PutRecord",
    cborItem({ StreamName: "s", Data: Buffer.from("x"), PartitionKey: "p", ExplicitHashKey: null, NotAMember: [1, { a: 2 }] }),
  );
  assert.is(a.status, 200);
  assert.equal(Object.keys(lastInput("PutRecord")!).sort(), ["Data", "PartitionKey", "StreamName"]);
});

test("a text where a blob goes is read as base64, as Jackson's getBinaryValue reads it", async () => {
  const a = await kinesis("PutRecord", cborItem({ StreamName: "s", Data: "AQID", PartitionKey: "p" }));
  assert.is(a.status, 200);
  assert.equal([...(lastInput("PutRecord")!.Data as Uint8Array)], [1, 2, 3]);
});

test("the media type is matched without case and parameters; other media types are still refused", async () => {
  const body = cborItem({ StreamName: "s", Data: Buffer.from("x"), PartitionKey: "p" });
  const a = await kinesis("PutRecord", body, "Application/X-Amz-Cbor-1.1; charset=binary");
  assert.is(a.status, 200);
  assert.is(a.headers["content-type"], CBOR);
  // Coral's answer to a media type it does not read (unchanged by CBOR support)
  const b = await kinesis("PutRecord", body, "application/cbor");
  assert.is(b.status, 404);
  assert.is(b.headers["content-type"], "application/xml");
});

test("many CBOR requests at once each arrive intact", async () => {
  const n = 40;
  const answers = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      kinesis("PutRecord", cborBody({ StreamName: "s", Data: Buffer.alloc(i + 1, i), PartitionKey: `p${i}` }, i % 2 ? "jackson" : "definite")),
    ),
  );
  for (const a of answers) assert.is(a.status, 200);
  for (let i = 0; i < n; i++) {
    const c = calls.filter((x) => x.op === "PutRecord" && x.input.PartitionKey === `p${i}`);
    assert.is(c.length, 1, `p${i}`);
    assert.equal([...(c[0].input.Data as Uint8Array)], [...Buffer.alloc(i + 1, i)], `p${i}`);
  }
});

// ---------------------------------------------------------------------------------------
// Answers

test("GetRecords: ApproximateArrivalTimestamp as tag 1 around integer milliseconds, Data as a byte string", async () => {
  const a = await kinesis("GetRecords", cborItem({ ShardIterator: "it" }));
  assert.is(a.status, 200);
  // tag 1, then an unsigned integer with an 8-byte argument: 1700000000123
  assert.ok(a.body.includes(Buffer.from("c11b0000018bcfe5687b", "hex")), `tag 1 + uint64 millis in ${a.body.toString("hex")}`);
  // a byte string of 4 (0x44) with the record's bytes
  assert.ok(a.body.includes(Buffer.from("440001 02ff".replace(/ /g, ""), "hex")), "Data as a byte string");
  const out = decoded(a);
  const rec = (out.Records as Rec[])[0];
  const ts = rec.ApproximateArrivalTimestamp;
  assert.ok(ts instanceof Tag, "the timestamp is tagged");
  assert.is((ts as Tag).tag, 1);
  assert.is(Number((ts as Tag).value), MS);
  assert.ok(Buffer.isBuffer(rec.Data));
  assert.equal([...(rec.Data as Buffer)], [0x00, 0x01, 0x02, 0xff]);
  assert.is(rec.PartitionKey, "pk");
  assert.is(rec.EncryptionType, "NONE");
  assert.is(Number(out.MillisBehindLatest), 5_000_000_000);
  assert.is(out.NextShardIterator, "next");
});

test("every awsJson service: DynamoDB (awsJson1_0) reads and answers CBOR, blobs as byte strings", async () => {
  const put = await postCbor(
    emu.url,
    "DynamoDB_20120810.PutItem",
    cborBody({ TableName: "t", Item: { k: { S: "key" }, b: { B: new Uint8Array([1, 2, 3]) }, l: { L: [{ N: "1" }, { BOOL: true }] } } }, "jackson"),
  );
  assert.is(put.status, 200, put.body.toString("hex"));
  assert.is(put.headers["content-type"], CBOR);
  const item = lastInput("PutItem")!.Item as Record<string, Rec>;
  assert.equal([...(item.b.B as Uint8Array)], [1, 2, 3]);
  assert.equal(item.l.L, [{ N: "1" }, { BOOL: true }]);
  const get = await postCbor(emu.url, "DynamoDB_20120810.GetItem", cborItem({ TableName: "t", Key: { k: { S: "key" } } }));
  assert.is(get.status, 200);
  const out = decoded(get).Item as Record<string, Rec>;
  assert.ok(Buffer.isBuffer(out.b.B));
  assert.equal([...(out.b.B as Buffer)], [9, 8, 7]);
  assert.equal(out.n, { N: "42" });
});

// ---------------------------------------------------------------------------------------
// Errors

test("a modeled error comes back in CBOR: __type and message, status 400", async () => {
  next = () => {
    throw new ResourceNotFoundException("Stream orders under account 000000000000 not found.");
  };
  const a = await kinesis("PutRecord", cborItem({ StreamName: "orders", Data: Buffer.from("x"), PartitionKey: "p" }));
  const body = cborError(a, 400, "ResourceNotFoundException");
  assert.equal(body, { __type: "ResourceNotFoundException", message: "Stream orders under account 000000000000 not found." });
  assert.ok(a.headers["x-amzn-requestid"]);
});

test("ValidationException in CBOR, with the status and message a JSON request gets", async () => {
  const input = { StreamName: "orders", Data: Buffer.from("x"), PartitionKey: "p".repeat(257) };
  const before = calls.length;
  const a = await kinesis("PutRecord", cborItem(input));
  const body = cborError(a, 400, "ValidationException");
  const j = await kinesisJson("PutRecord", { ...input, Data: input.Data.toString("base64") });
  const jbody = JSON.parse(j.body.toString()) as Rec;
  assert.is(j.status, 400);
  assert.is(jbody.__type, "ValidationException");
  assert.ok(typeof body.message === "string" && body.message.includes("partitionKey"), String(body.message));
  assert.equal(body, jbody, "same error document as for JSON");
  assert.is(calls.length, before, "the handler is not called");
});

test("awsQueryCompatible (SQS): CBOR errors carry x-amzn-query-error and the qualified __type, as JSON errors do", async () => {
  const a = await postCbor(emu.url, "AmazonSQS.GetQueueUrl", cborItem({ QueueName: "missing" }));
  const body = cborError(a, 400, "com.amazonaws.sqs#QueueDoesNotExist");
  assert.is(body.message, "The specified queue does not exist.");
  assert.is(a.headers["x-amzn-query-error"], "AWS.SimpleQueueService.NonExistentQueue;Sender");
  const j = await post(emu.url, { "content-type": JSON_10, "x-amz-target": "AmazonSQS.GetQueueUrl" }, Buffer.from('{"QueueName":"missing"}'));
  assert.is(j.status, a.status);
  assert.is(j.headers["x-amzn-query-error"], a.headers["x-amzn-query-error"]);
  assert.equal(JSON.parse(j.body.toString()), body);
});

test("a value of the wrong CBOR type: SerializationException with the text JSON gets", async () => {
  const cases: [string, Rec, Rec][] = [
    ["integer for a string", { StreamName: 5, Data: Buffer.from("x"), PartitionKey: "p" }, { StreamName: 5, Data: "eA==", PartitionKey: "p" }],
    ["integer for a blob", { Data: 7, PartitionKey: "p" }, { Data: 7, PartitionKey: "p" }],
    ["array for a string", { Data: Buffer.from("x"), PartitionKey: ["p"] }, { Data: "eA==", PartitionKey: ["p"] }],
    ["map for a string", { Data: Buffer.from("x"), PartitionKey: { a: 1 } }, { Data: "eA==", PartitionKey: { a: 1 } }],
    ["boolean for a blob", { Data: true, PartitionKey: "p" }, { Data: true, PartitionKey: "p" }],
  ];
  for (const [name, cborInput, jsonInput] of cases) {
    const a = await kinesis("PutRecord", cborItem(cborInput));
    const body = cborError(a, 400, "SerializationException");
    const j = await kinesisJson("PutRecord", jsonInput);
    assert.is(j.status, 400, name);
    assert.equal(body, JSON.parse(j.body.toString()), name);
  }
  // a byte string where a text goes, and a tag-1 timestamp where a string goes
  for (const v of [Buffer.from("p"), new Tag(BigInt(MS), 1)]) {
    const a = await kinesis("PutRecord", cborItem({ Data: Buffer.from("x"), PartitionKey: v }));
    cborError(a, 400, "SerializationException");
  }
  // a text that is no date where a timestamp goes
  const t = await kinesis("GetShardIterator", cborItem({ ShardId: SHARD, ShardIteratorType: "AT_TIMESTAMP", Timestamp: "yesterday" }));
  cborError(t, 400, "SerializationException");
});

test("an unknown operation in CBOR: UnknownOperationException in CBOR", async () => {
  const a = await kinesis("PutRecordz", cborItem({ StreamName: "s" }));
  cborError(a, 400, "UnknownOperationException");
  // an unreadable body is reported first, as for JSON
  const b = await kinesis("PutRecordz", bytes(0xbf, 0x61));
  cborError(b, 400, "SerializationException");
});

test("every truncation of a CBOR body is a 400 SerializationException in CBOR, never a 500 or a handler call", async () => {
  const full = cborBody(
    { StreamName: "orders", Records: [{ Data: Buffer.from("0123456789abcdef"), PartitionKey: "partition-key-1", ExplicitHashKey: "1" }] },
    "jackson",
  );
  const ok = await kinesis("PutRecords", full);
  assert.is(ok.status, 200);
  const before = calls.length;
  for (let n = 0; n < full.length; n++) {
    const a = await kinesis("PutRecords", full.subarray(0, n));
    const body = cborError(a, 400, "SerializationException");
    assert.ok(Object.keys(body).every((k) => k === "__type" || k === "Message" || k === "message"), `cut at ${n}`);
  }
  assert.is(calls.length, before, "no handler call");
});

test("garbage bytes are a 400 SerializationException in CBOR", async () => {
  const garbage: [string, Buffer][] = [
    ["a lone break", bytes(0xff)],
    ["a reserved additional information (28)", bytes(0x1c)],
    ["an undefined simple value encoding (0xfc)", bytes(0xfc)],
    ["a map whose text key claims more bytes than there are", bytes(0xa1, 0x78, 0xff, 0x41)],
    ["an indefinite map without its break", bytes(0xbf, 0x61, 0x61, 0x01)],
    ["an indefinite text with a byte-string chunk", bytes(0xa1, 0x61, 0x61, 0x7f, 0x41, 0x00, 0xff)],
    ["a 64-bit array length", bytes(0x9b, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00)],
    ["a top-level text", Buffer.from("not CBOR at all, just text")],
    ["a top-level array", cborItem([1, 2])],
    ["a top-level integer", cborItem(42)],
    ["a top-level byte string", cborItem(Buffer.from("{}"))],
    ["JSON bytes", Buffer.from('{"StreamName":"s"}')],
    ["an empty body", Buffer.alloc(0)],
  ];
  const before = calls.length;
  for (const [name, body] of garbage) {
    const a = await kinesis("ListStreams", body);
    assert.is(a.status, 400, name);
    assert.is(decoded(a).__type, "SerializationException", name);
  }
  assert.is(calls.length, before, "no handler call");
});

test("random bytes: always a CBOR answer, never a 5xx", async () => {
  const rng = prng(20240611);
  for (let i = 0; i < 300; i++) {
    const len = 1 + Math.floor(rng() * 48);
    const body = Buffer.alloc(len);
    for (let j = 0; j < len; j++) body[j] = Math.floor(rng() * 256);
    // now and then start with a map header, so the decoder gets further in
    if (i % 3 === 0) body[0] = 0xa0 | (body[0] & 0x07);
    if (i % 3 === 1) body[0] = 0xbf;
    const a = await kinesis("PutRecord", body);
    assert.ok(a.status >= 400 && a.status < 500, `HTTP ${a.status} for ${body.toString("hex")}`);
    const t = decoded(a).__type;
    assert.ok(t === "SerializationException" || t === "ValidationException", `${String(t)} for ${body.toString("hex")}`);
  }
});

test("a JSON request still gets JSON after CBOR ones", async () => {
  const j = await kinesisJson("ListStreams", {});
  assert.is(j.status, 200);
  assert.is(j.headers["content-type"], JSON_11);
  assert.equal(JSON.parse(j.body.toString()), { StreamNames: [], HasMoreStreams: false });
});

test.run();

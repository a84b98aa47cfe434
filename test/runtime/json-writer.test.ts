// The JSON answer writer (runtime/protocols/aws-json/codec.ts, JsonTextWriter) must give
// exactly the bytes of JSON.stringify over the encoded document, which it replaces for
// speed: short answers as a string, long ones copied straight into a Buffer.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { shapes as dynamodbShapes } from "../../generated/dynamodb/schema.ts";
import { shapes as kinesisShapes } from "../../generated/kinesis/schema.ts";
import { immutable } from "../../runtime/immutable.ts";
import { JsonCodec, JsonTextWriter } from "../../runtime/protocols/aws-json/codec.ts";

function both(table: typeof kinesisShapes, key: string, value: unknown): { expected: Buffer; actual: string | Buffer } {
  const codec = new JsonCodec(table);
  const writer = new JsonTextWriter(table, codec);
  return { expected: Buffer.from(JSON.stringify(codec.encode(key, value)), "utf8"), actual: writer.write(key, value) };
}

const bytesOf = (x: string | Buffer) => (typeof x === "string" ? Buffer.from(x, "utf8") : x);

test("a short answer is a string, the same text as JSON.stringify", () => {
  const { expected, actual } = both(kinesisShapes, "PutRecordOutput", { ShardId: "shardId-000000000000", SequenceNumber: "49" + "1".repeat(54), EncryptionType: "KMS" });
  assert.type(actual, "string");
  assert.equal(bytesOf(actual), expected);
  assert.is(actual, '{"ShardId":"shardId-000000000000","SequenceNumber":"49' + "1".repeat(54) + '","EncryptionType":"KMS"}');
});

test("a thousand 1 KiB records: a Buffer, byte for byte JSON.stringify's, non-ASCII and escapes included", () => {
  const records = Array.from({ length: 1000 }, (_, i) => ({
    SequenceNumber: `4959${String(i).padStart(52, "0")}`,
    ApproximateArrivalTimestamp: new Date(1_700_000_000_123 + i),
    Data: new Uint8Array(1024).map((_, j) => (i * 31 + j) & 0xff),
    // multi-byte characters, quotes, control characters and a lone surrogate
    PartitionKey: i % 3 === 0 ? `clé-${i}-✓-"q"-\\-\n-\u0001` : i % 3 === 1 ? `pk-${i}-\ud83d\ude00` : `pk-${i}-\ud800`,
    EncryptionType: i % 2 ? "KMS" : undefined,
  }));
  const value = { Records: records, NextShardIterator: "AAAA", MillisBehindLatest: 0, ChildShards: [] };
  const { expected, actual } = both(kinesisShapes, "GetRecordsOutput", value);
  assert.ok(Buffer.isBuffer(actual), "a long answer comes as a Buffer");
  assert.ok(expected.equals(bytesOf(actual)), "the same bytes");
  // and what a client reads back is the input
  const doc = JSON.parse(bytesOf(actual).toString("utf8"));
  assert.is(doc.Records.length, 1000);
  assert.is(doc.Records[999].ApproximateArrivalTimestamp, 1_700_000_000.122 + 1);
  assert.equal(Buffer.from(doc.Records[5].Data, "base64"), Buffer.from(records[5].Data));
});

test("DynamoDB items: unions, maps, lists, sets, numbers as text, booleans, NULL, binary, nulls in sparse places", () => {
  const item = {
    s: { S: "text ✓" },
    n: { N: "-12.5e3" },
    b: { B: new Uint8Array([0, 1, 2, 255]) },
    ss: { SS: ["a", "b"] },
    ns: { NS: ["1", "2.5"] },
    bs: { BS: [new Uint8Array([1]), new Uint8Array([])] },
    m: { M: { inner: { L: [{ BOOL: true }, { NULL: true }, { S: "" }] }, empty: { M: {} } } },
    l: { L: [] },
  };
  const items = Array.from({ length: 300 }, (_, i) => ({ ...item, id: { S: `item-${i}` } }));
  for (const [key, value] of [
    ["GetItemOutput", { Item: item, ConsumedCapacity: { TableName: "t", CapacityUnits: 0.5, ReadCapacityUnits: Number.NaN } }],
    ["ScanOutput", { Items: items, Count: 300, ScannedCount: 300, LastEvaluatedKey: { id: { S: "item-299" } } }],
  ] as const) {
    const { expected, actual } = both(dynamodbShapes, key, value);
    assert.ok(expected.equals(bytesOf(actual)), `${key}: the same bytes`);
  }
});

test("members left undefined or null are left out; an empty structure is {}", () => {
  for (const value of [{}, { ShardId: undefined, SequenceNumber: null }, undefined]) {
    const { expected, actual } = both(kinesisShapes, "PutRecordOutput", value);
    assert.equal(bytesOf(actual), expected);
  }
  assert.is(both(kinesisShapes, "PutRecordOutput", {}).actual, "{}");
});

test("a value marked immutable is written as before, its text kept; an unmarked one is written anew each time", () => {
  const codec = new JsonCodec(dynamodbShapes);
  const writer = new JsonTextWriter(dynamodbShapes, codec);
  const stored = immutable({ id: { S: "a" }, n: { N: "1" }, b: { B: new Uint8Array([1, 2]) } });
  const loose: Record<string, { S?: string; N?: string }> = { id: { S: "b" }, n: { N: "1" } };
  const answer = () => writer.write("QueryOutput", { Items: [stored, loose, stored], Count: 3 }) as string;
  const first = answer();
  assert.is(first, JSON.stringify(codec.encode("QueryOutput", { Items: [stored, loose, stored], Count: 3 })));
  // the unmarked item changes and the next answer shows it; the marked one answers the same
  loose.n = { N: "2" };
  const second = answer();
  assert.is(second, first.replace('"n":{"N":"1"}},{"id":{"S":"a"}', '"n":{"N":"2"}},{"id":{"S":"a"}'));
  assert.ok(second.includes('{"id":{"S":"b"},"n":{"N":"2"}}'));
  assert.is(second.split('{"id":{"S":"a"},"n":{"N":"1"},"b":{"B":"AQI="}}').length, 3, "the marked item twice, as it was");
  // the kept text is what answers: a (forbidden) change to the marked item does not show
  (stored as { n: { N: string } }).n = { N: "9" };
  assert.is(answer(), second);
});

test.run();

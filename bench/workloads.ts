// What the bench sends. A workload is a cycle of requests that each connection repeats,
// the emulator that answers it (the pipeline with no-op handlers, or the services' real
// behaviour), and how its state is prepared. The baseline server answers each request
// with a body of the size the emulator answered that request with (bench/run.ts probes
// one cycle first), so both send and receive the same bytes.
import type { AnyHandler } from "../runtime/pipeline.ts";

/** State a cycle carries from one answer to the next request (a receipt handle, say). */
export type CycleState = Record<string, string>;

export interface Step {
  /** X-Amz-Target, for the awsJson protocols (empty for REST and Query requests) */
  target: string;
  contentType: string;
  /** POST / unless given (REST operations) */
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** the body, or a function of what earlier answers of this cycle left in the state */
  body: string | ((state: CycleState) => string);
  /** reads what later steps need from this step's answer */
  capture?: (answer: string, state: CycleState) => void;
}

export interface Workload {
  name: string;
  /** "noop": the whole pipeline with constant handlers; "service": the real implementations */
  emulator: "noop" | "service";
  /** Runs against the emulator's URL before the workload; may return state the steps read. */
  setup?: (url: string) => Promise<CycleState>;
  steps: Step[];
  /** a pair of workloads whose emulator throughput should be about equal (flat cost) */
  flatWith?: string;
}

const JSON11 = "application/x-amz-json-1.1";
const JSON10 = "application/x-amz-json-1.0";
const data1k = Buffer.alloc(1024, 7).toString("base64");
const text1k = "m".repeat(1024);

/** One AWS call from the bench process (setup only; not timed). */
export async function call(url: string, target: string, contentType: string, input: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-amz-target": target,
      authorization: "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/bench/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: JSON.stringify(input),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${target}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

const kinesis = (url: string, op: string, input: unknown) => call(url, `Kinesis_20131202.${op}`, JSON11, input);
const sqs = (url: string, op: string, input: unknown) => call(url, `AmazonSQS.${op}`, JSON10, input);
const dynamodb = (url: string, op: string, input: unknown) => call(url, `DynamoDB_20120810.${op}`, JSON10, input);

/** An item of about 300 bytes: partition key pk, sort key sk, and a few attributes. */
function item(pk: string, sk: number): Record<string, unknown> {
  return {
    pk: { S: pk },
    sk: { N: String(sk) },
    owner: { S: `worker-${sk % 17}` },
    counter: { N: String(sk * 7) },
    tags: { SS: ["a", "b", "c"] },
    payload: { S: "p".repeat(200) },
  };
}

/**
 * A table of `items` items: 100 in partition "hot" (what Query reads) and the rest spread
 * over partitions of 100; the state names the table.
 */
function filledTable(table: string, items: number): (url: string) => Promise<CycleState> {
  return async (url) => {
    await dynamodb(url, "CreateTable", {
      TableName: table,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "N" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
    });
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < items; i += 25) {
      const batch = [];
      for (let j = i; j < Math.min(items, i + 25); j++) batch.push({ PutRequest: { Item: item(j < 100 ? "hot" : `p-${Math.floor(j / 100)}`, j) } });
      writes.push(dynamodb(url, "BatchWriteItem", { RequestItems: { [table]: batch } }));
      if (writes.length === 16) await Promise.all(writes.splice(0));
    }
    await Promise.all(writes);
    return { table };
  };
}

/** A one-shard stream holding `records` records of 1 KiB; the state has an iterator at its middle. */
function filledShard(stream: string, records: number): (url: string) => Promise<CycleState> {
  return async (url) => {
    await kinesis(url, "CreateStream", { StreamName: stream, ShardCount: 1 });
    let middle = "";
    for (let put = 0; put < records; put += 500) {
      const n = Math.min(500, records - put);
      const out = await kinesis(url, "PutRecords", {
        StreamName: stream,
        Records: Array.from({ length: n }, (_, i) => ({ PartitionKey: `pk-${put + i}`, Data: data1k })),
      });
      const half = Math.floor(records / 2);
      if (half >= put && half < put + n) middle = (out.Records as { SequenceNumber: string }[])[half - put].SequenceNumber;
    }
    const it = await kinesis(url, "GetShardIterator", {
      StreamName: stream,
      ShardId: "shardId-000000000000",
      ShardIteratorType: "AT_SEQUENCE_NUMBER",
      StartingSequenceNumber: middle,
    });
    return { iterator: it.ShardIterator as string };
  };
}

/** A queue holding `depth` messages of 1 KiB; the state has its URL. */
function filledQueue(name: string, depth: number): (url: string) => Promise<CycleState> {
  return async (url) => {
    const { QueueUrl } = (await sqs(url, "CreateQueue", { QueueName: name })) as { QueueUrl: string };
    const batches: Promise<unknown>[] = [];
    for (let sent = 0; sent < depth; sent += 10) {
      const n = Math.min(10, depth - sent);
      batches.push(sqs(url, "SendMessageBatch", { QueueUrl, Entries: Array.from({ length: n }, (_, i) => ({ Id: `m${i}`, MessageBody: text1k })) }));
      if (batches.length === 16) await Promise.all(batches.splice(0));
    }
    await Promise.all(batches);
    return { queueUrl: QueueUrl };
  };
}

const putRecordOutput = { ShardId: "shardId-000000000000", SequenceNumber: "49590338271490256608559692538361571095921575989136588898" };

const sendStep: Step = {
  target: "AmazonSQS.SendMessage",
  contentType: JSON10,
  body: (s) => JSON.stringify({ QueueUrl: s.queueUrl, MessageBody: text1k }),
};
const receiveStep: Step = {
  target: "AmazonSQS.ReceiveMessage",
  contentType: JSON10,
  body: (s) => JSON.stringify({ QueueUrl: s.queueUrl, MaxNumberOfMessages: 1 }),
  capture: (answer, s) => {
    const m = (JSON.parse(answer) as { Messages?: { ReceiptHandle: string }[] }).Messages?.[0];
    s.handle = m?.ReceiptHandle ?? "";
  },
};
const deleteStep: Step = {
  target: "AmazonSQS.DeleteMessage",
  contentType: JSON10,
  body: (s) => JSON.stringify({ QueueUrl: s.queueUrl, ReceiptHandle: s.handle }),
};

export const WORKLOADS: Workload[] = [
  {
    name: "pipeline: kinesis PutRecord 1 KiB, no-op handler",
    emulator: "noop",
    steps: [
      {
        target: "Kinesis_20131202.PutRecord",
        contentType: JSON11,
        body: JSON.stringify({ StreamName: "bench", PartitionKey: "pk-1", Data: data1k }),
      },
    ],
  },
  {
    name: "kinesis PutRecord 1 KiB",
    emulator: "service",
    setup: async (url) => {
      await kinesis(url, "CreateStream", { StreamName: "put", ShardCount: 1 });
      return {};
    },
    steps: [{ target: "Kinesis_20131202.PutRecord", contentType: JSON11, body: JSON.stringify({ StreamName: "put", PartitionKey: "pk-1", Data: data1k }) }],
  },
  {
    name: "kinesis GetRecords Limit 1000, shard of 10k",
    emulator: "service",
    setup: filledShard("small", 10_000),
    steps: [{ target: "Kinesis_20131202.GetRecords", contentType: JSON11, body: (s) => JSON.stringify({ ShardIterator: s.iterator, Limit: 1000 }) }],
  },
  {
    name: "kinesis GetRecords Limit 1000, shard of 200k",
    emulator: "service",
    setup: filledShard("large", 200_000),
    steps: [{ target: "Kinesis_20131202.GetRecords", contentType: JSON11, body: (s) => JSON.stringify({ ShardIterator: s.iterator, Limit: 1000 }) }],
    flatWith: "kinesis GetRecords Limit 1000, shard of 10k",
  },
  {
    name: "sqs SendMessage 1 KiB",
    emulator: "service",
    setup: filledQueue("send", 0),
    steps: [sendStep],
  },
  {
    name: "sqs ReceiveMessage+DeleteMessage, 150k waiting",
    emulator: "service",
    setup: filledQueue("drain", 150_000),
    steps: [receiveStep, deleteStep],
  },
  {
    name: "sqs Send+Receive+Delete, 1k waiting",
    emulator: "service",
    setup: filledQueue("depth-small", 1_000),
    steps: [sendStep, receiveStep, deleteStep],
  },
  {
    name: "sqs Send+Receive+Delete, 100k waiting",
    emulator: "service",
    setup: filledQueue("depth-large", 100_000),
    steps: [sendStep, receiveStep, deleteStep],
    flatWith: "sqs Send+Receive+Delete, 1k waiting",
  },
];

const getItem = (table: string): Step => ({
  target: "DynamoDB_20120810.GetItem",
  contentType: JSON10,
  body: JSON.stringify({ TableName: table, Key: { pk: { S: "hot" }, sk: { N: "42" } } }),
});
const query100 = (table: string): Step => ({
  target: "DynamoDB_20120810.Query",
  contentType: JSON10,
  body: JSON.stringify({
    TableName: table,
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": { S: "hot" } },
    Limit: 100,
  }),
});

WORKLOADS.push(
  {
    name: "dynamodb PutItem",
    emulator: "service",
    setup: filledTable("put", 0),
    steps: [{ target: "DynamoDB_20120810.PutItem", contentType: JSON10, body: JSON.stringify({ TableName: "put", Item: item("hot", 1) }) }],
  },
  { name: "dynamodb GetItem, table of 1k", emulator: "service", setup: filledTable("get-small", 1_000), steps: [getItem("get-small")] },
  {
    name: "dynamodb GetItem, table of 100k",
    emulator: "service",
    setup: filledTable("get-large", 100_000),
    steps: [getItem("get-large")],
    flatWith: "dynamodb GetItem, table of 1k",
  },
  { name: "dynamodb Query 100 items, table of 1k", emulator: "service", setup: filledTable("query-small", 1_000), steps: [query100("query-small")] },
  {
    name: "dynamodb Query 100 items, table of 100k",
    emulator: "service",
    setup: filledTable("query-large", 100_000),
    steps: [query100("query-large")],
    flatWith: "dynamodb Query 100 items, table of 1k",
  },
);

// S3 objects of printable bytes (so the probe's text of an answer keeps its size) and SNS
// Publish, through the pipeline with no-op handlers: restXml with a streamed upload body
// and a binary answer body, and awsQuery's form input and XML answer.
const objects: Record<string, Buffer> = { "1k": Buffer.alloc(1024, "o"), "1m": Buffer.alloc(1024 * 1024, "o") };
for (const [size, data] of Object.entries(objects)) {
  for (const method of ["PUT", "GET"]) {
    WORKLOADS.push({
      name: `pipeline: s3 ${method === "PUT" ? "PutObject" : "GetObject"} ${size === "1k" ? "1 KiB" : "1 MiB"}, no-op handler`,
      emulator: "noop",
      steps: [{ target: "", contentType: "application/octet-stream", method, path: `/bench/object-${size}`, body: method === "PUT" ? data.toString("latin1") : "" }],
    });
  }
}
WORKLOADS.push({
  name: "pipeline: sns Publish, no-op handler",
  emulator: "noop",
  steps: [
    {
      target: "",
      contentType: "application/x-www-form-urlencoded; charset=utf-8",
      body: new URLSearchParams({ Action: "Publish", Version: "2010-03-31", TopicArn: "arn:aws:sns:us-east-1:000000000000:bench", Message: "m".repeat(256) }).toString(),
      headers: { authorization: "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/sns/aws4_request, SignedHeaders=host, Signature=0" },
    },
  ],
});

async function drain(body: unknown): Promise<number> {
  let n = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array>) n += chunk.length;
  return n;
}

/** The constant handlers of the "noop" emulator. */
export const NOOP_HANDLERS: Record<string, Record<string, AnyHandler>> = {
  kinesis: { PutRecord: async () => putRecordOutput },
  s3: {
    // the upload is read to its end (and dropped), as any handler of a streamed body must
    PutObject: async (input) => {
      await drain((input as { Body: unknown }).Body);
      return { ETag: '"b1946ac92492d2347c6235b4d2611184"' };
    },
    GetObject: async (input) => {
      const data = objects[(input as { Key: string }).Key.slice("object-".length)];
      return { Body: new Uint8Array(data), ContentLength: data.length, ETag: '"b1946ac92492d2347c6235b4d2611184"', ContentType: "application/octet-stream" };
    },
  },
  sns: { Publish: async () => ({ MessageId: "2f9a1e3c-52b0-4d6b-9d1e-6b8b7c1f0a11" }) },
};

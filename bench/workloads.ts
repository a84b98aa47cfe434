// What the bench sends. A workload is a cycle of requests that each connection repeats,
// the emulator that answers it (the pipeline with no-op handlers, or the services' real
// behaviour), and how its state is prepared. The baseline server answers each request
// with a body of the size the emulator answered that request with (bench/run.ts probes
// one cycle first), so both send and receive the same bytes.
import type { AnyHandler } from "../runtime/pipeline.ts";

/** State a cycle carries from one answer to the next request (a receipt handle, say). */
export type CycleState = Record<string, string>;

export interface Step {
  target: string;
  contentType: string;
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

/** The constant handlers of the "noop" emulator. */
export const NOOP_HANDLERS: Record<string, Record<string, AnyHandler>> = {
  kinesis: { PutRecord: async () => putRecordOutput },
};

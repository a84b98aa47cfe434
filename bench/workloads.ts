// What the bench sends: each workload is one request shape, the no-op handler that
// answers it inside the emulator, and the exact answer body the baseline sends back.
import type { AnyHandler } from "../runtime/pipeline.ts";

export interface Workload {
  name: string;
  service: string;
  operation: string;
  target: string;
  contentType: string;
  body: string;
  /** the emulator's answer body, which the baseline server sends too */
  expectedBody: string;
  handler: AnyHandler;
}

const data1k = Buffer.alloc(1024, 7).toString("base64");

const putRecordOutput = { ShardId: "shardId-000000000000", SequenceNumber: "49590338271490256608559692538361571095921575989136588898" };

export const WORKLOADS: Workload[] = [
  {
    name: "kinesis PutRecord 1 KiB",
    service: "kinesis",
    operation: "PutRecord",
    target: "Kinesis_20131202.PutRecord",
    contentType: "application/x-amz-json-1.1",
    body: JSON.stringify({ StreamName: "bench", PartitionKey: "pk-1", Data: data1k }),
    expectedBody: JSON.stringify(putRecordOutput),
    handler: async () => putRecordOutput,
  },
];

export const NOOP_HANDLERS: Record<string, Record<string, AnyHandler>> = {};
for (const w of WORKLOADS) (NOOP_HANDLERS[w.service] ??= {})[w.operation] = w.handler;

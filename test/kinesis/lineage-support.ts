// Shared by the stream, record and resharding tests (records, streams, resharding, flows):
// an emulator with an HTTP/1.1 and an HTTP/2 client, raw awsJson requests, error
// assertions, and a reader that follows shard lineage the way KCL-style consumers do.
import * as assert from "uvu/assert";
import { expectFailure } from "../support/fails.ts";
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  type _Record,
} from "@aws-sdk/client-kinesis";
import type { Emulator, EmulatorOptions } from "../../runtime/emulator.ts";
import { clientConfig, testEmulator } from "../support/emulator.ts";
import { send } from "../support/http.ts";

export const TARGET = "Kinesis_20131202";
export const JSON_11 = "application/x-amz-json-1.1";
/** 2^128 - 1, the last hash key, as AWS prints it */
export const LAST_HASH_KEY = "340282366920938463463374607431768211455";

export interface Setup {
  emu: Emulator;
  /** HTTP/1.1 (NodeHttpHandler) */
  h1: KinesisClient;
  /** the SDK's default handler: HTTP/2 for Kinesis */
  h2: KinesisClient;
  port: number;
  close(): Promise<void>;
}

export async function setup(opts: EmulatorOptions = {}): Promise<Setup> {
  const emu = await testEmulator({ services: ["kinesis"], ...opts });
  const h1 = new KinesisClient(clientConfig(emu));
  const h2 = new KinesisClient(clientConfig(emu, { requestHandler: undefined }));
  return {
    emu,
    h1,
    h2,
    port: Number(new URL(emu.url).port),
    async close() {
      h1.destroy();
      h2.destroy();
      await emu.stop();
    },
  };
}

/** One awsJson 1.1 request as curl would send it (no signature), the answer's JSON parsed. */
export async function raw(
  port: number,
  op: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown>; text: string; headers: Record<string, unknown> }> {
  const a = await send(port, {
    path: "/",
    headers: { "X-Amz-Target": `${TARGET}.${op}`, "Content-Type": JSON_11 },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  let json: Record<string, unknown> = {};
  try {
    json = a.body ? (JSON.parse(a.body) as Record<string, unknown>) : {};
  } catch {
    /* left empty: the test looks at text */
  }
  return { status: a.status, json, text: a.body, headers: a.headers as Record<string, unknown> };
}

/** Awaits a call that must fail with the SDK error `name` (and message, exact or by pattern) and HTTP `status`. */
export const fails = (p: Promise<unknown>, name: string, message?: string | RegExp, status = 400) => expectFailure(p, name, message, { status });

export const utf8 = (b: Uint8Array | undefined) => Buffer.from(b ?? new Uint8Array()).toString("utf8");

export interface ReadResult {
  /** records by shard id, in read order */
  byShard: Map<string, _Record[]>;
  /** shards in the order they were started */
  order: string[];
  /** GetRecords calls made */
  calls: number;
}

/**
 * Reads a whole stream the way an IoT back end does with GetRecords: list the shards, take a
 * TRIM_HORIZON iterator on each shard whose parents are not listed, page with `limit` until
 * a closed shard answers without a next iterator, then go on with its children once all
 * their parents are done. An open shard is done when a page comes back empty and caught up.
 * Every answer is checked for the combination KCL accepts.
 */
export async function readLineage(client: KinesisClient, stream: string, limit = 10): Promise<ReadResult> {
  const shards = (await client.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
  const listed = new Set(shards.map((s) => s.ShardId!));
  const parentsOf = (s: { ParentShardId?: string; AdjacentParentShardId?: string }) =>
    [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => !!p && listed.has(p));
  const done = new Set<string>();
  const started = new Set<string>();
  const queue = shards.filter((s) => parentsOf(s).length === 0).map((s) => s.ShardId!);
  const byShard = new Map<string, _Record[]>();
  const order: string[] = [];
  let calls = 0;
  while (queue.length) {
    const shardId = queue.shift()!;
    if (started.has(shardId)) continue;
    started.add(shardId);
    order.push(shardId);
    const got: _Record[] = [];
    byShard.set(shardId, got);
    let iterator = (await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" })))
      .ShardIterator;
    for (;;) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
      calls++;
      assert.ok((page.Records ?? []).length <= limit, "a page holds at most Limit records");
      got.push(...(page.Records ?? []));
      if (!page.NextShardIterator) {
        // the end of a closed shard: KCL requires the children here
        assert.ok(page.ChildShards && page.ChildShards.length > 0, `${shardId} ended without ChildShards`);
        done.add(shardId);
        for (const child of page.ChildShards) {
          if ((child.ParentShards ?? []).every((p) => done.has(p) || !listed.has(p))) queue.push(child.ShardId!);
        }
        break;
      }
      assert.ok(!page.ChildShards || page.ChildShards.length === 0, `${shardId}: ChildShards with a next iterator`);
      if ((page.Records ?? []).length === 0 && page.MillisBehindLatest === 0) {
        done.add(shardId);
        break;
      }
      iterator = page.NextShardIterator;
    }
  }
  return { byShard, order, calls };
}

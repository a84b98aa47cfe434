// test-timeout: 300
// At-least-once under load, through @aws-sdk/client-sqs: 8 concurrent producers and 8
// consumers on one queue, 50,000 messages in batches of 10. Standard queue: every message
// received and deleted at least once, none lost. FIFO queue: each group's order strict and
// no message delivered again after its delete. Bounded: each run stops at a deadline.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { clientConfig } from "../support/emulator.ts";
import { counts, makeQueue, setup } from "./support.ts";

const TOTAL = 50_000;
const WORKERS = 8;
const DEADLINE_MS = 100_000;

const ctx = await setup();
const clients = Array.from({ length: WORKERS * 2 }, () => new SQSClient(clientConfig(ctx.emu)));

const load = suite("load: at least once");

interface Consuming {
  /** producers still sending */
  producing(): number;
  /** every message deleted: the consumer may stop once nobody produces */
  finished(): boolean;
  /** a batch received, before its delete */
  received(got: Message[]): void;
  /** the batch is deleted */
  deleted(got: Message[]): void;
}

/** Consumer k until the deadline: receives batches of up to 10 and deletes each batch it received. */
async function consume(url: string, k: number, stopAt: number, on: Consuming): Promise<void> {
  const c = clients[WORKERS + k];
  while (Date.now() < stopAt) {
    const producing = on.producing();
    const got = (await c.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: producing ? 1 : 0 }))).Messages ?? [];
    if (got.length === 0) {
      if (producing === 0 && on.finished()) return;
      if (producing === 0) await new Promise((r) => setTimeout(r, 5));
      continue;
    }
    on.received(got);
    const out = await c.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: got.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })) }));
    assert.is(out.Failed?.length ?? 0, 0);
    on.deleted(got);
  }
}

load("standard queue: 8 producers, 8 consumers, 50,000 messages, none lost", async () => {
  const url = await makeQueue(ctx.sqs, "load");
  const received = new Uint8Array(TOTAL);
  const deleted = new Uint8Array(TOTAL);
  let deletedCount = 0;
  let producing = WORKERS;
  const stopAt = Date.now() + DEADLINE_MS;

  const producer = async (p: number) => {
    const c = clients[p];
    for (let start = p * 10; start < TOTAL; start += WORKERS * 10) {
      const Entries = Array.from({ length: Math.min(10, TOTAL - start) }, (_, i) => ({ Id: `e${i}`, MessageBody: String(start + i) }));
      const out = await c.send(new SendMessageBatchCommand({ QueueUrl: url, Entries }));
      assert.is(out.Failed?.length ?? 0, 0);
    }
    producing--;
  };
  const consumer = (k: number) =>
    consume(url, k, stopAt, {
      producing: () => producing,
      finished: () => deletedCount >= TOTAL,
      received: (got) => {
        for (const m of got) received[Number(m.Body)] = 1;
      },
      deleted: (got) => {
        for (const m of got) {
          const n = Number(m.Body);
          if (!deleted[n]) {
            deleted[n] = 1;
            deletedCount++;
          }
        }
      },
    });
  await Promise.all([...Array.from({ length: WORKERS }, (_, p) => producer(p)), ...Array.from({ length: WORKERS }, (_, k) => consumer(k))]);
  assert.is(received.reduce((a, b) => a + b, 0), TOTAL, "every message received");
  assert.is(deletedCount, TOTAL, "every message deleted");
  assert.equal(await counts(ctx.sqs, url), [0, 0, 0], "nothing left");
});

load("FIFO queue: 8 producers, 8 consumers, 50,000 messages in 64 groups: strict order per group, no duplicate after delete", async () => {
  const url = await makeQueue(ctx.sqs, "load.fifo", { ContentBasedDeduplication: "true", DeduplicationScope: "messageGroup", FifoThroughputLimit: "perMessageGroupId" });
  const GROUPS = 64;
  const sentPerGroup = new Array<number>(GROUPS).fill(0);
  const nextExpected = new Array<number>(GROUPS).fill(0);
  const errors: string[] = [];
  let deletedCount = 0;
  let producing = WORKERS;
  const stopAt = Date.now() + DEADLINE_MS;

  // producer p owns groups p, p+8, p+16, ...: each group's order is the order its producer sent
  const producer = async (p: number) => {
    const c = clients[p];
    const mine = Array.from({ length: GROUPS / WORKERS }, (_, i) => p + i * WORKERS);
    let left = TOTAL / WORKERS;
    let turn = 0;
    while (left > 0) {
      const g = mine[turn++ % mine.length];
      const n = Math.min(10, left);
      const Entries = Array.from({ length: n }, (_, i) => ({ Id: `e${i}`, MessageGroupId: `g${g}`, MessageBody: `${g}:${sentPerGroup[g] + i}` }));
      sentPerGroup[g] += n;
      left -= n;
      const out = await c.send(new SendMessageBatchCommand({ QueueUrl: url, Entries }));
      assert.is(out.Failed?.length ?? 0, 0);
    }
    producing--;
  };
  const consumer = (k: number) =>
    consume(url, k, stopAt, {
      producing: () => producing,
      finished: () => deletedCount >= TOTAL,
      received: (got) => {
        for (const m of got) {
          const [g, i] = m.Body!.split(":").map(Number);
          if (i !== nextExpected[g]) errors.push(`group ${g}: got ${i}, expected ${nextExpected[g]}`);
          else nextExpected[g]++;
        }
      },
      deleted: (got) => {
        deletedCount += got.length;
      },
    });
  await Promise.all([...Array.from({ length: WORKERS }, (_, p) => producer(p)), ...Array.from({ length: WORKERS }, (_, k) => consumer(k))]);
  assert.equal(errors.slice(0, 5), [], "strict order, no duplicates");
  assert.is(deletedCount, TOTAL);
  assert.equal(nextExpected, sentPerGroup, "every message of every group, once");
  assert.equal(await counts(ctx.sqs, url), [0, 0, 0]);
});

load.after(async () => {
  for (const c of clients) c.destroy();
  await ctx.close();
});
load.run();

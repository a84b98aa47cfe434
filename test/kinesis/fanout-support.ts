// Shared set-up of the consumer, subscription, tag, encryption, monitoring, policy and
// throughput tests: an emulator with a frozen clock, SDK clients, a stream, and ways to
// read an event stream with a time limit.
import { request as httpRequest } from "node:http";
import * as K from "@aws-sdk/client-kinesis";
import * as assert from "uvu/assert";
import { Clock } from "../../runtime/clock.ts";
import type { Emulator } from "../../runtime/emulator.ts";
import { clientConfig, testEmulator } from "../support/emulator.ts";
import { type Frame, parseFrames } from "../support/eventstream.ts";
import { send } from "../support/http.ts";

export { K };

/** An emulator serving Kinesis only, its clock frozen so that time moves by advance() alone. */
export function kinesisEmulator(options: Record<string, number | boolean> = {}): Promise<Emulator> {
  return testEmulator({ services: ["kinesis"], clock: new Clock({ frozen: true }), options });
}

/** A client over HTTP/1.1 (the tests' default), or with the SDK's default HTTP/2 handler. */
export function client(emu: Emulator, http2 = false): K.KinesisClient {
  return new K.KinesisClient(clientConfig(emu, http2 ? { requestHandler: undefined } : {}));
}

let streams = 0;

/**
 * A new ACTIVE stream; its name and ARN. With a status delay, pass the emulator: its clock
 * is moved on (a second at a time) until the stream is ACTIVE.
 */
export async function makeStream(c: K.KinesisClient, shards = 1, emu?: Emulator): Promise<{ name: string; arn: string }> {
  const name = `s-${++streams}-${Date.now().toString(36)}`;
  await c.send(new K.CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  let d = await c.send(new K.DescribeStreamSummaryCommand({ StreamName: name }));
  for (let i = 0; emu && i < 60 && d.StreamDescriptionSummary!.StreamStatus !== "ACTIVE"; i++) {
    emu.clock.advance(1000);
    d = await c.send(new K.DescribeStreamSummaryCommand({ StreamName: name }));
  }
  assert.is(d.StreamDescriptionSummary!.StreamStatus, "ACTIVE");
  return { name, arn: d.StreamDescriptionSummary!.StreamARN! };
}

/** A registered consumer's ARN. */
export async function makeConsumer(c: K.KinesisClient, streamArn: string, name = "c"): Promise<string> {
  const r = await c.send(new K.RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: name }));
  return r.Consumer!.ConsumerARN!;
}

/** Rejects with the error a call answered; fails when it succeeded. */
export async function failure(p: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  assert.unreachable("the call succeeded; an error was expected");
  throw new Error("unreachable");
}

/** Asserts a call fails with `name` (HTTP 400) and, when given, exactly `message`. */
export async function rejects(p: Promise<unknown>, name: string, message?: string | RegExp): Promise<void> {
  const err = await failure(p);
  assert.is(err.name, name, `${err.name}: ${err.message}`);
  assert.is(err.$metadata?.httpStatusCode, 400);
  if (typeof message === "string") assert.is(err.message, message);
  else if (message) assert.match(err.message, message);
}

type Event = K.SubscribeToShardEventStream;

/** Reads an event stream one event at a time, each wait bounded by wall time. */
export class Events {
  private readonly it: AsyncIterator<Event>;

  constructor(stream: AsyncIterable<Event> | undefined) {
    assert.ok(stream, "the answer has an EventStream");
    this.it = stream[Symbol.asyncIterator]();
  }

  /** The next item: an event, the end, or the error the stream failed with. */
  async next(ms = 5_000): Promise<{ event?: K.SubscribeToShardEvent; done?: true; error?: Error }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no event within ${ms} ms`)), ms);
    });
    try {
      const r = await Promise.race([this.it.next(), timeout]);
      if (r.done) return { done: true };
      assert.ok(r.value.SubscribeToShardEvent, `a SubscribeToShardEvent, got ${Object.keys(r.value)}`);
      return { event: r.value.SubscribeToShardEvent };
    } catch (err) {
      if ((err as Error).message.startsWith("no event within")) throw err;
      return { error: err as Error };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The next item, which must be an event. */
  async event(ms?: number): Promise<K.SubscribeToShardEvent> {
    const r = await this.next(ms);
    if (r.error) throw r.error;
    assert.ok(r.event, "an event, not the end of the stream");
    return r.event;
  }

  /** Events until `count` records came; the records. */
  async records(count: number, ms?: number): Promise<K._Record[]> {
    const out: K._Record[] = [];
    while (out.length < count) out.push(...((await this.event(ms)).Records ?? []));
    return out;
  }

  /** Asserts the stream ends (cleanly) next. */
  async ends(ms?: number): Promise<void> {
    const r = await this.next(ms);
    if (r.error) throw r.error;
    assert.ok(r.done, `the stream ends, got ${JSON.stringify(r.event)}`);
  }

  /** Stops reading (the client goes away). */
  async close(): Promise<void> {
    await this.it.return?.();
  }
}

/** Subscribes and returns the stream's events. */
export async function subscribe(
  c: K.KinesisClient,
  consumerArn: string,
  position: K.StartingPosition,
  shardId = "shardId-000000000000",
): Promise<Events> {
  const r = await c.send(new K.SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: shardId, StartingPosition: position }));
  return new Events(r.EventStream);
}

export const text = (r: K._Record): string => Buffer.from(r.Data!).toString("utf8");

/** One awsJson 1.1 request as bytes (no signature): the status, the decoded JSON answer, the text. */
export async function raw(emu: Emulator, op: string, body: unknown): Promise<{ status: number; json: Record<string, unknown>; text: string; type: string }> {
  const a = await send(emu.ports.edge, {
    headers: { "x-amz-target": `Kinesis_20131202.${op}`, "content-type": "application/x-amz-json-1.1" },
    body: JSON.stringify(body),
  });
  let json: Record<string, unknown> = {};
  try {
    json = a.body ? (JSON.parse(a.body) as Record<string, unknown>) : {};
  } catch {
    /* the test looks at the text */
  }
  return { status: a.status, json, text: a.body, type: String(a.headers["content-type"]) };
}

/** A SubscribeToShard over raw HTTP/1.1, read to its end: the status, content type and frames. */
export async function rawSubscribe(emu: Emulator, body: unknown): Promise<{ status: number; type: string; frames: Frame[] }> {
  const a = await new Promise<{ status: number; type: string; bytes: Buffer }>((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: emu.ports.edge,
        method: "POST",
        path: "/",
        agent: false,
        timeout: 10_000,
        headers: {
          "x-amz-target": "Kinesis_20131202.SubscribeToShard",
          "content-type": "application/x-amz-json-1.1",
          "content-length": String(Buffer.byteLength(payload)),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), bytes: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("no end of the stream within 10 s")));
    req.on("error", reject);
    req.end(payload);
  });
  return { status: a.status, type: a.type, frames: a.type.includes("eventstream") ? parseFrames(a.bytes) : [] };
}

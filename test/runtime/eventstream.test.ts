// Event-stream answers (application/vnd.amazon.eventstream) as a client sees them on the
// wire, over HTTP/1.1 (chunked) and HTTP/2: frames arrive as the handler yields them, not
// at the end; failures end the stream with an exception or error frame; a client that
// goes away, and a stop, close the handler's stream; the server goes on serving.
// Frames are read with the tests' own parser (test/support/eventstream.ts).
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { connect as http2Connect, type ClientHttp2Session, type ClientHttp2Stream } from "node:http2";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { services } from "../../generated/registry.ts";
import type { Emulator } from "../../runtime/emulator.ts";
import { CommonErrors } from "../../runtime/errors.ts";
import type { RequestContext } from "../../runtime/types.ts";
import { testEmulator } from "../support/emulator.ts";
import { type Frame, parseFrames } from "../support/eventstream.ts";

type Rec = Record<string, unknown>;

const kinesis = services.find((s) => s.id === "kinesis")!;
const mod = await kinesis.load();
const TARGET = "Kinesis_20131202.SubscribeToShard";
const INPUT = JSON.stringify({
  ConsumerARN: "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1",
  ShardId: "shardId-000000000000",
  StartingPosition: { Type: "LATEST" },
});
const event = (n: number) => ({
  SubscribeToShardEvent: { Records: [], ContinuationSequenceNumber: String(n), MillisBehindLatest: n },
});

/** A promise with its resolve function, for a handler that waits for the test. */
function gate<T = void>() {
  let open!: (v: T) => void;
  const p = new Promise<T>((r) => (open = r));
  return { p, open };
}

/** One event, then another once `go` resolves. */
function pausing(go: Promise<void>) {
  return async () => ({
    EventStream: (async function* () {
      yield event(1);
      await go;
      yield event(2);
    })(),
  });
}

/** Resolves when `cond()` holds, polling every few ms; fails after `ms`. */
async function until(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** What the current test's handler does, and what the handler saw. */
let behaviour: (ctx: RequestContext) => Promise<Rec> = async () => ({});
let emu: Emulator;

test.before(async () => {
  emu = await testEmulator({
    services: ["kinesis"],
    handlers: { kinesis: { SubscribeToShard: async (_input: Rec, ctx: RequestContext) => behaviour(ctx) } },
  });
});
test.after(async () => {
  await emu?.stop();
});

/** An HTTP/1.1 request whose answer is read frame by frame as bytes arrive. */
function open1(): Promise<{ res: IncomingMessage; raw: () => Buffer; frames: () => Frame[]; ended: Promise<void>; destroy(): void }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: emu.ports.edge,
        method: "POST",
        path: "/",
        agent: false,
        headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": TARGET, "content-length": String(Buffer.byteLength(INPUT)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        const ended = new Promise<void>((r) => res.on("end", () => r()));
        resolve({ res, raw: () => Buffer.concat(chunks), frames: () => parseFrames(Buffer.concat(chunks)), ended, destroy: () => req.destroy() });
      },
    );
    req.on("error", reject);
    req.end(INPUT);
  });
}

function open2(): Promise<{ session: ClientHttp2Session; stream: ClientHttp2Stream; headers: IncomingHttpHeaders; frames: () => Frame[]; ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const session = http2Connect(emu.url);
    session.on("error", reject);
    const stream = session.request({
      ":method": "POST",
      ":path": "/",
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": TARGET,
    });
    stream.on("error", () => {});
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    const ended = new Promise<void>((r) => stream.on("end", () => r()));
    stream.on("response", (headers) =>
      resolve({ session, stream, headers: headers as IncomingHttpHeaders, frames: () => parseFrames(Buffer.concat(chunks)), ended }),
    );
    stream.end(INPUT);
  });
}

const kinds = (frames: Frame[]) =>
  frames.map((f) => `${f.headers[":message-type"]}:${f.headers[":event-type"] ?? f.headers[":exception-type"] ?? f.headers[":error-code"]}`);

// --- serialization ---------------------------------------------------------------------

test("HTTP/1.1: chunked, no length, frames arrive while the stream is still open", async () => {
  const more = gate();
  behaviour = pausing(more.p);
  const a = await open1();
  assert.is(a.res.statusCode, 200);
  assert.is(a.res.headers["content-type"], "application/vnd.amazon.eventstream");
  assert.is(a.res.headers["transfer-encoding"], "chunked");
  assert.is(a.res.headers["content-length"], undefined);
  assert.ok(a.res.headers["x-amzn-requestid"]);
  // the initial-response and the first event before the handler goes on
  await until(() => a.frames().length === 2, "two frames");
  more.open();
  await a.ended;
  const frames = a.frames();
  assert.equal(kinds(frames), ["event:initial-response", "event:SubscribeToShardEvent", "event:SubscribeToShardEvent"]);
  assert.equal(JSON.parse(frames[0].payload.toString()), {});
  assert.is(frames[1].headers[":content-type"], "application/x-amz-json-1.1");
  assert.equal(JSON.parse(frames[2].payload.toString()), { Records: [], ContinuationSequenceNumber: "2", MillisBehindLatest: 2 });
});

test("HTTP/2: frames arrive while the stream is open, then the stream ends", async () => {
  const more = gate();
  behaviour = pausing(more.p);
  const a = await open2();
  try {
    assert.is(a.headers[":status"], 200);
    assert.is(a.headers["content-type"], "application/vnd.amazon.eventstream");
    assert.is(a.headers["content-length"], undefined);
    await until(() => a.frames().length === 2, "two frames");
    more.open();
    await a.ended;
    assert.equal(kinds(a.frames()), ["event:initial-response", "event:SubscribeToShardEvent", "event:SubscribeToShardEvent"]);
  } finally {
    a.session.destroy();
  }
});

test("a union error member yielded as a value is an exception frame, and the stream ends there", async () => {
  behaviour = async () => ({
    EventStream: (async function* () {
      yield event(1);
      yield { ResourceInUseException: { message: "in use" } };
      yield event(2);
    })(),
  });
  const a = await open1();
  await a.ended;
  const frames = a.frames();
  assert.equal(kinds(frames), ["event:initial-response", "event:SubscribeToShardEvent", "exception:ResourceInUseException"]);
  assert.equal(JSON.parse(frames[2].payload.toString()), { message: "in use" });
});

// --- failures ----------------------------------------------------------------------------

test("an error the union does not model ends the stream with an error frame", async () => {
  behaviour = async () => ({
    EventStream: (async function* () {
      yield event(1);
      throw new mod.errors.LimitExceededException("slow down");
    })(),
  });
  const a = await open1();
  await a.ended;
  const last = a.frames().at(-1)!;
  assert.equal(last.headers, { ":message-type": "error", ":error-code": "LimitExceededException", ":error-message": "slow down" });
  assert.is(last.payload.length, 0);
});

test("a crash inside the stream is an InternalFailure error frame, and the server goes on", async () => {
  behaviour = async () => ({
    EventStream: (async function* () {
      yield event(1);
      throw new TypeError("a bug in the handler");
    })(),
  });
  const a = await open1();
  await a.ended;
  const last = a.frames().at(-1)!;
  assert.is(last.headers[":message-type"], "error");
  assert.is(last.headers[":error-code"], "InternalFailure");
  assert.not.match(String(last.headers[":error-message"]), /bug/, "the cause stays in the log");

  behaviour = async () => ({ EventStream: (async function* () {})() });
  const b = await open1();
  await b.ended;
  assert.equal(kinds(b.frames()), ["event:initial-response"]);
});

test("a stream member that is not an AsyncIterable, or an event outside the union: InternalFailure frames", async () => {
  behaviour = async () => ({ EventStream: [event(1)] });
  const a = await open1();
  await a.ended;
  assert.equal(kinds(a.frames()), ["event:initial-response", "error:InternalFailure"]);

  behaviour = async () => ({
    EventStream: (async function* () {
      yield { NotAnEvent: {} };
    })(),
  });
  const b = await open1();
  await b.ended;
  assert.equal(kinds(b.frames()), ["event:initial-response", "error:InternalFailure"]);
});

test("an error before the stream starts is an ordinary JSON error answer", async () => {
  behaviour = async () => {
    throw new mod.errors.ResourceNotFoundException("no such consumer");
  };
  const a = await open1();
  await a.ended;
  assert.is(a.res.statusCode, 400);
  assert.is(a.res.headers["content-type"], "application/x-amz-json-1.1");
  assert.equal(JSON.parse(a.raw().toString()), { __type: "ResourceNotFoundException", message: "no such consumer" });
});

// --- behaviour: the handler's stream is closed when nobody reads it ----------------------

function waitingStream(state: { closed: boolean; aborted: boolean }) {
  return async (ctx: RequestContext) => {
    const signal = ctx.signal;
    signal.addEventListener("abort", () => (state.aborted = true));
    return {
      EventStream: (async function* () {
        try {
          yield event(1);
          // waits for new records until the subscription ends, as a real one would
          await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
        } finally {
          state.closed = true;
        }
      })(),
    };
  };
}

test("HTTP/1.1: a client that goes away aborts the handler's signal and closes its stream", async () => {
  const state = { closed: false, aborted: false };
  behaviour = waitingStream(state);
  const a = await open1();
  await until(() => a.frames().length === 2, "two frames");
  a.destroy();
  await until(() => state.aborted && state.closed, "the abort and the stream's finally");
});

test("HTTP/2: a cancelled stream aborts the handler's signal and closes its stream; the session goes on", async () => {
  const state = { closed: false, aborted: false };
  behaviour = waitingStream(state);
  const a = await open2();
  try {
    await until(() => a.frames().length === 2, "two frames");
    a.stream.close();
    await until(() => state.aborted && state.closed, "the abort and the stream's finally");
    behaviour = async () => ({ EventStream: (async function* () {})() });
    const req = a.session.request({ ":method": "POST", ":path": "/", "content-type": "application/x-amz-json-1.1", "x-amz-target": TARGET });
    req.end(INPUT);
    const status = await new Promise((r) => req.on("response", (h) => r(h[":status"])));
    req.close();
    assert.is(status, 200, "the same session serves the next request");
  } finally {
    a.session.destroy();
  }
});

test("stop() ends open streams at once and closes the handlers' streams", async () => {
  const own = await testEmulator({ services: ["kinesis"], handlers: { kinesis: { SubscribeToShard: async (_i: Rec, ctx: RequestContext) => waitingStream(state)(ctx) } } });
  const state = { closed: false, aborted: false };
  const session = http2Connect(own.url);
  session.on("error", () => {});
  const stream = session.request({ ":method": "POST", ":path": "/", "content-type": "application/x-amz-json-1.1", "x-amz-target": TARGET });
  stream.on("error", () => {});
  let bytes = 0;
  stream.on("data", (c: Buffer) => (bytes += c.length));
  stream.end(INPUT);
  try {
    await until(() => bytes > 0, "the first frames");
    const started = Date.now();
    await own.stop();
    assert.ok(Date.now() - started < 2_000, "stop does not wait for the stream");
    await until(() => state.aborted && state.closed, "the abort and the stream's finally");
  } finally {
    session.destroy();
    await own.stop();
  }
});

test.run();

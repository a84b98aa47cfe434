// HTTP/2 cleartext with prior knowledge on the same ports as HTTP/1.1: the same answers,
// request ids, CORS, admin endpoints and body limit; both at once; malformed frames and
// reset streams; slow, stalled and abandoned connections; and a stop that closes every
// session so the process exits by itself.
import {
  type ClientHttp2Session,
  type IncomingHttpHeaders as Http2Headers,
  type OutgoingHttpHeaders,
  connect as http2Connect,
  constants as h2,
} from "node:http2";
import { connect as netConnect, createServer as netServer, type AddressInfo, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Emulator } from "../../runtime/emulator.ts";
import type { AdminHandler, EdgeServer, ListenOptions } from "../../runtime/server.ts";
import { testEmulator } from "../support/emulator.ts";
import { runScript } from "../support/child.ts";
import { edgeServer } from "../support/edge-server.ts";
import { type Answer, send as send1 } from "../support/http.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");
const kinesis = (op: string) => ({ "content-type": "application/x-amz-json-1.1", "x-amz-target": `Kinesis_20131202.${op}` });
const MAX_BODY = 4096;

// --- helpers -----------------------------------------------------------------------------

interface H2Answer {
  status: number;
  headers: Http2Headers;
  body: string;
}

/** An HTTP/2 session to a loopback port, connected. */
function open(port: number): Promise<ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = http2Connect(`http://127.0.0.1:${port}`);
    session.once("connect", () => {
      session.off("error", reject);
      session.on("error", () => {});
      resolve(session);
    });
    session.once("error", reject);
  });
}

/** One request on a session; the answer within 10 s. */
function request(session: ClientHttp2Session, headers: OutgoingHttpHeaders, body?: string | Buffer): Promise<H2Answer> {
  return new Promise((resolve, reject) => {
    const req = session.request({ ":method": "POST", ":path": "/", ...headers });
    let answer: Http2Headers = {};
    const chunks: Buffer[] = [];
    req.setTimeout(10_000, () => {
      req.close(h2.NGHTTP2_CANCEL);
      reject(new Error("no answer within 10 s"));
    });
    req.on("response", (h) => (answer = h));
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve({ status: Number(answer[":status"]), headers: answer, body: Buffer.concat(chunks).toString("utf8") }));
    req.on("error", reject);
    req.end(body);
  });
}

/** One request over a session of its own. */
async function h2send(port: number, headers: OutgoingHttpHeaders, body?: string | Buffer): Promise<H2Answer> {
  const session = await open(port);
  try {
    return await request(session, headers, body);
  } finally {
    session.close();
  }
}

const json = (a: { body: string }) => JSON.parse(a.body) as Record<string, unknown>;

/** Waits (at most `ms`) until `check` holds; network events, not the emulator's clock. */
async function until(check: () => boolean, ms = 5_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An HTTP/2 frame: 24-bit length, type, flags, 31-bit stream id, payload. */
function frame(type: number, flags: number, stream: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(stream, 5);
  return Buffer.concat([head, payload]);
}

/** The frames in bytes the server sent (ignoring an incomplete tail). */
function frames(bytes: Buffer): { type: number; stream: number; payload: Buffer }[] {
  const out = [];
  for (let i = 0; i + 9 <= bytes.length; ) {
    const len = bytes.readUIntBE(i, 3);
    if (i + 9 + len > bytes.length) break;
    out.push({ type: bytes[i + 3], stream: bytes.readUInt32BE(i + 5) & 0x7fffffff, payload: bytes.subarray(i + 9, i + 9 + len) });
    i += 9 + len;
  }
  return out;
}

interface Raw {
  socket: Socket;
  received: () => Buffer;
  closed: Promise<number>;
}

/** A raw TCP connection; `closed` resolves with the milliseconds it stayed open. */
function raw(port: number): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = netConnect({ host: "127.0.0.1", port });
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", () => {});
    const closed = new Promise<number>((r) => socket.once("close", () => r(Date.now() - started)));
    socket.once("connect", () => resolve({ socket, received: () => Buffer.concat(chunks), closed }));
    socket.once("error", reject);
  });
}

/** Resolves with the milliseconds, or rejects after `ms`. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_r, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))),
  ]);
}

/**
 * A TCP relay to `target` that sends the first `split` bytes a client writes one byte
 * per packet, a few milliseconds apart.
 */
async function splittingRelay(target: number, split: number) {
  const sockets = new Set<Socket>();
  const server = netServer((down) => {
    const up = netConnect({ host: "127.0.0.1", port: target });
    up.setNoDelay(true);
    for (const s of [down, up]) {
      sockets.add(s);
      s.on("error", () => {});
      s.once("close", () => sockets.delete(s));
    }
    down.once("close", () => up.destroy());
    up.once("close", () => down.destroy());
    up.on("data", (c: Buffer) => down.write(c));
    let sent = 0;
    let queue = Promise.resolve();
    down.on("data", (chunk: Buffer) => {
      down.pause();
      queue = queue.then(async () => {
        let i = 0;
        while (i < chunk.length && sent < split) {
          up.write(chunk.subarray(i, i + 1));
          i++;
          sent++;
          await pause(3);
        }
        if (i < chunk.length) up.write(chunk.subarray(i));
        down.resume();
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/**
 * A bare EdgeServer (no behaviour: every operation answers 501) with short network
 * timeouts: 300 ms for a preface, HTTP/2 pings after 200 ms of silence (the emulator
 * waits as long as for HTTP/1.1 headers, and pings after 20 s).
 */
async function quickServer(extra: Partial<ListenOptions> = {}, admin: (path: string) => AdminHandler | undefined = () => undefined): Promise<EdgeServer> {
  return edgeServer({ maxBodyBytes: 1024, prefaceTimeoutMs: 300, http2ProbeMs: 200, ...extra }, {}, admin);
}

// --- the emulator under test -----------------------------------------------------------

let emu: Emulator;
let port: number;
let quick: EdgeServer;
const logLines: string[] = [];
const streamNames: string[] = [];

/** ListStreams answers with the name it was given (so answers can be told apart). */
let listStreams = async (input: { ExclusiveStartStreamName?: string }) => {
  streamNames.push(input.ExclusiveStartStreamName ?? "");
  return { StreamNames: [input.ExclusiveStartStreamName ?? "-"], HasMoreStreams: false };
};

test.before(async () => {
  emu = await testEmulator({
    // runtime behaviour only: no service implementation, so operations without a handler answer 501
    implementations: {},
    logLevel: "info",
    logSink: (chunk) => void logLines.push(...chunk.split("\n").filter(Boolean)),
    maxBodyBytes: MAX_BODY,
    handlers: { kinesis: { ListStreams: (input: { ExclusiveStartStreamName?: string }) => listStreams(input) } },
  });
  port = emu.ports.edge;
  quick = await quickServer();
});

test.after(async () => {
  await emu?.stop();
  await quick?.close();
});

// --- the same answers as over HTTP/1.1 ---------------------------------------------------

test("an awsJson call over HTTP/2 is answered by its handler, with a request id and a log line", async () => {
  logLines.length = 0;
  const res = await h2send(port, kinesis("ListStreams"), '{"ExclusiveStartStreamName":"over-h2"}');
  assert.is(res.status, 200, res.body);
  assert.ok(UUID.test(String(res.headers["x-amzn-requestid"])), String(res.headers["x-amzn-requestid"]));
  assert.is(res.headers["content-type"], "application/x-amz-json-1.1");
  assert.equal(json(res), { StreamNames: ["over-h2"], HasMoreStreams: false });
  assert.ok(await until(() => logLines.some((l) => / kinesis ListStreams 200 [\d.]+ms$/.test(l))), JSON.stringify(logLines));
});

test("validation errors, 501, unknown operations and unreadable bodies arrive as over HTTP/1.1", async () => {
  const cases: [Record<string, string>, string][] = [
    [kinesis("ListStreams"), '{"Limit":0}'],
    [kinesis("CreateStream"), '{"StreamName":"s","ShardCount":1}'],
    [kinesis("NoSuchOperation"), "{}"],
    [kinesis("ListStreams"), "{"],
    [{ "content-type": "application/x-amz-json-1.1" }, "{}"],
  ];
  for (const [headers, body] of cases) {
    const one: Answer = await send1(port, { method: "POST", headers, body });
    const two = await h2send(port, headers, body);
    const what = `${headers["x-amz-target"]} ${body}`;
    assert.is(two.status, one.status, what);
    assert.is(two.body, one.body, what);
    assert.is(two.headers["content-type"], one.headers["content-type"], what);
    assert.ok(UUID.test(String(two.headers["x-amzn-requestid"])), what);
    assert.is.not(two.headers["x-amzn-requestid"], one.headers["x-amzn-requestid"]);
  }
  const invalid = await h2send(port, kinesis("ListStreams"), '{"Limit":0}');
  assert.is(invalid.status, 400);
  assert.ok(String(json(invalid).__type).endsWith("ValidationException"), invalid.body);
  const notImplemented = await h2send(port, kinesis("CreateStream"), '{"StreamName":"s","ShardCount":1}');
  assert.is(notImplemented.status, 501);
  assert.ok(String(json(notImplemented).message).includes("CreateStream"), notImplemented.body);
});

test("GET over HTTP/2 without a service is refused as over HTTP/1.1", async () => {
  const one = await send1(port, { method: "GET" });
  const two = await h2send(port, { ":method": "GET" });
  assert.is(two.status, one.status);
  assert.is(two.body, one.body);
  const head = await h2send(port, { ":method": "HEAD" });
  assert.is(head.status, one.status);
  assert.is(head.body, "");
});

test("admin endpoints over HTTP/2: health, clock, reset, 404", async () => {
  const session = await open(port);
  try {
    const health = await request(session, { ":method": "GET", ":path": "/_emu/health" });
    assert.is(health.status, 200);
    assert.is(json(health).status, "running");
    assert.ok(UUID.test(String(health.headers["x-amzn-requestid"])));
    const clock = await request(session, { ":method": "GET", ":path": "/_emu/clock" });
    assert.is(clock.status, 200);
    assert.type(json(clock).now, "number");
    const store = emu.state.store(() => ({ n: 1 }));
    store.for({ account: "000000000000", region: "us-east-1" });
    const reset = await request(session, { ":method": "POST", ":path": "/_emu/reset" }, "");
    assert.is(reset.status, 200);
    assert.is(store.peek({ account: "000000000000", region: "us-east-1" }), undefined);
    const missing = await request(session, { ":method": "GET", ":path": "/_emu/nothing?x=1" });
    assert.is(missing.status, 404);
  } finally {
    session.close();
  }
});

test("CORS preflight and CORS headers over HTTP/2", async () => {
  const pre = await h2send(port, {
    ":method": "OPTIONS",
    origin: "http://localhost:3000",
    "access-control-request-method": "POST",
    "access-control-request-headers": "content-type,x-amz-target",
  });
  assert.is(pre.status, 200);
  assert.is(pre.headers["access-control-allow-origin"], "*");
  assert.ok(String(pre.headers["access-control-allow-methods"]).includes("POST"));
  assert.is(pre.headers["access-control-allow-headers"], "content-type,x-amz-target");
  assert.ok(UUID.test(String(pre.headers["x-amzn-requestid"])));
  assert.is(pre.body, "");
  const res = await h2send(port, { ...kinesis("ListStreams"), origin: "http://localhost:3000" }, "{}");
  assert.is(res.status, 200);
  assert.is(res.headers["access-control-allow-origin"], "*");
  assert.ok(String(res.headers["access-control-expose-headers"]).toLowerCase().includes("x-amzn-requestid"));
});

// --- the body limit ------------------------------------------------------------------------

test("413 over HTTP/2, declared or streamed; the stream ends, the session serves on", async () => {
  const session = await open(port);
  try {
    // declared too large: answered at once, whatever follows
    const declared = await request(session, { ...kinesis("ListStreams"), "content-length": String(MAX_BODY + 1) }, "x".repeat(MAX_BODY + 1));
    assert.is(declared.status, 413);
    assert.ok(UUID.test(String(declared.headers["x-amzn-requestid"])));
    assert.is(declared.headers.connection, undefined, "no connection-specific header in HTTP/2");
    // no length, more bytes than allowed, in several DATA frames
    const streamed = await new Promise<H2Answer>((resolve, reject) => {
      const req = session.request({ ":method": "POST", ":path": "/", ...kinesis("ListStreams") });
      let headers: Http2Headers = {};
      req.on("response", (h) => (headers = h));
      req.on("error", () => {}); // writing after the server ended the stream is the client's problem
      req.on("close", () => (headers[":status"] ? resolve({ status: Number(headers[":status"]), headers, body: "" }) : reject(new Error("no answer"))));
      req.resume();
      const piece = Buffer.alloc(1024, 0x61);
      let n = 0;
      const write = () => {
        while (n < 64 && !req.closed && !req.destroyed) {
          n++;
          if (!req.write(piece)) return void req.once("drain", write);
        }
        if (!req.closed && !req.destroyed) req.end();
      };
      write();
    });
    assert.is(streamed.status, 413);
    assert.ok(UUID.test(String(streamed.headers["x-amzn-requestid"])));
    // the same session still works
    const ok = await request(session, kinesis("ListStreams"), '{"ExclusiveStartStreamName":"after-413"}');
    assert.is(ok.status, 200);
    assert.equal(json(ok).StreamNames, ["after-413"]);
  } finally {
    session.close();
  }
});

// --- both protocols at once ------------------------------------------------------------------

test("HTTP/1.1 and HTTP/2 on the same port at the same time", async () => {
  // every handler waits until all requests are in, so they really are handled together
  const total = 20;
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((r) => (release = r));
  const previous = listStreams;
  listStreams = async (input) => {
    if (++arrived === total) release();
    await all;
    return previous(input);
  };
  const session = await open(port);
  try {
    const calls: Promise<{ status: number; body: string; headers: Record<string, unknown> }>[] = [];
    for (let i = 0; i < total / 2; i++) {
      const body = (name: string) => JSON.stringify({ ExclusiveStartStreamName: name });
      calls.push(send1(port, { method: "POST", headers: kinesis("ListStreams"), body: body(`h1-${i}`) }));
      calls.push(request(session, kinesis("ListStreams"), body(`h2-${i}`)));
    }
    const answers = await within(Promise.all(calls), 10_000, "answers");
    const names = answers.map((a) => {
      assert.is(a.status, 200, a.body);
      return (json(a).StreamNames as string[])[0];
    });
    assert.equal(names, Array.from({ length: total }, (_x, i) => `h${(i % 2) + 1}-${Math.floor(i / 2)}`));
    const ids = answers.map((a) => String(a.headers["x-amzn-requestid"]));
    assert.is(new Set(ids).size, total, "request ids repeat");
  } finally {
    listStreams = previous;
    session.close();
  }
});

test("a per-service port speaks HTTP/2 too", async () => {
  const own = await testEmulator({
    // runtime behaviour only: no service implementation, so operations without a handler answer 501
    implementations: {},
    servicePorts: { kinesis: 0 },
    handlers: { kinesis: { ListStreams: async () => ({ StreamNames: ["only-kinesis"], HasMoreStreams: false }) } },
  });
  try {
    const p = own.ports.kinesis;
    const bare = await h2send(p, { "content-type": "application/x-amz-json-1.1" }, "{}");
    assert.is(bare.status, 400);
    assert.is(json(bare).__type, "UnknownOperationException");
    const ok = await h2send(p, kinesis("ListStreams"), "{}");
    assert.is(ok.status, 200);
    assert.equal(json(ok).StreamNames, ["only-kinesis"]);
    // no admin endpoints on a service's own port
    const health = await h2send(p, { ":method": "GET", ":path": "/_emu/health" });
    assert.is.not(health.status, 200);
  } finally {
    await own.stop();
  }
  assert.equal(own.connections(), { sockets: 0, sessions: 0 });
});

// --- how connections start -------------------------------------------------------------------

test("a preface (and a request line) arriving a byte at a time is recognised", async () => {
  const relay = await splittingRelay(port, PREFACE.length + 8);
  try {
    const two = await h2send(relay.port, kinesis("ListStreams"), '{"ExclusiveStartStreamName":"slow-h2"}');
    assert.is(two.status, 200);
    assert.equal(json(two).StreamNames, ["slow-h2"]);
    // "POST" and "PRI" share their first letter
    const one = await send1(relay.port, { method: "POST", headers: kinesis("ListStreams"), body: '{"ExclusiveStartStreamName":"slow-h1"}' });
    assert.is(one.status, 200);
    assert.equal(json(one).StreamNames, ["slow-h1"]);
    const put = await send1(relay.port, { method: "PUT", path: "/_emu/health" });
    assert.is(put.status, 200);
  } finally {
    await relay.close();
  }
});

test("connections that stall or close before saying which protocol they speak are closed", async () => {
  const server = await quickServer();
  try {
    const silent = await raw(server.port);
    const partial = await raw(server.port);
    partial.socket.write(PREFACE.subarray(0, 10));
    const early = await raw(server.port);
    early.socket.end(PREFACE.subarray(0, 3));
    const earlyMs = await within(early.closed, 2_000, "a connection that ended before the preface");
    assert.ok(earlyMs < 280, `closed after ${earlyMs} ms, not at once`);
    const silentMs = await within(silent.closed, 5_000, "a silent connection");
    const partialMs = await within(partial.closed, 5_000, "a connection that sent part of the preface");
    assert.ok(silentMs >= 250 && partialMs >= 250, `${silentMs} ms, ${partialMs} ms: closed before the timeout`);
    assert.is(partial.received().length, 0, "nothing is sent to a connection that never spoke");
    assert.ok(await until(() => server.connections().sockets === 0), JSON.stringify(server.connections()));
    // and it still serves both protocols
    const two = await h2send(server.port, kinesis("ListStreams"), "{}");
    assert.is(two.status, 501);
    const one = await send1(server.port, { method: "POST", headers: kinesis("ListStreams"), body: "{}" });
    assert.is(one.status, 501);
    // a connection that has spoken is HTTP's business: the preface timeout is over, and
    // a session that answers pings stays open
    const session = await open(server.port);
    await pause(700);
    assert.not.ok(session.closed || session.destroyed, "an idle HTTP/2 session was closed");
    assert.is((await request(session, kinesis("ListStreams"), "{}")).status, 501);
    session.close();
  } finally {
    await server.close();
  }
  assert.equal(server.connections(), { sockets: 0, sessions: 0 });
});

test("an HTTP/2 session without streams for the idle time gets GOAWAY; one with a stream in progress stays", async () => {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const server = await quickServer({ http2ProbeMs: 100, http2IdleMs: 500 }, (path) =>
    path === "/wait" ? async () => (await released, { status: 200, headers: {}, body: "done" }) : undefined,
  );
  try {
    const idle = await open(server.port);
    const goaway = new Promise<number>((r) => idle.once("goaway", r));
    const idleClosed = new Promise<void>((r) => idle.once("close", r));
    const started = Date.now();
    const busy = await open(server.port);
    const answer = request(busy, { ":method": "GET", ":path": "/wait" });
    assert.is(await within(goaway, 3_000, "GOAWAY on the idle session"), h2.NGHTTP2_NO_ERROR);
    await within(idleClosed, 3_000, "the idle session closing");
    assert.ok(Date.now() - started >= 450, `closed after ${Date.now() - started} ms`);
    await pause(600);
    assert.not.ok(busy.closed || busy.destroyed, "a session with a stream in progress was closed");
    release();
    const res = await answer;
    assert.is(res.status, 200);
    assert.is(res.body, "done");
    assert.ok(await until(() => server.connections().sessions === 0, 3_000), "the session stayed open once idle");
  } finally {
    await server.close();
  }
});

// --- malformed HTTP/2 -------------------------------------------------------------------------

const SETTINGS = frame(0x4, 0, 0);

for (const [name, bytes, codes] of [
  ["garbage after the preface", Buffer.concat([PREFACE, Buffer.from("this is not an HTTP/2 frame at all\r\n\r\n")]), [1, 2, 6]],
  ["a DATA frame on stream 0", Buffer.concat([PREFACE, SETTINGS, frame(0x0, 0x1, 0, Buffer.from("abc"))]), [1]],
  ["a header block that does not decode", Buffer.concat([PREFACE, SETTINGS, frame(0x1, 0x5, 1, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))]), [9]],
  ["a frame larger than allowed", Buffer.concat([PREFACE, SETTINGS, frame(0x0, 0, 1, Buffer.alloc(20_000))]), [6]],
] as const) {
  test(`${name}: the session ends with GOAWAY and is closed, the server serves on`, async () => {
    const before = quick.connections();
    const c = await raw(quick.port);
    c.socket.write(bytes);
    // the client keeps its socket open: the server closes it (at once, or when its ping goes unanswered)
    await within(c.closed, 5_000, "the server closing the connection");
    const goaway = frames(c.received()).find((f) => f.type === 0x7);
    assert.ok(goaway, `no GOAWAY in ${c.received().toString("hex")}`);
    const code = goaway!.payload.readUInt32BE(4);
    assert.ok((codes as readonly number[]).includes(code), `GOAWAY error code ${code}`);
    assert.ok(await until(() => quick.connections().sockets <= before.sockets), JSON.stringify(quick.connections()));
    assert.is((await h2send(quick.port, kinesis("ListStreams"), "{}")).status, 501);
    assert.is((await send1(quick.port, { method: "POST", headers: kinesis("ListStreams"), body: "{}" })).status, 501);
  });
}

test("a stream reset in the middle of its body never reaches the handler; the session serves on", async () => {
  streamNames.length = 0;
  const session = await open(port);
  try {
    for (const code of [h2.NGHTTP2_CANCEL, h2.NGHTTP2_NO_ERROR, h2.NGHTTP2_INTERNAL_ERROR]) {
      const req = session.request({ ":method": "POST", ":path": "/", ...kinesis("ListStreams"), "content-length": "100" });
      req.on("error", () => {});
      req.write('{"ExclusiveStartStreamName":"');
      await new Promise((r) => setTimeout(r, 20));
      await new Promise<void>((r) => req.close(code, () => r()));
    }
    const ok = await request(session, kinesis("ListStreams"), '{"ExclusiveStartStreamName":"after-reset"}');
    assert.is(ok.status, 200);
    assert.equal(streamNames, ["after-reset"], "a handler saw a truncated body");
  } finally {
    session.close();
  }
});

test("a connection dropped in the middle of a body never reaches the handler", async () => {
  streamNames.length = 0;
  const before = emu.connections();
  for (const h2first of [true, false]) {
    const c = await raw(port);
    if (h2first) {
      const session = http2Connect(`http://127.0.0.1:${port}`, { createConnection: () => c.socket });
      session.on("error", () => {});
      const req = session.request({ ":method": "POST", ":path": "/", ...kinesis("ListStreams"), "content-length": "100" });
      req.on("error", () => {});
      req.write('{"ExclusiveStartStreamName":"');
      await pause(50);
    } else {
      c.socket.write(`POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-amz-json-1.1\r\nx-amz-target: Kinesis_20131202.ListStreams\r\ncontent-length: 100\r\n\r\n{"Exc`);
      await pause(50);
    }
    c.socket.destroy();
    await c.closed;
  }
  assert.ok(await until(() => emu.connections().sockets <= before.sockets), JSON.stringify(emu.connections()));
  assert.equal(streamNames, []);
});

// --- abandoned sessions: handles and memory ----------------------------------------------------

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapAfterGc(): number {
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** Opens `n` sessions and abandons each in one of four ways, without closing it. */
async function abandon(n: number): Promise<void> {
  const one = async (i: number) => {
    const socket = netConnect({ host: "127.0.0.1", port });
    socket.on("error", () => {});
    const session = http2Connect(`http://127.0.0.1:${port}`, { createConnection: () => socket });
    session.on("error", () => {});
    await new Promise<void>((r, reject) => {
      session.once("connect", () => r());
      session.once("error", reject);
    });
    switch (i % 4) {
      case 0: // connect and drop the socket
        break;
      case 1: {
        // one request, answered, then drop
        const res = await request(session, kinesis("ListStreams"), '{"ExclusiveStartStreamName":"x"}');
        if (res.status !== 200) throw new Error(`status ${res.status}`);
        break;
      }
      case 2: {
        // half a body, then drop
        const req = session.request({ ":method": "POST", ":path": "/", ...kinesis("ListStreams"), "content-length": "1000" });
        req.on("error", () => {});
        req.write("{");
        await pause(5);
        break;
      }
      case 3: // a request whose answer is never read
        session.request({ ":path": "/_emu/health", ":method": "GET" }).on("error", () => {}).end();
        await pause(5);
        break;
    }
    const closed = new Promise((r) => socket.once("close", r));
    socket.destroy();
    await closed;
  };
  for (let i = 0; i < n; i += 20) await Promise.all(Array.from({ length: Math.min(20, n - i) }, (_x, j) => one(i + j)));
}

test("200 abandoned HTTP/2 sessions: open sockets, sessions and heap return to their level", async () => {
  const level = emu.connections();
  await abandon(40); // warm up: code paths compiled, pools filled
  assert.ok(await until(() => emu.connections().sockets === level.sockets), JSON.stringify(emu.connections()));
  const heapBefore = heapAfterGc();
  await abandon(200);
  const settled = await until(() => emu.connections().sockets === level.sockets && emu.connections().sessions === level.sessions);
  assert.ok(settled, `still open: ${JSON.stringify(emu.connections())}, level ${JSON.stringify(level)}`);
  await pause(50);
  const grown = heapAfterGc() - heapBefore;
  // about 0.4 MiB here (code and caches); 2 MiB is 10 KiB for each abandoned session
  assert.ok(grown < 2 * 1024 * 1024, `heap grew by ${(grown / 1048576).toFixed(2)} MiB after 200 abandoned sessions`);
  // the server still answers
  assert.is((await h2send(port, kinesis("ListStreams"), "{}")).status, 200);
});

// --- stopping -------------------------------------------------------------------------------

test("stop closes open HTTP/2 sessions, HTTP/1.1 keep-alive connections and silent connections", async () => {
  const other = await testEmulator({
    implementations: {},
    handlers: { kinesis: { ListStreams: async () => ({ StreamNames: [], HasMoreStreams: false }) } },
  });
  const p = other.ports.edge;
  const sessions = await Promise.all([open(p), open(p), open(p)]);
  for (const s of sessions) assert.is((await request(s, kinesis("ListStreams"), "{}")).status, 200);
  const goaways: number[] = [];
  sessions[0].on("goaway", (code) => goaways.push(code));
  // a request in flight on one of them
  const inflight = sessions[1].request({ ":method": "POST", ":path": "/", ...kinesis("ListStreams"), "content-length": "10" });
  inflight.on("error", () => {});
  inflight.write("{");
  const silent = await raw(p);
  const keepAlive = await raw(p);
  keepAlive.socket.write("GET /_emu/clock HTTP/1.1\r\nhost: x\r\n\r\n");
  assert.ok(await until(() => keepAlive.received().length > 0));
  assert.ok(await until(() => other.connections().sockets === 5), JSON.stringify(other.connections()));
  assert.is(other.connections().sessions, 3);

  const closedSessions = sessions.map((s) => new Promise((r) => (s.closed && s.destroyed ? r(0) : s.once("close", r))));
  const started = Date.now();
  await other.stop();
  assert.ok(Date.now() - started < 2_000, "stop waited");
  assert.equal(other.connections(), { sockets: 0, sessions: 0 });
  await within(Promise.all([...closedSessions, silent.closed, keepAlive.closed]), 2_000, "every client connection closed by stop");
  assert.ok(goaways.every((c) => c === h2.NGHTTP2_NO_ERROR), `GOAWAY codes ${JSON.stringify(goaways)}`);
});

test("a process whose HTTP/2 clients are never closed exits by itself after stop", async () => {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  // The Kinesis client opens a session per call (disableConcurrentStreams) and closes it
  // after the answer: one call is left waiting in its handler when the emulator stops.
  const script = `
    import { connect } from "node:http2";
    import { KinesisClient, ListStreamsCommand, ListShardsCommand } from "@aws-sdk/client-kinesis";
    import { testEmulator, clientConfig } from "./test/support/emulator.ts";
    let entered;
    const inHandler = new Promise((r) => (entered = r));
    const emu = await testEmulator({
      servicePorts: { kinesis: 0 },
      handlers: { kinesis: { ListShards: (_i, ctx) => new Promise((_r, reject) => { entered(); ctx.signal.addEventListener("abort", () => reject(new Error("aborted"))); }) } },
    });
    // the SDK's default handler (HTTP/2), never destroyed
    const c = new KinesisClient(clientConfig(emu, { requestHandler: undefined }));
    try { await c.send(new ListStreamsCommand({})); } catch (e) { if (e.$metadata?.httpStatusCode !== 501) throw e; }
    const waiting = c.send(new ListShardsCommand({ StreamName: "s" })).then(() => "answered", (e) => e.name);
    await inHandler;
    // raw sessions on both ports, never closed, one with a request open
    const session = async (url) => {
      const s = connect(url);
      s.on("error", () => {});
      await new Promise((r) => s.once("connect", r));
      await new Promise((r, j) => s.ping((e) => (e ? j(e) : r(0))));
      return s;
    };
    const a = await session(emu.url);
    const b = await session("http://127.0.0.1:" + emu.ports.kinesis);
    const r = b.request({ ":method": "POST", ":path": "/" }); r.on("error", () => {}); r.write("{");
    if (emu.connections().sessions !== 3) throw new Error("sessions: " + JSON.stringify(emu.connections()));
    await emu.stop();
    console.log("stopped; the waiting call ended with", await waiting);
  `;
  const { code, out } = await runScript(script, root);
  assert.is(code, 0, out);
  assert.ok(out.includes("stopped"), out);
  assert.not.ok(out.includes("answered"), out);
});

test.run();

// The fast HTTP/1.1 path (runtime/http1.ts): plain requests are read by the emulator
// itself; anything else hands the connection to node:http. Tested with raw bytes on a
// socket, against a server with the fast path and one without it.
import { connect, type Socket } from "node:net";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { AdminHandler, EdgeServer, ListenOptions } from "../../runtime/server.ts";
import { edgeServer } from "../support/edge-server.ts";

/** PutRecord answers with the partition key it was given, so answers can be told apart. */
function server(extra: Partial<ListenOptions> = {}): Promise<EdgeServer> {
  const handlers = {
    PutRecord: async (input: { PartitionKey: string; Data: Uint8Array }) => ({ ShardId: input.PartitionKey, SequenceNumber: String(input.Data.length) }),
  };
  const admin = (path: string): AdminHandler | undefined =>
    path === "/_emu/hello" ? () => ({ status: 200, headers: { "content-type": "text/plain" }, body: "hello" }) : undefined;
  return edgeServer({ maxBodyBytes: 1024 * 1024, ...extra }, handlers, admin);
}

let fast: EdgeServer;
let plain: EdgeServer;
test.before(async () => {
  fast = await server();
  plain = await server({ fastHttp1: false });
});
test.after(async () => {
  await fast?.close();
  await plain?.close();
});

function putRecord(key: string, data = "AAAA", extraHeaders = ""): string {
  const body = JSON.stringify({ StreamName: "s", PartitionKey: key, Data: data });
  return (
    "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/x-amz-json-1.1\r\n" +
    `x-amz-target: Kinesis_20131202.PutRecord\r\n${extraHeaders}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

interface Parsed {
  status: string;
  headers: Record<string, string>;
  body: string;
}

/** Answers in `text`, read by Content-Length (or chunked framing); what is left unparsed is dropped. */
function parseAnswers(text: string, head = false): Parsed[] {
  const out: Parsed[] = [];
  let pos = 0;
  while (pos < text.length) {
    const end = text.indexOf("\r\n\r\n", pos);
    if (end < 0) break;
    const lines = text.slice(pos, end).split("\r\n");
    const headers: Record<string, string> = {};
    for (const l of lines.slice(1)) {
      const c = l.indexOf(":");
      headers[l.slice(0, c).toLowerCase()] = l.slice(c + 1).trim();
    }
    pos = end + 4;
    let body = "";
    if (lines[0].includes(" 100 ")) {
      out.push({ status: lines[0], headers, body });
      continue;
    }
    if (headers["transfer-encoding"] === "chunked") {
      for (;;) {
        const eol = text.indexOf("\r\n", pos);
        const n = parseInt(text.slice(pos, eol), 16);
        pos = eol + 2 + n + 2;
        if (n === 0) break;
        body += text.slice(eol + 2, eol + 2 + n);
      }
    } else if (!head) {
      const n = Number(headers["content-length"] ?? 0);
      body = text.slice(pos, pos + n);
      pos += n;
    }
    out.push({ status: lines[0], headers, body });
  }
  return out;
}

/** Opens a connection, writes each piece in turn, and collects what comes back until `done` says so or the server closes. */
function talk(port: number, pieces: (string | Buffer)[], done: (text: string) => boolean, gapMs = 0): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: "127.0.0.1", port });
    let text = "";
    let closed = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within 5 s; got ${JSON.stringify(text)}`));
    }, 5000);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed });
    };
    socket.on("data", (c) => {
      text += c.toString("latin1");
      if (done(text)) finish();
    });
    socket.on("close", () => {
      closed = true;
      finish();
    });
    socket.on("error", () => {});
    socket.once("connect", async () => {
      for (const p of pieces) {
        socket.write(p);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

const answers = (n: number) => (text: string) => parseAnswers(text).filter((a) => !a.status.includes(" 100 ")).length >= n;

// --- serialization: the fast path answers as node:http does ---------------------------

test("a request gets the same answer over the fast path as through node:http, but for the request id and date", async () => {
  const [a, b] = await Promise.all([fast, plain].map((s) => talk(s.port, [putRecord("k1")], answers(1))));
  const [x] = parseAnswers(a.text);
  const [y] = parseAnswers(b.text);
  assert.is(x.status, "HTTP/1.1 200 OK");
  assert.is(x.status, y.status);
  const strip = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => k !== "x-amzn-requestid" && k !== "date"));
  assert.equal(strip(x.headers), strip(y.headers));
  assert.equal(Object.keys(x.headers).sort(), Object.keys(y.headers).sort());
  assert.is(x.body, y.body);
  assert.equal(JSON.parse(x.body), { ShardId: "k1", SequenceNumber: "3" });
  assert.match(x.headers.date, /^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
});

test("HEAD is answered with the length and no body; the next request on the connection is read cleanly", async () => {
  const head = "HEAD /_emu/hello HTTP/1.1\r\nHost: x\r\n\r\n";
  const get = "GET /_emu/hello HTTP/1.1\r\nHost: x\r\n\r\n";
  const { text } = await talk(fast.port, [head, get], (t) => t.endsWith("hello"));
  const [h] = parseAnswers(text, true);
  assert.is(h.headers["content-length"], "5");
  const rest = text.slice(text.indexOf("\r\n\r\n") + 4);
  const [g] = parseAnswers(rest);
  assert.is(g.status, "HTTP/1.1 200 OK");
  assert.is(g.body, "hello");
});

// --- behaviour: what the fast path reads ----------------------------------------------

test("pipelined requests in one write are answered in order", async () => {
  const { text } = await talk(fast.port, [putRecord("a") + putRecord("b") + putRecord("c")], answers(3));
  assert.equal(
    parseAnswers(text).map((a) => JSON.parse(a.body).ShardId),
    ["a", "b", "c"],
  );
});

test("a request that arrives a few bytes at a time is answered", async () => {
  const bytes = Buffer.from(putRecord("slow"));
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 7) pieces.push(bytes.subarray(i, i + 7));
  const { text } = await talk(fast.port, pieces, answers(1), 1);
  assert.is(JSON.parse(parseAnswers(text)[0].body).ShardId, "slow");
});

test("Connection: close is answered with Connection: close, then the connection ends", async () => {
  const { text, closed } = await talk(fast.port, [putRecord("bye", "AAAA", "Connection: close\r\n")], () => false);
  const [a] = parseAnswers(text);
  assert.is(a.headers.connection, "close");
  assert.is(JSON.parse(a.body).ShardId, "bye");
  assert.ok(closed);
});

test("a body larger than the limit is refused with 413 and the connection closes", async () => {
  const small = await server({ maxBodyBytes: 100 });
  try {
    const { text, closed } = await talk(small.port, [putRecord("big", "A".repeat(200))], () => false);
    const [a] = parseAnswers(text);
    assert.is(a.status, "HTTP/1.1 413 Payload Too Large");
    assert.is(a.headers.connection, "close");
    assert.ok(closed);
  } finally {
    await small.close();
  }
});

// --- behaviour: what goes to node:http ------------------------------------------------

test("a chunked request goes to node:http, and the connection goes on serving plain ones", async () => {
  const body = JSON.stringify({ StreamName: "s", PartitionKey: "chunked", Data: "AAAA" });
  const chunked =
    "POST / HTTP/1.1\r\nHost: x\r\ncontent-type: application/x-amz-json-1.1\r\nx-amz-target: Kinesis_20131202.PutRecord\r\n" +
    `Transfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
  const { text } = await talk(fast.port, [putRecord("before"), chunked, putRecord("after")], answers(3), 20);
  assert.equal(
    parseAnswers(text).map((a) => JSON.parse(a.body).ShardId),
    ["before", "chunked", "after"],
  );
});

test("Expect: 100-continue gets 100 Continue from node:http, then the answer", async () => {
  const body = JSON.stringify({ StreamName: "s", PartitionKey: "expect", Data: "AAAA" });
  const head =
    "POST / HTTP/1.1\r\nHost: x\r\ncontent-type: application/x-amz-json-1.1\r\nx-amz-target: Kinesis_20131202.PutRecord\r\n" +
    `Expect: 100-continue\r\ncontent-length: ${body.length}\r\n\r\n`;
  const socket = connect({ host: "127.0.0.1", port: fast.port });
  try {
    let text = "";
    const seen = (what: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${what} within 5 s; got ${JSON.stringify(text)}`)), 5000);
        const check = () => {
          if (text.includes(what)) {
            clearTimeout(timer);
            socket.off("data", onData);
            resolve();
          }
        };
        const onData = (c: Buffer) => {
          text += c.toString("latin1");
          check();
        };
        socket.on("data", onData);
        check();
      });
    socket.write(head);
    await seen("HTTP/1.1 100 Continue\r\n\r\n");
    socket.write(body);
    await seen('"ShardId":"expect"');
    assert.ok(text.includes("HTTP/1.1 200 OK"));
  } finally {
    socket.destroy();
  }
});

test("a body over 64 KiB is read by node:http", async () => {
  const data = Buffer.alloc(100 * 1024, 1).toString("base64");
  const { text } = await talk(fast.port, [putRecord("large", data)], answers(1));
  assert.equal(JSON.parse(parseAnswers(text)[0].body), { ShardId: "large", SequenceNumber: String(100 * 1024) });
});

test("HTTP/1.0 and malformed requests are judged by node:http", async () => {
  const old = await talk(fast.port, ["GET /_emu/hello HTTP/1.0\r\nHost: x\r\n\r\n"], () => false);
  assert.ok(old.text.startsWith("HTTP/1.1 200 OK\r\n"), old.text);
  assert.ok(old.text.endsWith("hello"));
  const bad = await talk(fast.port, ["GET /_emu/hello HTTP/1.1\r\nHost : x\r\n\r\n"], () => false);
  assert.ok(bad.text.startsWith("HTTP/1.1 400 Bad Request\r\n"), bad.text);
  const twice = await talk(fast.port, [putRecord("twice", "AAAA", "content-length: 5\r\n")], () => false);
  assert.ok(twice.text.startsWith("HTTP/1.1 400 Bad Request\r\n"), twice.text);
});

test.run();

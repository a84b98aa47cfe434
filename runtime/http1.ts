// A fast path for plain HTTP/1.1 requests. node:http's per-request machinery (an
// IncomingMessage and a ServerResponse stream each, header events, nextTicks) costs about a
// third of what an emulator request costs in all; the requests SDKs send in the normal run
// (HTTP/1.1, a Content-Length body of at most 64 KiB, no Expect, no Transfer-Encoding, no
// repeated header) need none of it. Such requests are read here, whole, and answered with
// one write; the first request that is anything else (malformed, chunked, 100-continue, a
// large upload, HTTP/1.0, ...) hands the connection, with every byte not yet consumed, to
// node:http for good, so node:http stays the judge of everything unusual.
import { STATUS_CODES, type IncomingHttpHeaders } from "node:http";
import type { Socket } from "node:net";
import { Readable } from "node:stream";

/** Bodies up to this size are read here; a larger one goes to node:http, which streams it. */
const FAST_BODY_MAX = 64 * 1024;
/** node:http's default limit on the request line and headers together */
const HEAD_MAX = 16 * 1024;
const HEAD_END = Buffer.from("\r\n\r\n", "latin1");
const METHODS = new Set(["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH", "OPTIONS"]);
/** a header name (RFC 9110 token) */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** a header value of printable ASCII (and tabs): what almost every value is */
const ASCII_VALUE = /^[\t\x20-\x7e]*$/;
/** what node:http allows in an outgoing header value */
const LATIN1_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** a request target as the fast path takes it: visible ASCII */
const TARGET = /^[\x21-\x7e]+$/;
const LENGTH = /^\d{1,6}$/;
/** request headers whose presence sends the connection to node:http */
const NOT_FAST = new Set(["transfer-encoding", "expect", "upgrade", "te", "http2-settings", "__proto__"]);
const EMPTY = Buffer.alloc(0);

/** The answer date, as node:http writes it, made once a second. */
let dateText = "";
let dateSecond = -1;
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

/**
 * An answer's status line and headers, with the connection's own, Date unless given, and
 * the length: `length` replaces any Content-Length given; "stream" keeps a given one and
 * otherwise frames the body as chunked; undefined keeps what is given (HEAD). Returns the
 * text, whether it is all ASCII, and whether the body is chunked.
 */
function headBlock(
  status: number,
  headers: Record<string, string>,
  connection: string,
  length: number | "stream" | undefined,
): { text: string; ascii: boolean; chunked: boolean } {
  let text = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "unknown"}\r\n`;
  let ascii = true;
  let date = false;
  let given = false;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (!TOKEN.test(name)) throw new TypeError(`Header name must be a valid HTTP token ["${name}"]`);
    if (!ASCII_VALUE.test(value)) {
      if (!LATIN1_VALUE.test(value)) throw new TypeError(`Invalid character in header content ["${name}"]`);
      ascii = false;
    }
    const lower = name.length === 4 || name.length === 10 || name.length === 14 ? name.toLowerCase() : "";
    if (lower === "date") date = true;
    // the connection's own headers are this module's to write
    else if (lower === "connection" || lower === "keep-alive") continue;
    else if (lower === "content-length") {
      if (typeof length === "number") continue;
      given = true;
    }
    text += `${name}: ${value}\r\n`;
  }
  const chunked = length === "stream" && !given;
  if (typeof length === "number") text += `Content-Length: ${length}\r\n`;
  else if (chunked) text += "Transfer-Encoding: chunked\r\n";
  if (!date) text += `Date: ${httpDate()}\r\n`;
  return { text: `${text}${connection}\r\n`, ascii, chunked };
}

/** One request of a fast connection, read whole, and its answer. */
export class FastExchange {
  private done = false;
  private started = false;
  private aborts: (() => void)[] | undefined;
  private bodyStream: Readable | undefined;

  constructor(
    private readonly conn: FastConnection,
    readonly method: string,
    readonly url: string,
    readonly headers: IncomingHttpHeaders,
    readonly whole: Buffer,
    /** the client asked for the connection to close after this answer */
    private readonly closeAfter: boolean,
  ) {}

  /** The body as a stream, for code that reads one (made when first asked for). */
  get body(): Readable {
    this.bodyStream ??= Readable.from(this.whole.length ? [this.whole] : []);
    return this.bodyStream;
  }

  readonly truncated = false;

  get answered(): boolean {
    return this.started;
  }

  get gone(): boolean {
    return this.conn.socket.destroyed || !this.conn.socket.writable;
  }

  private connectionHeader(close: boolean): string {
    return close ? "Connection: close" : this.conn.keepAliveText;
  }

  respond(status: number, headers: Record<string, string>, body: Buffer | string): void {
    this.answer(status, headers, body, this.closeAfter || (headers.Connection ?? headers.connection) === "close");
  }

  private answer(status: number, headers: Record<string, string>, body: Buffer | string, close: boolean): void {
    const socket = this.conn.socket;
    if (this.started || this.gone) return;
    // an answer to HEAD may state the length of what GET would send
    const length = this.method === "HEAD" && headers["content-length"] !== undefined ? undefined : typeof body === "string" ? Buffer.byteLength(body) : body.length;
    const { text, ascii } = headBlock(status, headers, this.connectionHeader(close), length);
    this.started = true;
    const bodyless = this.method === "HEAD" || status === 204 || status === 304;
    if (bodyless || body.length === 0) socket.write(`${text}\r\n`, "latin1");
    // a short text goes out with the headers as one string; a long one is not copied into it
    else if (typeof body === "string" && ascii && body.length <= 4096) socket.write(`${text}\r\n${body}`, "utf8");
    else {
      socket.cork();
      socket.write(`${text}\r\n`, "latin1");
      socket.write(body);
      socket.uncork();
    }
    this.finish(close);
  }

  async stream(status: number, headers: Record<string, string>, body: AsyncIterable<Uint8Array>): Promise<void> {
    const socket = this.conn.socket;
    if (this.started || this.gone) return;
    const { text, chunked } = headBlock(status, headers, this.connectionHeader(this.closeAfter), "stream");
    this.started = true;
    socket.write(`${text}\r\n`, "latin1");
    if (await pump(body, new SocketSink(socket, chunked))) {
      if (chunked) socket.write("0\r\n\r\n", "latin1");
      this.finish(this.closeAfter);
    }
  }

  refuse(status: number, headers: Record<string, string>): void {
    this.answer(status, headers, EMPTY, true);
  }

  onAbort(fn: () => void): void {
    (this.aborts ??= []).push(fn);
  }

  destroy(): void {
    this.conn.socket.destroy();
  }

  /** The connection closed: an exchange not finished by then was aborted. */
  closed(): void {
    if (this.done) return;
    this.done = true;
    if (this.aborts) for (const fn of this.aborts) fn();
  }

  private finish(close: boolean): void {
    this.done = true;
    this.conn.answered(close);
  }
}

/** What pump writes to: a socket, with each chunk framed when the answer is chunked. */
class SocketSink {
  constructor(
    private readonly socket: Socket,
    private readonly chunked: boolean,
  ) {}

  get destroyed(): boolean {
    return this.socket.destroyed;
  }

  get writableEnded(): boolean {
    return this.socket.writableEnded;
  }

  write(chunk: Uint8Array): boolean {
    if (!this.chunked) return this.socket.write(chunk);
    if (chunk.length === 0) return true;
    this.socket.cork();
    this.socket.write(`${chunk.length.toString(16)}\r\n`, "latin1");
    this.socket.write(chunk);
    const ok = this.socket.write("\r\n", "latin1");
    this.socket.uncork();
    return ok;
  }

  once(event: "close" | "drain", fn: () => void): void {
    this.socket.once(event, fn);
  }

  off(event: "close" | "drain", fn: () => void): void {
    this.socket.off(event, fn);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** What pump needs of where it writes: a Writable has all of it. */
export interface Sink {
  readonly destroyed: boolean;
  readonly writableEnded: boolean;
  write(chunk: Uint8Array): boolean;
  once(event: "close" | "drain", fn: () => void): void;
  off(event: "close" | "drain", fn: () => void): void;
  destroy(): void;
}

/**
 * Writes every chunk of `body` to `out`, waiting for it to drain. False when `out` closed
 * first (the client went away) or `body` failed (then `out` is destroyed); either way
 * `body` is closed, so whatever produces it stops.
 */
export async function pump(body: AsyncIterable<Uint8Array>, out: Sink): Promise<boolean> {
  const it = body[Symbol.asyncIterator]();
  let closed = out.destroyed || out.writableEnded;
  let onClose!: () => void;
  const gone = new Promise<undefined>((resolve) => {
    onClose = () => {
      closed = true;
      resolve(undefined);
    };
    out.once("close", onClose);
  });
  let finished = false;
  try {
    while (!closed) {
      const next = await Promise.race([it.next(), gone]);
      if (!next || closed) break;
      if (next.done) {
        finished = true;
        break;
      }
      if (!out.write(next.value)) {
        await Promise.race([new Promise((resolve) => out.once("drain", () => resolve(undefined))), gone]);
      }
    }
  } catch {
    out.destroy();
    return false;
  } finally {
    out.off("close", onClose);
    if (!finished) void Promise.resolve(it.return?.()).catch(() => {});
  }
  return finished && !closed;
}

export interface FastOptions {
  /** a request read whole */
  onRequest(ex: FastExchange): void;
  /** takes the connection (its unread bytes put back) for node:http */
  fallback(socket: Socket): void;
  /** a connection without a request in hand is closed after this long without traffic */
  keepAliveMs: number;
}

/**
 * A connection read by the fast path: one request at a time (pipelined requests wait in
 * the buffer until the answer before them is out), idle connections closed after the
 * keep-alive time as node:http does.
 */
export class FastConnection {
  private buf: Buffer = EMPTY;
  private current: FastExchange | undefined;
  private stopped = false;
  readonly keepAliveText: string;
  private readonly onData = (chunk: Buffer) => this.data(chunk);
  private readonly onClose = () => this.current?.closed();
  private readonly onError = () => this.socket.destroy();
  /** a connection idle for the keep-alive time is closed; one with a request in hand is not idle */
  private readonly onTimeout = () => {
    if (!this.current) this.socket.destroy();
  };
  /**
   * The client sent FIN: as node:http does (without httpAllowHalfOpen), a request not yet
   * answered is aborted, nothing more is read, and the connection ends.
   */
  private readonly onEnd = () => {
    this.buf = EMPTY;
    this.stopped = true;
    this.current?.closed();
    if (this.socket.writable) this.socket.end();
  };

  constructor(
    readonly socket: Socket,
    first: Buffer,
    private readonly opts: FastOptions,
  ) {
    this.keepAliveText = `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(opts.keepAliveMs / 1000)}`;
    socket.on("data", this.onData);
    socket.on("close", this.onClose);
    socket.on("error", this.onError);
    socket.on("timeout", this.onTimeout);
    socket.on("end", this.onEnd);
    socket.setNoDelay(true);
    // armed once: every read and write restarts it
    socket.setTimeout(opts.keepAliveMs);
    this.data(first);
  }

  private data(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    if (this.current) {
      // a client that sends far ahead of the answers waits for them
      if (this.buf.length > FAST_BODY_MAX + HEAD_MAX) this.socket.pause();
      return;
    }
    this.next();
  }

  /** Reads the next request in the buffer, if it is whole; hands the connection over if it is not plain. */
  private next(): void {
    const buf = this.buf;
    if (!buf.length || this.stopped || this.socket.destroyed) return;
    const end = buf.indexOf(HEAD_END);
    if (end < 0) {
      if (buf.length > HEAD_MAX) this.handOver();
      return;
    }
    const req = parseHead(buf.toString("latin1", 0, end));
    if (!req) return this.handOver();
    const total = end + 4 + req.length;
    if (buf.length < total) return;
    const whole = req.length ? buf.subarray(end + 4, total) : EMPTY;
    this.buf = buf.length > total ? buf.subarray(total) : EMPTY;
    const ex = new FastExchange(this, req.method, req.url, req.headers, whole, req.close);
    this.current = ex;
    this.opts.onRequest(ex);
  }

  /** The answer to the current request is written. */
  answered(close: boolean): void {
    this.current = undefined;
    if (close) {
      this.socket.end();
      return;
    }
    if (this.socket.isPaused()) this.socket.resume();
    if (this.buf.length) queueMicrotask(() => this.next());
  }

  private handOver(): void {
    const socket = this.socket;
    this.stopped = true;
    socket.off("data", this.onData);
    socket.off("close", this.onClose);
    socket.off("error", this.onError);
    socket.off("timeout", this.onTimeout);
    socket.off("end", this.onEnd);
    socket.setTimeout(0);
    socket.pause();
    if (this.buf.length) socket.unshift(this.buf);
    this.buf = EMPTY;
    this.opts.fallback(socket);
  }
}

/** Without the spaces and tabs around it (what HTTP calls optional whitespace). */
function trimOws(v: string): string {
  let a = 0;
  let b = v.length;
  while (a < b && (v.charCodeAt(a) === 32 || v.charCodeAt(a) === 9)) a++;
  while (b > a && (v.charCodeAt(b - 1) === 32 || v.charCodeAt(b - 1) === 9)) b--;
  return a === 0 && b === v.length ? v : v.slice(a, b);
}

interface Head {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  length: number;
  close: boolean;
}

/** The request line and headers, when the request is plain enough for the fast path; else undefined. */
function parseHead(text: string): Head | undefined {
  const lineEnd = text.indexOf("\r\n");
  const line = lineEnd < 0 ? text : text.slice(0, lineEnd);
  const sp1 = line.indexOf(" ");
  const sp2 = line.indexOf(" ", sp1 + 1);
  if (sp1 <= 0 || sp2 < 0 || line.slice(sp2 + 1) !== "HTTP/1.1") return undefined;
  const method = line.slice(0, sp1);
  const url = line.slice(sp1 + 1, sp2);
  if (!METHODS.has(method) || url.charCodeAt(0) !== 47 /* / */ || !TARGET.test(url)) return undefined;
  const headers: IncomingHttpHeaders = {};
  let length = 0;
  let close = false;
  let pos = lineEnd < 0 ? text.length : lineEnd + 2;
  while (pos < text.length) {
    let eol = text.indexOf("\r\n", pos);
    if (eol < 0) eol = text.length;
    const colon = text.indexOf(":", pos);
    if (colon < 0 || colon > eol) return undefined;
    const name = text.slice(pos, colon).toLowerCase();
    const value = trimOws(text.slice(colon + 1, eol));
    pos = eol + 2;
    if (!TOKEN.test(name) || !LATIN1_VALUE.test(value) || NOT_FAST.has(name) || headers[name] !== undefined) return undefined;
    headers[name] = value;
    if (name === "content-length") {
      if (!LENGTH.test(value)) return undefined;
      length = Number(value);
      if (length > FAST_BODY_MAX) return undefined;
    } else if (name === "connection") {
      const v = value.toLowerCase();
      if (v === "close") close = true;
      else if (v !== "keep-alive") return undefined;
    }
  }
  if (headers.host === undefined) return undefined;
  return { method, url, headers, length, close };
}

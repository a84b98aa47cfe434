// The HTTP side: one listening server per port that speaks HTTP/1.1 and HTTP/2 cleartext
// (prior knowledge, as the JS SDK's Kinesis client sends it) on the same port, body
// reading with a limit, request ids, CORS, the /_emu endpoints, a log line per request,
// and a stop that closes every session and connection.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import {
  constants as h2,
  createServer as createHttp2Server,
  type Http2Server,
  type IncomingHttpHeaders as Http2Headers,
  type OutgoingHttpHeaders,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from "node:http2";
import type { AddressInfo, Socket } from "node:net";
import type { Readable } from "node:stream";
import { FastConnection, pump } from "./http1.ts";
import { isoNow, type Logger } from "./log.ts";
import { runPipeline, type PipelineEnv, type RequestMeta, streamsBody } from "./pipeline.ts";
import { isStreamBody, type WireResponse } from "./protocols/types.ts";
import type { ServiceDescriptor } from "./schema.ts";

/** What an endpoint of the emulator itself sees of a request, whatever the HTTP version. */
export interface AdminRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** Endpoints of the emulator itself (health, reset, clock). */
export type AdminHandler = (req: AdminRequest, body: Buffer) => Promise<WireResponse> | WireResponse;

export interface ListenOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  only?: ServiceDescriptor;
  /**
   * How long a new connection may take to show whether it speaks HTTP/1.1 or HTTP/2
   * (its first bytes) before it is closed; default as long as HTTP/1.1 waits for headers.
   */
  prefaceTimeoutMs?: number;
  /**
   * After this long without a frame an HTTP/2 session is pinged, and destroyed when the
   * ping is not answered within the same time (default 20 s): a session that has ended
   * with a connection error, or whose peer vanished, is not noticed any other way.
   */
  http2ProbeMs?: number;
  /** An HTTP/2 session without streams for this long is closed with GOAWAY (default 120 s). */
  http2IdleMs?: number;
  /** false: every HTTP/1.1 request goes through node:http (runtime/http1.ts reads plain ones otherwise) */
  fastHttp1?: boolean;
}

/** Open connections and HTTP/2 sessions of a server, for tests and diagnostics. */
export interface ConnectionCounts {
  /** TCP connections, whatever they speak (and those that have not said yet) */
  sockets: number;
  /** HTTP/2 sessions among them */
  sessions: number;
}

const EXPOSE_HEADERS = [
  "x-amzn-RequestId",
  "x-amzn-ErrorType",
  "x-amzn-ErrorMessage",
  "x-amzn-query-error",
  "x-amz-request-id",
  "x-amz-id-2",
  "Date",
  "ETag",
].join(",");

/** SDKs keep idle sockets (and HTTP/2 sessions) for up to 60 s or so; never close one first. */
const KEEP_ALIVE_MS = 120_000;
const HEADERS_TIMEOUT_MS = KEEP_ALIVE_MS + 5_000;
const HTTP2_PROBE_MS = 20_000;
const EMPTY = Buffer.alloc(0);
/** a streamed operation's body of at most this many declared bytes is read whole before the handler runs */
const SMALL_STREAMED_BODY = 64 * 1024;

async function* oneChunk(body: Buffer): AsyncGenerator<Uint8Array> {
  if (body.length) yield body;
}

/** The client connection preface of HTTP/2 (RFC 9113, section 3.4). */
const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

/** Headers HTTP/2 forbids in a message (RFC 9113, section 8.2.2). */
const CONNECTION_HEADERS = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"]);

/** One request and its answer, over HTTP/1.1 or HTTP/2. */
interface Exchange extends AdminRequest {
  readonly body: Readable;
  /** the status has been sent */
  readonly answered: boolean;
  /** nothing can be sent any more (the client went away, the stream was reset) */
  readonly gone: boolean;
  /** the body ended because the client gave up rather than because it was complete */
  readonly truncated: boolean;
  /** the whole body, when it was read before the exchange was made (the fast HTTP/1.1 path) */
  readonly whole?: Buffer;
  respond(status: number, headers: Record<string, string>, body: Buffer | string): void;
  /** Sends the headers, then each chunk as it comes (no length: chunked over HTTP/1.1). */
  stream(status: number, headers: Record<string, string>, body: AsyncIterable<Uint8Array>): Promise<void>;
  /** Answers `status` without a body and stops the upload. */
  refuse(status: number, headers: Record<string, string>): void;
  /** Calls `fn` when the exchange ends before its answer was written. */
  onAbort(fn: () => void): void;
  destroy(): void;
}

/**
 * A new object with the headers of `base`, then those of `more`. Written out because a
 * spread followed by anything more (`{ ...a, ...b }`, `{ ...a, k: v }`) takes V8's slow
 * path, some twenty times the cost of these loops, and every answer pays it.
 */
function mergeHeaders(base: Record<string, string>, more?: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in base) out[k] = base[k];
  if (more) for (const k in more) out[k] = more[k];
  return out;
}

/**
 * A class rather than an object literal: a getter written in a literal is a new accessor
 * for each request, which gives each exchange an object shape of its own in V8 and keeps
 * the whole request alive until the next full garbage collection: under load that cost
 * the server about a third of its throughput.
 */
class Http1Exchange implements Exchange {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Readable;
  readonly truncated = false;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {
    this.method = req.method ?? "GET";
    this.url = req.url ?? "/";
    this.headers = req.headers;
    this.body = req;
  }

  get answered(): boolean {
    return this.res.headersSent;
  }

  get gone(): boolean {
    return this.res.destroyed;
  }

  respond(status: number, headers: Record<string, string>, body: Buffer | string): void {
    const res = this.res;
    if (res.destroyed) return;
    // A string body is written together with the headers in one write.
    const all = mergeHeaders(headers);
    // an answer to HEAD may state the length of what GET would send
    if (this.method !== "HEAD" || all["content-length"] === undefined) all["Content-Length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.length);
    res.writeHead(status, all);
    res.end(body);
  }

  async stream(status: number, headers: Record<string, string>, body: AsyncIterable<Uint8Array>): Promise<void> {
    const res = this.res;
    if (res.destroyed) return;
    res.writeHead(status, headers);
    res.flushHeaders();
    if (await pump(body, res)) res.end();
  }

  refuse(status: number, headers: Record<string, string>): void {
    const res = this.res;
    if (res.destroyed) return;
    res.writeHead(status, { ...headers, Connection: "close", "Content-Length": "0" });
    res.end();
    this.req.resume();
  }

  onAbort(fn: () => void): void {
    const res = this.res;
    res.on("close", () => {
      if (!res.writableFinished) fn();
    });
  }

  destroy(): void {
    this.res.destroy();
  }
}

/** HTTP/2 header block of an answer: lower-case names, no connection-specific headers. */
function http2Headers(status: number, headers: Record<string, string>): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = { ":status": status };
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (value === undefined || CONNECTION_HEADERS.has(key) || key.startsWith(":")) continue;
    if (key === "te" && value.toLowerCase() !== "trailers") continue;
    out[key] = value;
  }
  return out;
}

/** An exchange over HTTP/2: a class for the same reason as Http1Exchange. */
class Http2Exchange implements Exchange {
  readonly method: string;
  readonly url: string;
  /** the same headers as over HTTP/1.1: no pseudo-headers, and Host */
  readonly headers: IncomingHttpHeaders;
  readonly body: Readable;
  /** the answer is out (or the stream was refused): a close after this is no abort */
  private ended = false;

  constructor(
    private readonly h2s: ServerHttp2Stream,
    raw: Http2Headers,
  ) {
    const headers: IncomingHttpHeaders = {};
    for (const key in raw) if (key.charCodeAt(0) !== 58 /* ':' */) headers[key] = raw[key] as string | string[];
    if (headers.host === undefined && raw[":authority"]) headers.host = raw[":authority"];
    this.headers = headers;
    this.method = raw[":method"] ?? "GET";
    this.url = raw[":path"] ?? "/";
    this.body = h2s;
  }

  get answered(): boolean {
    return this.h2s.headersSent;
  }

  get gone(): boolean {
    return this.h2s.destroyed || this.h2s.closed;
  }

  get truncated(): boolean {
    return this.h2s.aborted;
  }

  private usable(): boolean {
    const s = this.h2s;
    return !s.destroyed && !s.closed && !s.headersSent;
  }

  respond(status: number, hdrs: Record<string, string>, body: Buffer | string): void {
    if (!this.usable()) return;
    const empty = this.method === "HEAD" || status === 204 || status === 304;
    const out = http2Headers(status, hdrs);
    if (this.method !== "HEAD" || out["content-length"] === undefined) out["content-length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.length);
    this.h2s.respond(out, { endStream: empty });
    if (!empty) this.h2s.end(body);
    this.ended = true;
  }

  async stream(status: number, hdrs: Record<string, string>, body: AsyncIterable<Uint8Array>): Promise<void> {
    if (!this.usable()) return;
    this.h2s.respond(http2Headers(status, hdrs));
    // ended only once the last chunk is out: a stream reset before that is an abort
    if (await pump(body, this.h2s)) {
      this.ended = true;
      this.h2s.end();
    }
  }

  refuse(status: number, hdrs: Record<string, string>): void {
    if (!this.usable()) return;
    const out = http2Headers(status, hdrs);
    out["content-length"] = "0";
    this.h2s.respond(out, { endStream: true });
    this.ended = true;
    // RST_STREAM(NO_ERROR) once the answer is out: the client stops sending the body.
    this.h2s.close(h2.NGHTTP2_NO_ERROR);
  }

  onAbort(fn: () => void): void {
    this.h2s.on("close", () => {
      if (!this.ended) fn();
    });
  }

  destroy(): void {
    this.h2s.destroy();
  }
}

/**
 * What the pipeline knows of a request's exchange. A class rather than an object literal:
 * a getter written in a literal is a new accessor for each request, which gives each
 * object a shape of its own in V8 and keeps the whole request alive until the next full
 * garbage collection.
 */
class ExchangeMeta implements RequestMeta {
  /** the controller behind `signal`, once it has been read */
  abort: AbortController | undefined;
  constructor(
    readonly requestId: string,
    readonly endpoint: string,
    readonly only: ServiceDescriptor | undefined,
    private readonly ex: Exchange,
    private readonly inflight: Set<AbortController>,
  ) {}

  /** Most handlers never look at their abort signal: it is made when first read. */
  get signal(): AbortSignal {
    if (!this.abort) {
      const controller = new AbortController();
      this.abort = controller;
      this.inflight.add(controller);
      if (this.ex.gone) controller.abort();
      else this.ex.onAbort(() => controller.abort());
    }
    return this.abort.signal;
  }
}

/**
 * Reads a request's whole body, answering 413 (and handing over undefined) when it is
 * larger than allowed. Callbacks rather than a promise, and methods rather than closures
 * where the stream allows it: every request goes through here.
 */
class BodyReader {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private done = false;

  constructor(
    private readonly ex: Exchange,
    private readonly max: number,
    private readonly common: Record<string, string>,
    private readonly onBody: (body: Buffer | undefined) => void,
    private readonly onError: (err: Error) => void,
  ) {
    const declared = Number(ex.headers["content-length"] ?? "0");
    if (declared > max) {
      this.done = true;
      ex.refuse(413, common);
      onBody(undefined);
      return;
    }
    const body = ex.body;
    body.on("data", (c: Buffer) => this.data(c));
    body.on("end", () => this.end());
    body.on("error", (err: Error) => this.fail(err));
    // Every request closes; only one closed before its end is a failure (and an Error,
    // which captures a stack, is made only then).
    body.on("close", () => {
      if (!this.done) this.fail(new Error("the request ended before the end of its body"));
    });
  }

  private data(c: Buffer): void {
    if (this.done) return;
    this.size += c.length;
    if (this.size > this.max) {
      this.done = true;
      this.chunks.length = 0;
      this.ex.refuse(413, this.common);
      this.onBody(undefined);
      return;
    }
    this.chunks.push(c);
  }

  private end(): void {
    if (this.done) return;
    if (this.ex.truncated) return this.fail(new Error("the request was reset before the end of its body"));
    this.done = true;
    const chunks = this.chunks;
    this.onBody(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    chunks.length = 0;
  }

  private fail(err: Error): void {
    if (this.done) return;
    this.done = true;
    this.chunks.length = 0;
    this.onError(err);
  }
}

export class EdgeServer {
  private server: Server | undefined;
  private http2: Http2Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly sessions = new Set<ServerHttp2Session>();
  private readonly inflight = new Set<AbortController>();
  port = 0;

  constructor(
    private readonly env: PipelineEnv,
    private readonly log: Logger,
    private readonly admin: (path: string) => AdminHandler | undefined,
    readonly opts: ListenOptions,
  ) {}

  async listen(): Promise<number> {
    const server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS, requestTimeout: 0, headersTimeout: HEADERS_TIMEOUT_MS });
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    server.on("request", (req: IncomingMessage, res: ServerResponse) => this.handle(new Http1Exchange(req, res)));
    server.on("clientError", (_err, socket: Socket) => {
      if (socket.writable) {
        socket.end(`HTTP/1.1 400 Bad Request\r\nx-amzn-RequestId: ${this.env.ids.uuid()}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      } else socket.destroy();
    });

    // The HTTP/1.1 server listens; every new connection is first looked at here, then
    // given to HTTP/1.1's own connection handling or to the HTTP/2 server.
    const http1 = server.listeners("connection") as ((socket: Socket) => void)[];
    server.removeAllListeners("connection");
    server.on("connection", (socket: Socket) => this.accept(socket, (s) => http1.forEach((l) => l.call(server, s))));

    const http2 = createHttp2Server();
    http2.on("session", (session: ServerHttp2Session) => this.watch(session));
    http2.on("stream", (stream: ServerHttp2Stream, headers: Http2Headers) => {
      stream.on("error", (err) => this.log.log("debug", `HTTP/2 stream error: ${err.message}`));
      this.handle(new Http2Exchange(stream, headers));
    });
    // A session error (bad frame, protocol violation) ends that session only.
    http2.on("sessionError", (err) => this.log.log("debug", `HTTP/2 session error: ${err.message}`));

    this.server = server;
    this.http2 = http2;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.opts.port, this.opts.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  /** Open connections and HTTP/2 sessions. */
  connections(): ConnectionCounts {
    return { sockets: this.sockets.size, sessions: this.sessions.size };
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.http2 = undefined;
    for (const c of this.inflight) c.abort();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const session of this.sessions) {
      if (session.destroyed) continue;
      try {
        session.goaway(h2.NGHTTP2_NO_ERROR);
      } catch {
        // already closing
      }
      session.destroy();
    }
    this.sessions.clear();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
  }

  /**
   * Keeps count of a session. A silent session is pinged and destroyed when the ping goes
   * unanswered: after a connection error nghttp2 sends GOAWAY and stops reading, so not
   * even the client's close would be seen otherwise. A session without streams for as
   * long as HTTP/1.1 keep-alive allows is closed with GOAWAY, long after any SDK would
   * have dropped it.
   */
  private watch(session: ServerHttp2Session): void {
    this.sessions.add(session);
    const probeMs = this.opts.http2ProbeMs ?? HTTP2_PROBE_MS;
    let open = 0; // streams not closed yet
    let quiet = 0; // silent periods in a row without a stream
    let deadline: NodeJS.Timeout | undefined;
    session.once("close", () => {
      this.sessions.delete(session);
      clearTimeout(deadline);
    });
    session.on("stream", (stream: ServerHttp2Stream) => {
      open++;
      quiet = 0;
      stream.once("close", () => open--);
    });
    session.on("timeout", () => {
      if (session.destroyed || session.closed) return;
      quiet = open > 0 ? 0 : quiet + 1;
      if (quiet * probeMs >= (this.opts.http2IdleMs ?? KEEP_ALIVE_MS)) {
        session.close();
        deadline = setTimeout(() => session.destroy(), probeMs).unref();
        return;
      }
      deadline = setTimeout(() => session.destroy(), probeMs).unref();
      try {
        session.ping((err) => {
          clearTimeout(deadline);
          if (err) session.destroy();
          else if (!session.destroyed) session.setTimeout(probeMs);
        });
      } catch {
        session.destroy();
      }
    });
    session.setTimeout(probeMs);
  }

  /**
   * Reads the first bytes of a connection: the HTTP/2 preface goes to the HTTP/2 server,
   * anything else to HTTP/1.1. The bytes are put back for whoever takes the socket.
   */
  private accept(socket: Socket, http1: (socket: Socket) => void): void {
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
    let seen: Buffer = Buffer.alloc(0);
    const done = () => {
      socket.off("data", onData);
      socket.off("end", onGone);
      socket.off("error", onGone);
      socket.off("timeout", onGone);
      socket.setTimeout(0);
    };
    const onGone = () => {
      done();
      socket.destroy();
    };
    const onData = (chunk: Buffer) => {
      seen = seen.length ? Buffer.concat([seen, chunk]) : chunk;
      const n = Math.min(seen.length, PREFACE.length);
      const isHttp2 = seen.subarray(0, n).equals(PREFACE.subarray(0, n));
      if (isHttp2 && seen.length < PREFACE.length) return; // the preface so far: wait for the rest
      done();
      const http2 = this.http2;
      if (!http2) {
        socket.destroy();
      } else if (isHttp2) {
        socket.pause();
        socket.unshift(seen);
        // as on a server of HTTP/2's own: the client's FIN ends the session
        socket.allowHalfOpen = false;
        http2.emit("connection", socket);
      } else if (this.opts.fastHttp1 === false) {
        socket.pause();
        socket.unshift(seen);
        http1(socket);
        socket.resume();
      } else {
        // the bytes seen so far are the fast path's first; node:http gets them back if it takes over
        new FastConnection(socket, seen, {
          onRequest: (ex) => this.handle(ex),
          fallback: (s) => {
            http1(s);
            s.resume();
          },
          keepAliveMs: KEEP_ALIVE_MS,
        });
      }
    };
    socket.on("data", onData);
    socket.on("end", onGone);
    socket.on("error", onGone);
    socket.on("timeout", onGone);
    socket.setTimeout(this.opts.prefaceTimeoutMs ?? HEADERS_TIMEOUT_MS);
  }

  private handle(ex: Exchange): void {
    const requestId = this.env.ids.uuid();
    const started = this.log.enabled("info") ? performance.now() : 0;
    const origin = ex.headers.origin;
    const common: Record<string, string> = { "x-amzn-RequestId": requestId };
    if (origin) {
      common["Access-Control-Allow-Origin"] = "*";
      common["Access-Control-Expose-Headers"] = EXPOSE_HEADERS;
    }

    // CORS preflight, for browser SDKs.
    if (ex.method === "OPTIONS" && origin && ex.headers["access-control-request-method"]) {
      ex.respond(
        200,
        {
          ...common,
          "Access-Control-Allow-Methods": "GET, PUT, POST, DELETE, HEAD, PATCH, OPTIONS",
          "Access-Control-Allow-Headers": ex.headers["access-control-request-headers"] ?? "*",
          "Access-Control-Max-Age": "86400",
        },
        Buffer.alloc(0),
      );
      if (ex.whole === undefined) ex.body.resume();
      return;
    }

    // An operation whose input payload streams gets the body unread (no --max-body-bytes:
    // it is never held whole), except a small one of declared length, which is read first
    // and handed over as one chunk: iterating the request stream costs more than it is worth.
    const streams = streamsBody(this.env, ex, this.opts.only);
    const limit = streams ? SMALL_STREAMED_BODY : this.opts.maxBodyBytes;
    // a whole body: a streamed operation gets it as one chunk
    const run = (body: Buffer | undefined) => {
      if (!body) return this.logLine("-", "-", 413, started);
      const done = streams ? this.onRequest(ex, requestId, common, EMPTY, started, oneChunk(body)) : this.onRequest(ex, requestId, common, body, started);
      done.catch((err) => this.failed(ex, requestId, err));
    };
    // a body the fast HTTP/1.1 path has read whole
    const whole = ex.whole;
    if (whole !== undefined) {
      if (whole.length <= limit) return run(whole);
      ex.refuse(413, common);
      return this.logLine("-", "-", 413, started);
    }
    if (streams && !(Number(ex.headers["content-length"]) <= SMALL_STREAMED_BODY)) {
      ex.body.on("error", () => {}); // a failure of the body reaches whoever reads it
      this.onRequest(ex, requestId, common, EMPTY, started, ex.body).catch((err) => this.failed(ex, requestId, err));
      return;
    }

    // The body is read with callbacks rather than a promise: every request saves a tick.
    new BodyReader(ex, limit, common, run, (err) => this.failed(ex, requestId, err));
  }

  /** A request that failed outside the pipeline (which answers every error itself). */
  private failed(ex: Exchange, requestId: string, err: unknown): void {
    if (ex.gone) {
      this.log.log("debug", `request ended by the client: ${(err as Error)?.message ?? err}`);
      return;
    }
    this.log.error(`request failed: ${(err as Error)?.stack ?? err}`);
    try {
      if (!ex.answered) {
        ex.respond(500, { "content-type": "application/json", "x-amzn-RequestId": requestId }, Buffer.from(JSON.stringify({ __type: "InternalFailure" })));
      } else ex.destroy();
    } catch {
      ex.destroy();
    }
  }

  private async onRequest(
    ex: Exchange,
    requestId: string,
    common: Record<string, string>,
    body: Buffer,
    started: number,
    stream?: AsyncIterable<Uint8Array>,
  ): Promise<void> {
    const q = ex.url.indexOf("?");
    const path = q < 0 ? ex.url : ex.url.slice(0, q);
    const admin = this.opts.only ? undefined : this.admin(path);
    if (admin) {
      const out = await admin(ex, body);
      await this.send(ex, out, common);
      this.logLine("emu", path, out.status, started);
      return;
    }

    const host = ex.headers.host ?? `${this.opts.host}:${this.port}`;
    const meta = new ExchangeMeta(requestId, `http://${host}`, this.opts.only, ex, this.inflight);
    try {
      const result = await runPipeline(this.env, stream ? { method: ex.method, url: ex.url, headers: ex.headers, body, stream } : { method: ex.method, url: ex.url, headers: ex.headers, body }, meta);
      // a streamed answer holds its abort signal until its last chunk is written
      const streaming = this.send(ex, result.response, common);
      if (streaming) await streaming;
      this.logLine(result.service ?? "-", result.operation ?? "-", result.response.status, started);
    } finally {
      if (meta.abort) this.inflight.delete(meta.abort);
    }
  }

  /** A promise only for a streamed answer, until its last chunk is written: the rest is written at once, without a tick. */
  private send(ex: Exchange, out: WireResponse, common: Record<string, string>): Promise<void> | undefined {
    if (isStreamBody(out.body)) {
      if (ex.gone) {
        void Promise.resolve(out.body[Symbol.asyncIterator]().return?.()).catch(() => {});
        return undefined;
      }
      return ex.stream(out.status, mergeHeaders(common, out.headers), out.body);
    }
    if (!ex.gone) ex.respond(out.status, mergeHeaders(common, out.headers), out.body);
    return undefined;
  }

  private logLine(service: string, operation: string, status: number, started: number): void {
    if (!this.log.enabled("info")) return;
    const ms = (performance.now() - started).toFixed(1);
    this.log.info(`${isoNow()} ${service} ${operation} ${status} ${ms}ms`);
  }
}

// The HTTP side: one listening server per port, body reading with a limit, request ids,
// CORS, the /_emu endpoints, a log line per request, and a stop that destroys every
// connection.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Logger } from "./log.ts";
import { runPipeline, type PipelineEnv } from "./pipeline.ts";
import type { WireResponse } from "./protocols/types.ts";
import type { ServiceDescriptor } from "./schema.ts";

/** Endpoints of the emulator itself (health, reset, clock). */
export type AdminHandler = (req: IncomingMessage, body: Buffer) => Promise<WireResponse> | WireResponse;

export interface ListenOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  only?: ServiceDescriptor;
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

/** SDKs keep idle sockets for up to 60 s or so; never close one first. */
const KEEP_ALIVE_MS = 120_000;

export class EdgeServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly inflight = new Set<AbortController>();
  port = 0;

  constructor(
    private readonly env: PipelineEnv,
    private readonly log: Logger,
    private readonly admin: (path: string) => AdminHandler | undefined,
    readonly opts: ListenOptions,
  ) {}

  async listen(): Promise<number> {
    const server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS, requestTimeout: 0, headersTimeout: KEEP_ALIVE_MS + 5_000 });
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    server.on("connection", (s: Socket) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    server.on("request", (req, res) => {
      const requestId = randomUUID();
      this.onRequest(req, res, requestId).catch((err) => {
        this.log.error(`request failed: ${(err as Error)?.stack ?? err}`);
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json", "x-amzn-RequestId": requestId });
          res.end(JSON.stringify({ __type: "InternalFailure" }));
        } else res.destroy();
      });
    });
    server.on("clientError", (_err, socket: Socket) => {
      if (socket.writable) {
        socket.end(`HTTP/1.1 400 Bad Request\r\nx-amzn-RequestId: ${randomUUID()}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      } else socket.destroy();
    });
    this.server = server;
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

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const c of this.inflight) c.abort();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const started = performance.now();
    const origin = req.headers.origin;
    const common: Record<string, string> = { "x-amzn-RequestId": requestId };
    if (origin) {
      common["Access-Control-Allow-Origin"] = "*";
      common["Access-Control-Expose-Headers"] = EXPOSE_HEADERS;
    }

    // CORS preflight, for browser SDKs.
    if (req.method === "OPTIONS" && origin && req.headers["access-control-request-method"]) {
      res.writeHead(200, {
        ...common,
        "Access-Control-Allow-Methods": "GET, PUT, POST, DELETE, HEAD, PATCH, OPTIONS",
        "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] ?? "*",
        "Access-Control-Max-Age": "86400",
        "Content-Length": "0",
      });
      res.end();
      return;
    }

    const body = await this.readBody(req, res, common);
    if (!body) {
      this.logLine("-", "-", 413, started);
      return;
    }

    const path = (req.url ?? "/").split("?")[0];
    const admin = this.opts.only ? undefined : this.admin(path);
    if (admin) {
      const out = await admin(req, body);
      this.send(res, out, common);
      this.logLine("emu", path, out.status, started);
      return;
    }

    const abort = new AbortController();
    this.inflight.add(abort);
    const onClose = () => {
      if (!res.writableFinished) abort.abort();
    };
    res.on("close", onClose);
    try {
      const host = req.headers.host ?? `${this.opts.host}:${this.port}`;
      const result = await runPipeline(
        this.env,
        { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body },
        { requestId, endpoint: `http://${host}`, signal: abort.signal, only: this.opts.only },
      );
      this.send(res, result.response, common);
      this.logLine(result.service ?? "-", result.operation ?? "-", result.response.status, started);
    } finally {
      this.inflight.delete(abort);
    }
  }

  /** The whole body, or undefined after answering 413 when it is larger than allowed. */
  private readBody(req: IncomingMessage, res: ServerResponse, common: Record<string, string>): Promise<Buffer | undefined> {
    const max = this.opts.maxBodyBytes;
    const declared = Number(req.headers["content-length"] ?? "0");
    const tooLarge = () => {
      res.writeHead(413, { ...common, Connection: "close", "Content-Length": "0" });
      res.end();
      req.resume();
    };
    if (declared > max) {
      tooLarge();
      return Promise.resolve(undefined);
    }
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      req.on("data", (c: Buffer) => {
        if (done) return;
        size += c.length;
        if (size > max) {
          done = true;
          chunks.length = 0;
          tooLarge();
          resolve(undefined);
          return;
        }
        chunks.push(c);
      });
      req.on("end", () => {
        if (!done) {
          done = true;
          resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
        }
      });
      req.on("error", (err) => {
        if (!done) {
          done = true;
          reject(err);
        }
      });
    });
  }

  private send(res: ServerResponse, out: WireResponse, common: Record<string, string>): void {
    if (res.destroyed) return;
    const body = typeof out.body === "string" ? Buffer.from(out.body) : out.body;
    res.writeHead(out.status, { ...common, ...out.headers, "Content-Length": String(body.length) });
    res.end(body);
  }

  private logLine(service: string, operation: string, status: number, started: number): void {
    if (!this.log.enabled("info")) return;
    const ms = (performance.now() - started).toFixed(1);
    this.log.info(`${new Date().toISOString()} ${service} ${operation} ${status} ${ms}ms`);
  }
}

// Raw HTTP requests for tests that need exact bytes, headers and statuses.
import type { IncomingHttpHeaders } from "node:http";
import { request as httpRequest } from "node:http";

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Send {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** send the body in pieces with Transfer-Encoding: chunked, no Content-Length */
  chunked?: boolean;
}

/** One request on a connection of its own. */
export function send(port: number, s: Send): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = s.body === undefined ? undefined : Buffer.isBuffer(s.body) ? s.body : Buffer.from(s.body);
    const headers: Record<string, string> = { ...(s.headers ?? {}) };
    if (body && !s.chunked) headers["content-length"] = String(body.length);
    const req = httpRequest(
      { host: "127.0.0.1", port, method: s.method ?? "POST", path: s.path ?? "/", headers, agent: false, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("no answer within 10 s")));
    req.on("error", reject);
    if (body && s.chunked) {
      // several writes without a length: node sends Transfer-Encoding: chunked
      const piece = 1024;
      for (let i = 0; i < body.length; i += piece) req.write(body.subarray(i, i + piece));
      req.end();
    } else req.end(body);
  });
}

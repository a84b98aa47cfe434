// The baseline: a bare node:http server that reads the request body and answers a fixed
// body of the same size and content type as the emulator's answer to that request.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WORKLOADS } from "../workloads.ts";

const answers = new Map(WORKLOADS.map((w) => [w.target, w]));
const server = createServer({ keepAliveTimeout: 120_000 }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const w = answers.get(String(req.headers["x-amz-target"]));
    const body = w ? w.expectedBody : "{}";
    res.writeHead(200, {
      "x-amzn-RequestId": randomUUID(),
      "content-type": w?.contentType ?? "application/json",
      "Content-Length": String(Buffer.byteLength(body)),
    });
    res.end(body);
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));

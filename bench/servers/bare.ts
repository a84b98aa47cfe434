// The baseline: a bare node:http server that reads the request body and answers a fixed
// body chosen by the request's X-Amz-Target. bench/run.ts tells it, before each workload,
// the body to answer for each request (POST /_bench/answers {"<key>": {body, contentType}},
// keyed as bench/answer-key.ts says): bodies of the same size and content type as the
// emulator's answers to those requests.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { answerKey } from "../answer-key.ts";

const answers = new Map<string, { body: string; contentType: string }>();
const server = createServer({ keepAliveTimeout: 120_000 }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    if (req.url === "/_bench/answers") {
      const given = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, { body: string; contentType: string }>;
      for (const [target, answer] of Object.entries(given)) answers.set(target, answer);
      res.writeHead(204);
      res.end();
      return;
    }
    const target = req.headers["x-amz-target"];
    const answer = answers.get(answerKey(req.method ?? "GET", req.url ?? "/", typeof target === "string" ? target : undefined));
    const body = answer ? answer.body : "{}";
    res.writeHead(200, {
      "x-amzn-RequestId": randomUUID(),
      "content-type": answer?.contentType ?? "application/json",
      "Content-Length": String(Buffer.byteLength(body, "latin1")),
    });
    res.end(body, "latin1");
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));

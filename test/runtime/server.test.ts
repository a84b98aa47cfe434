// The HTTP server around the services: health, reset, NotImplemented answers, CORS,
// request ids, keep-alive, per-service ports, and a clean stop.
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { KinesisClient, ListStreamsCommand } from "@aws-sdk/client-kinesis";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { services as registry } from "../../generated/registry.ts";
import type { Emulator } from "../../runtime/emulator.ts";
import { runScript } from "../support/child.ts";
import { clientConfig, testEmulator } from "../support/emulator.ts";
import { type Answer, type Send, send as rawSend } from "../support/http.ts";

/** One request on a connection of its own; GET unless told otherwise. */
const send = (port: number, s: Send = {}): Promise<Answer> => rawSend(port, { method: "GET", ...s });

const json = (a: Answer) => JSON.parse(a.body) as Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const awsJson = (prefix: string, op: string, version = "1.1") => ({
  "content-type": `application/x-amz-json-${version}`,
  "x-amz-target": `${prefix}.${op}`,
});
const sigv4 = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`;

let emu: Emulator;
const logLines: string[] = [];

test.before(async () => {
  emu = await testEmulator({
    // runtime behaviour only: no service implementation, so operations without a handler answer 501
    implementations: {},
    logLevel: "info",
    logSink: (chunk) => void logLines.push(...chunk.split("\n").filter(Boolean)),
    handlers: { kinesis: { ListShards: async () => ({ Shards: [] }) } },
  });
});

test.after(async () => {
  await emu?.stop();
});

// --- health and reset ---

test("/_emu/health lists every service with implemented and notImplemented operations", async () => {
  const res = await send(emu.ports.edge, { path: "/_emu/health" });
  assert.is(res.status, 200);
  const doc = json(res) as { status: string; services: { id: string; implemented: string[]; notImplemented: string[] }[] };
  assert.is(doc.status, "running");
  const ids = doc.services.map((s) => s.id).sort();
  assert.equal(ids, registry.map((s) => s.id).sort());
  for (const id of ["kinesis", "s3", "sns", "sqs", "dynamodb", "dynamodb-streams", "lambda", "firehose", "memorydb", "sts"]) {
    assert.ok(ids.includes(id), `${id} missing from health`);
  }
  for (const s of doc.services) {
    const ops = registry.find((r) => r.id === s.id)!.operationNames;
    assert.ok(Array.isArray(s.implemented) && Array.isArray(s.notImplemented), s.id);
    assert.equal([...s.implemented, ...s.notImplemented].sort(), [...ops].sort(), `${s.id}: not a partition of its operations`);
  }
  const k = doc.services.find((s) => s.id === "kinesis")!;
  assert.ok(k.implemented.includes("ListShards"), "an installed handler is not listed as implemented");
  assert.not.ok(k.notImplemented.includes("ListShards"));
  assert.ok(k.notImplemented.includes("CreateStream"));
});

test("with --services only those services are served and listed", async () => {
  const one = await testEmulator({ implementations: {}, services: ["kinesis"] });
  try {
    const doc = json(await send(one.ports.edge, { path: "/_emu/health" })) as { services: { id: string }[] };
    assert.equal(
      doc.services.map((s) => s.id),
      ["kinesis"],
    );
    const res = await send(one.ports.edge, { method: "POST", headers: awsJson("DynamoDB_20120810", "ListTables", "1.0"), body: "{}" });
    assert.is(res.status, 400);
    assert.is(json(res).__type, "UnknownOperationException");
  } finally {
    await one.stop();
  }
});

test("POST /_emu/reset and POST /moto-api/reset answer 200 and clear every store", async () => {
  const store = emu.state.store(() => ({ items: [] as string[] }));
  let hooked = 0;
  emu.state.onReset(() => hooked++);
  for (const path of ["/_emu/reset", "/moto-api/reset"]) {
    store.for({ account: "000000000000", region: "us-east-1" }).items.push("x");
    const res = await send(emu.ports.edge, { method: "POST", path });
    assert.is(res.status, 200, path);
    assert.ok(res.headers["x-amzn-requestid"]);
    assert.is(store.peek({ account: "000000000000", region: "us-east-1" }), undefined, `${path} left state behind`);
  }
  assert.is(hooked, 2);
});

test("GET on a reset endpoint changes nothing", async () => {
  const store = emu.state.store(() => ({ n: 1 }));
  store.for({ account: "000000000000", region: "us-east-1" });
  const res = await send(emu.ports.edge, { path: "/_emu/reset" });
  assert.is(res.status, 405);
  assert.ok(store.peek({ account: "000000000000", region: "us-east-1" }));
});

test("an unknown /_emu/ endpoint is a 404", async () => {
  const res = await send(emu.ports.edge, { path: "/_emu/nothing-here" });
  assert.is(res.status, 404);
});

// --- NotImplemented ---

const notImplemented: [string, Record<string, string>, string, string][] = [
  ["Kinesis", awsJson("Kinesis_20131202", "CreateStream"), '{"StreamName":"s","ShardCount":1}', "CreateStream"],
  ["DynamoDB", awsJson("DynamoDB_20120810", "ListTables", "1.0"), "{}", "ListTables"],
  ["DynamoDB Streams", awsJson("DynamoDBStreams_20120810", "ListStreams", "1.0"), "{}", "ListStreams"],
  ["Firehose", awsJson("Firehose_20150804", "ListDeliveryStreams"), "{}", "ListDeliveryStreams"],
  ["MemoryDB", awsJson("AmazonMemoryDB", "DescribeClusters"), "{}", "DescribeClusters"],
  ["SQS", awsJson("AmazonSQS", "ListQueues", "1.0"), "{}", "ListQueues"],
];

for (const [service, headers, body, operation] of notImplemented) {
  test(`${service} ${operation} without behaviour answers 501 naming both`, async () => {
    const res = await send(emu.ports.edge, { method: "POST", headers, body });
    assert.is(res.status, 501, res.body);
    const doc = json(res);
    assert.ok(String(doc.__type).endsWith("NotImplemented"), String(doc.__type));
    const message = String(doc.message ?? doc.Message);
    assert.ok(message.includes(operation), message);
    assert.ok(message.includes(service), message);
  });
}

test("S3 without behaviour answers 501 in S3's own XML error, naming the operation, with S3's request-id headers", async () => {
  const list = await send(emu.ports.edge, { method: "GET", headers: { authorization: sigv4("s3"), "x-amz-date": "20260101T000000Z" } });
  assert.is(list.status, 501, list.body);
  assert.ok(list.body.includes("<Error>"), list.body);
  assert.ok(list.body.includes("ListBuckets"), list.body);
  assert.ok(list.headers["x-amz-request-id"], "x-amz-request-id");
  const put = await send(emu.ports.edge, {
    method: "PUT",
    path: "/bucket/key.txt",
    headers: { authorization: sigv4("s3"), "x-amz-date": "20260101T000000Z" },
    body: "hello",
  });
  assert.is(put.status, 501, put.body);
  assert.ok(put.body.includes("PutObject"), put.body);
});

test("the SDK sees 501 in $metadata.httpStatusCode", async () => {
  const kinesis = new KinesisClient(clientConfig(emu));
  const ddb = new DynamoDBClient(clientConfig(emu));
  try {
    for (const call of [() => kinesis.send(new ListStreamsCommand({})), () => ddb.send(new ListTablesCommand({}))]) {
      let err: { name?: string; message?: string; $metadata?: { httpStatusCode?: number } } | undefined;
      try {
        await call();
      } catch (e) {
        err = e as typeof err;
      }
      assert.ok(err, "the call succeeded");
      assert.is(err!.$metadata?.httpStatusCode, 501);
      assert.is(err!.name, "NotImplemented");
      assert.ok(/ListStreams|ListTables/.test(err!.message ?? ""), err!.message);
    }
    // and an installed handler answers
    const shards = await kinesis.send(new (await import("@aws-sdk/client-kinesis")).ListShardsCommand({ StreamName: "s" }));
    assert.equal(shards.Shards, []);
  } finally {
    kinesis.destroy();
    ddb.destroy();
  }
});

test("one log line per request: service, operation, status, milliseconds", async () => {
  logLines.length = 0;
  await send(emu.ports.edge, { method: "POST", headers: awsJson("Kinesis_20131202", "ListStreams"), body: "{}" });
  await new Promise((r) => setTimeout(r, 20));
  const line = logLines.find((l) => / kinesis ListStreams 501 [\d.]+ms$/.test(l));
  assert.ok(line, `no log line in ${JSON.stringify(logLines)}`);
});

// --- CORS, request ids, keep-alive ---

test("CORS preflight is answered 200 with Access-Control-Allow-Origin", async () => {
  const res = await send(emu.ports.edge, {
    method: "OPTIONS",
    headers: {
      origin: "http://localhost:3000",
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type,x-amz-target,x-amz-date,authorization",
    },
  });
  assert.is(res.status, 200);
  const allow = res.headers["access-control-allow-origin"];
  assert.ok(allow === "*" || allow === "http://localhost:3000", String(allow));
  assert.ok(String(res.headers["access-control-allow-methods"]).includes("POST"));
  const allowed = String(res.headers["access-control-allow-headers"]).toLowerCase();
  for (const h of ["content-type", "x-amz-target", "authorization"]) assert.ok(allowed === "*" || allowed.includes(h), allowed);
  assert.ok(res.headers["x-amzn-requestid"]);
  assert.is(res.body, "");
});

test("answers to a browser carry Access-Control-Allow-Origin and expose the request id, errors included", async () => {
  for (const [headers, body] of [
    [awsJson("Kinesis_20131202", "ListStreams"), "{}"],
    [awsJson("Kinesis_20131202", "Nope"), "{}"],
    [awsJson("Kinesis_20131202", "ListStreams"), "{"],
  ] as const) {
    const res = await send(emu.ports.edge, { method: "POST", headers: { ...headers, origin: "http://localhost:3000" }, body });
    assert.ok(res.headers["access-control-allow-origin"], `${res.status} without Access-Control-Allow-Origin`);
    assert.ok(String(res.headers["access-control-expose-headers"]).toLowerCase().includes("x-amzn-requestid"));
  }
});

test("every answer carries a distinct x-amzn-RequestId", async () => {
  const answers = await Promise.all([
    send(emu.ports.edge, { path: "/_emu/health" }),
    send(emu.ports.edge, { path: "/_emu/clock" }),
    send(emu.ports.edge, { path: "/_emu/nothing" }),
    send(emu.ports.edge, { method: "POST", path: "/_emu/reset" }),
    send(emu.ports.edge, { method: "POST", headers: awsJson("Kinesis_20131202", "ListStreams"), body: "{}" }),
    send(emu.ports.edge, { method: "POST", headers: awsJson("Kinesis_20131202", "ListShards"), body: '{"StreamName":"s"}' }),
    send(emu.ports.edge, { method: "POST", headers: awsJson("Kinesis_20131202", "Nope"), body: "{}" }),
    send(emu.ports.edge, { method: "GET" }),
    send(emu.ports.edge, { method: "OPTIONS", headers: { origin: "x", "access-control-request-method": "POST" } }),
    send(emu.ports.edge, { method: "POST", headers: awsJson("Kinesis_20131202", "ListStreams"), body: "x".repeat(17 * 1024 * 1024) }),
  ]);
  const ids = answers.map((a) => String(a.headers["x-amzn-requestid"]));
  for (const [i, id] of ids.entries()) assert.ok(UUID.test(id), `answer ${i} (${answers[i].status}): '${id}'`);
  assert.is(new Set(ids).size, ids.length, "request ids repeat");
  assert.is(answers[answers.length - 1].status, 413, "16 MiB default limit");
});

test("keep-alive timeout is above 65 s", async () => {
  const res = await send(emu.ports.edge, { path: "/_emu/health", headers: { connection: "keep-alive" } });
  const m = /timeout=(\d+)/.exec(String(res.headers["keep-alive"]));
  assert.ok(m, `no Keep-Alive timeout header: ${res.headers["keep-alive"]}`);
  assert.ok(Number(m![1]) > 65, `timeout=${m![1]}`);
});

test("a keep-alive connection serves several requests", async () => {
  const kinesis = new KinesisClient(clientConfig(emu));
  try {
    for (let i = 0; i < 5; i++) {
      const out = await kinesis.send(new (await import("@aws-sdk/client-kinesis")).ListShardsCommand({ StreamName: "s" }));
      assert.equal(out.Shards, []);
    }
  } finally {
    kinesis.destroy();
  }
});

// --- a port of its own, and stopping ---

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port });
    s.once("connect", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", (err: NodeJS.ErrnoException) => resolve(err.code === "ECONNREFUSED"));
  });
}

test("a per-service port routes everything to that service; stop closes every port", async () => {
  const own = await testEmulator({
    // runtime behaviour only: no service implementation, so operations without a handler answer 501
    implementations: {},
    servicePorts: { kinesis: 0 },
    handlers: { kinesis: { ListStreams: async () => ({ StreamNames: ["only-kinesis"], HasMoreStreams: false }) } },
  });
  let ports: Record<string, number> = {};
  try {
    ports = own.ports;
    assert.type(ports.kinesis, "number");
    assert.ok(ports.kinesis > 0 && ports.kinesis !== ports.edge, JSON.stringify(ports));

    // through the SDK, pointed at the service's own port
    const kinesis = new KinesisClient({ ...clientConfig(own), endpoint: `http://127.0.0.1:${ports.kinesis}` });
    try {
      const out = await kinesis.send(new ListStreamsCommand({}));
      assert.equal(out.StreamNames, ["only-kinesis"]);
    } finally {
      kinesis.destroy();
    }
    // without a target, the port still knows the service
    const bare = await send(ports.kinesis, { method: "POST", headers: { "content-type": "application/x-amz-json-1.1" }, body: "{}" });
    assert.is(bare.status, 400);
    assert.is(json(bare).__type, "UnknownOperationException");
    // another service's operation is unknown there
    const other = await send(ports.kinesis, { method: "POST", headers: awsJson("DynamoDB_20120810", "ListTables", "1.0"), body: "{}" });
    assert.is(other.status, 400);
    assert.is(json(other).__type, "UnknownOperationException");
    const ok = await send(ports.kinesis, { method: "POST", headers: awsJson("Kinesis_20131202", "CreateStream"), body: '{"StreamName":"s","ShardCount":1}' });
    assert.is(ok.status, 501);
    assert.ok(ok.headers["x-amzn-requestid"]);
  } finally {
    await own.stop();
  }
  assert.ok(await refused(ports.edge), "edge port still accepts connections");
  assert.ok(await refused(ports.kinesis), "kinesis port still accepts connections");
});

test("stop ends open keep-alive connections and in-flight requests", async () => {
  let entered!: () => void;
  const inHandler = new Promise<void>((r) => (entered = r));
  const slow = await testEmulator({
    // runtime behaviour only: no service implementation, so operations without a handler answer 501
    implementations: {},
    handlers: {
      kinesis: {
        ListStreams: (_input: unknown, ctx: { signal: AbortSignal }) =>
          new Promise((_resolve, reject) => {
            entered();
            ctx.signal.addEventListener("abort", () => reject(new Error("aborted")));
          }),
      },
    },
  });
  const port = slow.ports.edge;
  const pending = send(port, { method: "POST", headers: awsJson("Kinesis_20131202", "ListStreams"), body: "{}" }).then(
    () => "answered",
    (err: NodeJS.ErrnoException) => err.code ?? "error",
  );
  await inHandler;
  const started = Date.now();
  await slow.stop();
  assert.ok(Date.now() - started < 2_000, "stop waited for the request");
  const outcome = await pending;
  assert.ok(outcome === "ECONNRESET" || outcome === "answered" || outcome === "error", outcome);
  assert.ok(await refused(port));
});

test("a process that starts, uses and stops an emulator exits by itself", async () => {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const script = `
    import { testEmulator, clientConfig } from "./test/support/emulator.ts";
    import { KinesisClient, ListStreamsCommand } from "@aws-sdk/client-kinesis";
    const emu = await testEmulator({ servicePorts: { kinesis: 0 } });
    const c = new KinesisClient(clientConfig(emu));
    try { await c.send(new ListStreamsCommand({})); } catch (e) { if (e.$metadata?.httpStatusCode !== 501) throw e; }
    await fetch(emu.url + "/_emu/health").then((r) => r.text());
    emu.clock.setTimer(3_600_000, () => {});
    c.destroy();
    await emu.stop();
    console.log("stopped");
  `;
  const { code, out } = await runScript(script, root);
  assert.is(code, 0, out);
  assert.ok(out.includes("stopped"), out);
});

test.run();

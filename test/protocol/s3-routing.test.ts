// S3's routing table, from the model: for EVERY operation of generated/s3, the request
// boto3 sends (path style, no `?x-id=`: botocore's URIs never carry it) with the query
// parameters and headers that tell the operation apart (the model's required httpQuery and
// httpHeader members, the literal query of its URI, and a hand-written hint where the
// model's required members alone do not name it), reaches that operation's handler.
// Each row is sent three ways: SigV4-signed (boto3), unsigned (curl), and, for bucket
// operations, virtual-host style (bucket in the Host). Then, where boto3 is installed,
// the requests botocore itself serializes for every operation it shares with the model
// (minimal required parameters) are replayed byte for byte and must reach theirs too.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { service } from "../../generated/s3/index.ts";
import type { Emulator } from "../../runtime/emulator.ts";
import { XmlCodec } from "../../runtime/protocols/rest-xml/xml.ts";
import type { MemberSchema, OperationSchema, ShapeSchema } from "../../runtime/schema.ts";
import { testEmulator } from "../support/emulator.ts";
import { send } from "../support/http.ts";
import { runTool, toolsPresent } from "../support/tools.ts";

type Rec = Record<string, unknown>;
const { shapes, operations } = service;
const BUCKET = "route-bucket";
const KEY = "dir/key.txt";
const xml = new XmlCodec(shapes);

/**
 * Hand-written hints: what a client sends to name an operation that the model's required
 * members do not tell apart from another one with the same method and path.
 */
const HINTS: Record<string, { query?: Record<string, string>; headers?: Record<string, string> }> = {
  // GET / is ListBuckets; ListDirectoryBuckets (S3 Express) is told by its own parameter
  ListDirectoryBuckets: { query: { "max-directory-buckets": "5" } },
};

/** A minimal value of a shape that satisfies its constraints (required members only). */
function minimal(key: string, m?: MemberSchema, depth = 0): unknown {
  const s: ShapeSchema = shapes[key];
  const min = m?.length?.min ?? s.length?.min ?? 0;
  switch (s.type) {
    case "structure": {
      const out: Rec = {};
      if (depth < 8) for (const [name, mm] of Object.entries(s.members ?? {})) if (mm.required) out[name] = minimal(mm.target, mm, depth + 1);
      return out;
    }
    case "union": {
      const [name, mm] = Object.entries(s.members ?? {})[0];
      return { [name]: minimal(mm.target, mm, depth + 1) };
    }
    case "list":
      // one item at least: an empty (flattened) list is absent on the wire
      return Array.from({ length: Math.max(1, min) }, () => minimal(s.member!.target, s.member, depth + 1));
    case "map":
      return {};
    case "enum":
      return s.values![0];
    case "intEnum":
      return s.values![0];
    case "string":
      return "v".repeat(Math.max(1, min));
    case "blob":
      return new Uint8Array(Math.max(0, min));
    case "boolean":
      return false;
    case "timestamp":
      return new Date(Date.UTC(2025, 0, 1));
    default: {
      // numbers
      const lo = m?.range?.min ?? s.range?.min;
      return lo !== undefined ? Math.max(lo, 1) : 1;
    }
  }
}

/** The text of a scalar in a query parameter or header. */
function scalarText(key: string, m: MemberSchema, name: string): string {
  if (name === "x-amz-copy-source") return "src-bucket/src%20key";
  if (name === "x-amz-rename-source") return `${BUCKET}/old-key`;
  const s = shapes[key];
  if (s.type === "list") return scalarText(s.member!.target, s.member!, "");
  const v = minimal(key, m);
  if (v instanceof Date) return v.toUTCString();
  return String(v);
}

interface Row {
  operation: string;
  method: string;
  /** path without the bucket (virtual-host style) */
  rest: string;
  /** whether the path starts with the {Bucket} label */
  bucketFirst: boolean;
  query: string[];
  headers: Record<string, string>;
  body?: string;
}

/** One row per operation, from its http trait and input shape. */
function rowOf(op: OperationSchema): Row {
  const http = op.http!;
  const q = http.uri.indexOf("?");
  const pathPattern = q < 0 ? http.uri : http.uri.slice(0, q);
  // the literal query, without x-id (boto3, the CLI and curl never send it)
  const query = (q < 0 ? "" : http.uri.slice(q + 1)).split("&").filter((p) => p && !p.startsWith("x-id="));
  const headers: Record<string, string> = {};
  const input = shapes[op.input];
  const bodyMembers: Rec = {};
  let body: string | undefined;
  for (const [name, m] of Object.entries(input?.members ?? {})) {
    if (!m.required) continue;
    // labels are in the path; a host label (WriteGetObjectResponse's RequestRoute) travels as its header too
    if (m.httpLabel || (m.hostLabel && !m.httpHeader)) continue;
    if (m.httpQuery) query.push(`${encodeURIComponent(m.httpQuery)}=${encodeURIComponent(scalarText(m.target, m, m.httpQuery))}`);
    else if (m.httpHeader) headers[m.httpHeader.toLowerCase()] = scalarText(m.target, m, m.httpHeader.toLowerCase());
    else if (m.httpPayload) {
      const t = shapes[m.target];
      if (t.type === "structure" || t.type === "union") {
        const out: string[] = [];
        xml.encode(m.target, minimal(m.target, m), m.xmlName ?? xml.rootName(m.target), "", out);
        body = out.join("");
      } else if (t.type === "string") body = "{}";
    } else bodyMembers[name] = minimal(m.target, m);
  }
  if (Object.keys(bodyMembers).length) {
    const out: string[] = [];
    xml.encode(op.input, bodyMembers, xml.rootName(op.input), "", out);
    body = out.join("");
  }
  const hint = HINTS[op.name];
  for (const [k, v] of Object.entries(hint?.query ?? {})) query.push(`${k}=${encodeURIComponent(v)}`);
  Object.assign(headers, hint?.headers ?? {});
  const bucketFirst = pathPattern.startsWith("/{Bucket}");
  const rest = pathPattern
    .replace(/^\/\{Bucket\}/, "")
    .replace(/\{Key\+\}/, KEY)
    .replace(/\{[^}]+\}/g, "x");
  return { operation: op.name, method: http.method, rest: rest || "/", bucketFirst, query, headers, body };
}

const rows = Object.values(operations)
  .filter((op) => op.http)
  .map(rowOf);

const { hasBoto3 } = await toolsPresent();
const calls: { op: string; input: Rec }[] = [];
let emu: Emulator;

async function drain(v: unknown): Promise<void> {
  if (v && typeof v === "object" && !(v instanceof Uint8Array) && Symbol.asyncIterator in v) for await (const _ of v as AsyncIterable<unknown>);
}

test.before(async () => {
  const handlers: Record<string, (input: Rec) => Promise<unknown>> = {};
  for (const name of Object.keys(operations)) {
    handlers[name] = async (input) => {
      for (const v of Object.values(input)) await drain(v);
      calls.push({ op: name, input });
      return {};
    };
  }
  emu = await testEmulator({ services: ["s3"], handlers: { s3: handlers } });
});

test.after(async () => {
  await emu.stop();
});

const SIGV4 = {
  authorization:
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
  "x-amz-date": "20250101T000000Z",
  "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
  "user-agent": "Boto3/1.40.0 md/Botocore#1.40.0 ua/2.1 os/linux lang/python#3.11",
};

type Style = "signed" | "unsigned" | "virtual-host";

async function reached(row: Row, style: Style): Promise<string> {
  const qs = row.query.length ? `?${row.query.join("&")}` : "";
  const path = style === "virtual-host" ? `${row.rest}${qs}` : `${row.bucketFirst ? `/${BUCKET}` : ""}${row.rest === "/" && row.bucketFirst ? "" : row.rest}${qs}`;
  const headers: Record<string, string> = { ...row.headers };
  if (style !== "unsigned") Object.assign(headers, SIGV4);
  if (style === "virtual-host") headers.host = `${BUCKET}.s3.localhost.test:${new URL(emu.url).port}`;
  if (row.body !== undefined) headers["content-type"] = "application/xml";
  calls.length = 0;
  const r = await send(new URL(emu.url).port as unknown as number, { method: row.method, path, headers, body: row.body ?? (row.method === "PUT" || row.method === "POST" ? "" : undefined) });
  const got = calls.map((c) => c.op).join(",");
  return got || `nothing (${r.status} ${r.body.replace(/^<\?xml[^>]*>\s*/, "").slice(0, 200)}) for ${row.method} ${path} ${JSON.stringify(row.headers)}`;
}

// first in this file: the emulator has answered nothing before it
test("twins are told apart from the very first request of a fresh emulator", async () => {
  const dir = rows.find((r) => r.operation === "ListDirectoryBuckets")!;
  assert.is(await reached({ ...dir, query: ["max-directory-buckets=5"] }, "unsigned"), "ListDirectoryBuckets");
});

test("the table covers every S3 operation of the model", () => {
  assert.is(rows.length, Object.keys(operations).length);
  assert.ok(rows.length > 100, `${rows.length} operations`);
  const names = new Set(rows.map((r) => r.operation));
  for (const op of Object.keys(operations)) assert.ok(names.has(op), op);
  for (const hinted of Object.keys(HINTS)) assert.ok(names.has(hinted), `hint for an unknown operation ${hinted}`);
});

for (const style of ["signed", "unsigned", "virtual-host"] as const) {
  test(`every operation is reached without x-id (${style})`, async () => {
    const wrong: string[] = [];
    let sent = 0;
    for (const row of rows) {
      if (style === "virtual-host" && !row.bucketFirst) continue;
      sent++;
      const got = await reached(row, style);
      if (got !== row.operation) wrong.push(`${row.operation}: reached ${got}`);
    }
    assert.ok(sent > 0);
    assert.equal(wrong, [], `${wrong.length} of ${sent} misrouted:\n${wrong.join("\n")}`);
  });
}

test("the operation gets the labels, query and headers of its row", async () => {
  const row = rows.find((r) => r.operation === "UploadPartCopy")!;
  await reached(row, "signed");
  const input = calls[0].input;
  assert.is(input.Bucket, BUCKET);
  assert.is(input.Key, KEY);
  assert.is(input.PartNumber, 1);
  assert.is(input.UploadId, "v");
  assert.is(input.CopySource, "src-bucket/src%20key");
});

test("twins: GET / is ListBuckets, with ListBuckets' own parameters too", async () => {
  const row = rows.find((r) => r.operation === "ListBuckets")!;
  for (const query of [[], ["max-buckets=5", "prefix=a"], ["continuation-token=t"]]) {
    assert.is(await reached({ ...row, query }, "signed"), "ListBuckets", query.join("&"));
  }
  const dir = rows.find((r) => r.operation === "ListDirectoryBuckets")!;
  assert.is(await reached({ ...dir, query: ["continuation-token=t", "max-directory-buckets=5"] }, "signed"), "ListDirectoryBuckets");
});

// botocore serializes each operation with minimal required parameters; the request is
// captured before it is sent (before-send) and printed as JSON.
const BOTOCORE_ROWS = `
import sys, json, datetime, base64, boto3
from botocore.config import Config
url, names = sys.argv[1], set(json.loads(sys.argv[2]))
s3 = boto3.client("s3", endpoint_url=url, config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))
model = s3.meta.service_model
methods = {v: k for k, v in s3.meta.method_to_api_mapping.items()}
class Captured(Exception):
    pass
def minimal(shape, name="", depth=0):
    t = shape.type_name
    if t == "structure":
        out = {}
        if depth < 8:
            for m in shape.required_members:
                out[m] = minimal(shape.members[m], m, depth + 1)
        if shape.metadata.get("union") and not out:
            m = list(shape.members)[0]
            out[m] = minimal(shape.members[m], m, depth + 1)
        return out
    if t == "list":
        return [minimal(shape.member, name, depth + 1)] * max(1, shape.metadata.get("min", 0))
    if t == "map":
        return {}
    if t == "string":
        if shape.enum:
            return shape.enum[0]
        return {"Bucket": "${BUCKET}", "Key": "${KEY}", "CopySource": "src-bucket/src-key", "RenameSource": "${BUCKET}/old"}.get(name, "v" * max(1, shape.metadata.get("min", 0)))
    if t in ("integer", "long"):
        return max(1, shape.metadata.get("min", 1))
    if t == "boolean":
        return False
    if t == "timestamp":
        return datetime.datetime(2025, 1, 1)
    if t == "blob":
        return b""
    return "v"
rows = []
def capture(request, **kw):
    body = request.body
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, str):
        body = body.encode()
    rows[-1].update({"method": request.method, "url": request.url, "body": base64.b64encode(body or b"").decode(),
        "headers": {k: (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}})
    raise Captured()
s3.meta.events.register("before-send", capture)
extra = {"ListDirectoryBuckets": {"MaxDirectoryBuckets": 5}}
for op in model.operation_names:
    if op not in names:
        continue
    shape = model.operation_model(op).input_shape
    params = minimal(shape) if shape else {}
    params.update(extra.get(op, {}))
    rows.append({"operation": op})
    try:
        getattr(s3, methods[op])(**params)
        rows[-1]["error"] = "no request was made"
    except Captured:
        pass
    except Exception as e:
        rows[-1]["error"] = repr(e)
print(json.dumps(rows))
`;

test("the requests botocore serializes reach their operations", async () => {
  if (!hasBoto3) return console.log("skipped: python3 with boto3 is not installed");
  const r = await runTool("python3", ["-c", BOTOCORE_ROWS, emu.url, JSON.stringify(Object.keys(operations))]);
  assert.is(r.status, 0, r.stderr);
  const captured: { operation: string; method?: string; url?: string; headers?: Record<string, string>; body?: string; error?: string }[] = JSON.parse(r.stdout.trim().split("\n").pop()!);
  const wrong: string[] = [];
  for (const c of captured) {
    if (c.error) {
      wrong.push(`${c.operation}: botocore made no request (${c.error})`);
      continue;
    }
    // botocore's URL as sent ("http://v.127.0.0.1:port/..." for a host prefix, which URL() refuses)
    const m = /^https?:\/\/([^/?]+)([^?]*)(\?.*)?$/.exec(c.url!)!;
    const u = { host: m[1], pathname: m[2] || "/", search: m[3] ?? "" };
    const headers: Record<string, string> = { ...c.headers!, host: u.host };
    delete headers["Content-Length"];
    calls.length = 0;
    const body = Buffer.from(c.body!, "base64");
    const res = await send(Number(new URL(emu.url).port), { method: c.method, path: u.pathname + u.search, headers, body: body.length || c.method === "PUT" || c.method === "POST" ? body : undefined });
    const got = calls.map((x) => x.op).join(",");
    if (got !== c.operation) wrong.push(`${c.operation}: ${c.method} ${u.host}${u.pathname}${u.search} reached ${got || `nothing (${res.status} ${res.body.replace(/^<\?xml[^>]*>\s*/, "").slice(0, 200)})`}`);
  }
  const missing = Object.keys(operations).filter((op) => !captured.some((c) => c.operation === op));
  console.log(`botocore: ${captured.length} operations serialized and replayed`);
  if (missing.length) console.log(`not in this botocore's model: ${missing.join(", ")}`);
  assert.ok(captured.length > 90, `${captured.length} operations captured`);
  assert.equal(wrong, [], `${wrong.length} of ${captured.length} misrouted:\n${wrong.join("\n")}`);
});

test.run();

// test-timeout: 600
// S3 uploads arrive byte-identical, whoever sends them: the latest JS SDK's PutObject with
// a stream body and ContentLength (aws-chunked with a CRC32 trailer), boto3's put_object
// and `aws s3api put-object --body file`, each at 0 B, 1 KiB, 10 MiB and 200 MiB. The
// emulator runs in a child process (test/support/s3-upload-server.ts) whose PutObject
// handler hashes the body as it streams in; the 200 MiB uploads must leave its peak RSS
// (VmHWM) under 150 MB. A corrupted checksum (header or trailer, x-amz-content-sha256,
// Content-MD5) is refused with S3's error. Skipped, with the reason printed, where
// python3/boto3 or aws is missing.
import * as S3 from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CREDENTIALS } from "../support/emulator.ts";
import { send } from "../support/http.ts";
import { runTool, toolsPresent } from "../support/tools.ts";

const MiB = 1024 * 1024;
const SIZES = [0, 1024, 10 * MiB, 200 * MiB];
const PEAK_LIMIT_KB = 150 * 1000; // 150 MB
const BUCKET = "upload-bucket";
const root = fileURLToPath(new URL("../..", import.meta.url));

const { hasBoto3, hasCli } = await toolsPresent();

// ---- deterministic data: 1 MiB blocks of a xorshift stream, each stamped with its index
const BASE = (() => {
  const words = new Uint32Array(MiB / 4);
  let x = 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return Buffer.from(words.buffer);
})();

function* blocks(size: number): Generator<Buffer> {
  for (let off = 0, i = 0; off < size; off += MiB, i++) {
    const b = Buffer.from(BASE.subarray(0, Math.min(MiB, size - off)));
    if (b.length >= 4) b.writeUInt32LE(i, 0);
    yield b;
  }
}

function sha256Of(size: number): string {
  const h = createHash("sha256");
  for (const b of blocks(size)) h.update(b);
  return h.digest("hex");
}

// ---- the emulator in a child process
interface Upload {
  key: string;
  size: number;
  sha256: string;
  crc32?: string;
  contentLength?: number;
}
let child: ChildProcess;
let url = "";
let port = 0;
const uploads = new Map<string, Upload>();
const failures = new Map<string, string>();
const waiters = new Set<() => void>();
let dir = "";
const files = new Map<number, { path: string; sha256: string }>();
const peaks: string[] = [];

function peakKb(): number {
  const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
  return m ? Number(m[1]) : NaN;
}
function rssKb(): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
  return m ? Number(m[1]) : NaN;
}

/** The handler's record of an upload (or of its failure), once its line arrives. */
function recordOf(key: string, ms = 60_000): Promise<Upload | { failed: string }> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const u = uploads.get(key);
      const f = failures.get(key);
      if (!u && f === undefined) return false;
      waiters.delete(check);
      clearTimeout(timer);
      resolve(u ?? { failed: f! });
      return true;
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`no record of ${key} from the emulator within ${ms / 1000} s`));
    }, ms);
    if (!check()) waiters.add(check);
  });
}

test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), "s3-uploads-"));
  for (const size of SIZES) {
    const path = join(dir, `data-${size}.bin`);
    const fd = openSync(path, "w");
    const h = createHash("sha256");
    for (const b of blocks(size)) {
      writeSync(fd, b);
      h.update(b);
    }
    closeSync(fd);
    files.set(size, { path, sha256: h.digest("hex") });
  }
  child = spawn(process.execPath, ["--import", "tsx", join(root, "test/support/s3-upload-server.ts")], {
    cwd: root,
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true" },
  });
  let pending = "";
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the emulator process did not start within 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`the emulator process exited with ${code}`)));
    child.stdout!.on("data", (c: Buffer) => {
      pending += c.toString("utf8");
      let nl: number;
      while ((nl = pending.indexOf("\n")) >= 0) {
        const text = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        let msg: { ready?: string; upload?: Upload; failed?: { key: string; code: string } };
        try {
          msg = JSON.parse(text);
        } catch {
          continue;
        }
        if (msg.ready) {
          clearTimeout(timer);
          resolve(msg.ready);
        }
        if (msg.upload) uploads.set(msg.upload.key, msg.upload);
        if (msg.failed) failures.set(msg.failed.key, msg.failed.code);
        for (const w of [...waiters]) w();
      }
    });
  });
  url = await ready;
  port = Number(new URL(url).port);
});

test.after(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.stdin!.end();
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (peaks.length) console.log(`emulator peak RSS (VmHWM): ${peaks.join("; ")}`);
});

function label(size: number): string {
  return size >= MiB ? `${size / MiB} MiB` : size >= 1024 ? `${size / 1024} KiB` : `${size} B`;
}

async function expectUpload(key: string, size: number, client: string, sha256 = files.get(size)?.sha256): Promise<Upload> {
  const rec = await recordOf(key);
  assert.ok(!("failed" in rec), `${client} ${label(size)}: the handler's read failed with ${(rec as { failed: string }).failed}`);
  const u = rec as Upload;
  assert.is(u.size, size, `${client} ${label(size)}: size`);
  assert.is(u.sha256, sha256, `${client} ${label(size)}: sha256`);
  if (process.env.TEST_PEAKS && size >= MiB) console.log(`${client} ${label(size)}: VmHWM ${peakKb()} kB, VmRSS ${rssKb()} kB`);
  if (size === 200 * MiB) {
    const peak = peakKb();
    peaks.push(`${client} 200 MiB ${Math.round(peak / 1000)} MB (RSS now ${Math.round(rssKb() / 1000)} MB)`);
    assert.ok(peak < PEAK_LIMIT_KB, `${client}: the emulator's peak RSS ${peak} kB is not under ${PEAK_LIMIT_KB} kB`);
  }
  return u;
}

function sdk(): S3.S3Client {
  return new S3.S3Client({
    endpoint: url,
    region: "us-east-1",
    credentials: CREDENTIALS,
    forcePathStyle: true,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 300_000 }),
  });
}

test("the emulator process starts small", () => {
  const peak = peakKb();
  peaks.unshift(`at start ${Math.round(peak / 1000)} MB`);
  assert.ok(peak < PEAK_LIMIT_KB, `${peak} kB`);
});

test("JS SDK PutObject, a Readable body with ContentLength (aws-chunked, CRC32 trailer)", async () => {
  const client = sdk();
  try {
    for (const size of SIZES) {
      const key = `js/${size}`;
      const out = await client.send(new S3.PutObjectCommand({ Bucket: BUCKET, Key: key, Body: Readable.from(blocks(size)), ContentLength: size }));
      assert.ok(out.ETag);
      const u = await expectUpload(key, size, "JS SDK");
      assert.is(u.contentLength, size);
      // the trailer's CRC32 reached the input (the SDK computed it over what it sent)
      assert.type(u.crc32, "string", `JS SDK ${label(size)}: CRC32 trailer`);
    }
  } finally {
    client.destroy();
  }
});

const BOTO3 = `
import sys, json, boto3
from botocore.config import Config
url, key, path = sys.argv[1:4]
s3 = boto3.client("s3", endpoint_url=url, config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}, read_timeout=300))
sent = {}
def capture(request, **kw):
    sent.update({k.lower(): (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()})
s3.meta.events.register("before-send.s3.PutObject", capture)
with open(path, "rb") as f:
    out = s3.put_object(Bucket="${BUCKET}", Key=key, Body=f)
print(json.dumps({"etag": out.get("ETag"), "encoding": sent.get("content-encoding"), "sha": sent.get("x-amz-content-sha256"), "trailer": sent.get("x-amz-trailer")}))
`;

test("boto3 put_object from a file", async () => {
  if (!hasBoto3) return console.log("skipped: python3 with boto3 is not installed");
  const seen: string[] = [];
  for (const size of SIZES) {
    const key = `boto3/${size}`;
    const r = await runTool("python3", ["-c", BOTO3, url, key, files.get(size)!.path]);
    assert.is(r.status, 0, `boto3 ${label(size)}: ${r.stderr}`);
    const sent = JSON.parse(r.stdout.trim().split("\n").pop()!);
    assert.ok(sent.etag);
    seen.push(`${label(size)} ${sent.sha}${sent.trailer ? ` trailer ${sent.trailer}` : ""}`);
    await expectUpload(key, size, "boto3");
  }
  console.log(`boto3 sent: ${seen.join("; ")}`);
});

test("aws s3api put-object --body file", async () => {
  if (!hasCli) return console.log("skipped: the aws CLI is not installed");
  for (const size of SIZES) {
    const key = `cli/${size}`;
    const r = await runTool("aws", ["--endpoint-url", url, "s3api", "put-object", "--bucket", BUCKET, "--key", key, "--body", files.get(size)!.path, "--output", "json"]);
    assert.is(r.status, 0, `aws ${label(size)}: ${r.stderr}`);
    assert.ok(JSON.parse(r.stdout).ETag);
    await expectUpload(key, size, "aws CLI");
  }
});

// ---- corrupted checksums

function errorCode(body: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
}

test("a wrong checksum header or trailer is refused with S3's error", async () => {
  const data = Buffer.concat([...blocks(100_000)]);
  const crc = (await import("../../runtime/protocols/aws-chunked/checksum.ts")).checksumOf("crc32", data);
  const chunked = (trailer: string) => Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from(`\r\n0\r\nx-amz-checksum-crc32:${trailer}\r\n\r\n`)]);
  const trailerHeaders = {
    "content-encoding": "aws-chunked",
    "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
    "x-amz-trailer": "x-amz-checksum-crc32",
    "x-amz-decoded-content-length": String(data.length),
  };
  const cases: { name: string; key: string; headers: Record<string, string>; body: Buffer; code: string; reached: boolean }[] = [
    { name: "right trailer", key: "bad/ok", headers: trailerHeaders, body: chunked(crc), code: "", reached: true },
    { name: "wrong CRC32 trailer", key: "bad/trailer", headers: trailerHeaders, body: chunked("AAAAAA=="), code: "BadDigest", reached: true },
    { name: "malformed CRC32 trailer", key: "bad/trailer-form", headers: trailerHeaders, body: chunked("nope"), code: "InvalidRequest", reached: true },
    { name: "wrong x-amz-checksum-crc32 header", key: "bad/header", headers: { "x-amz-checksum-crc32": "AAAAAA==" }, body: data, code: "BadDigest", reached: true },
    { name: "malformed x-amz-checksum-crc32 header", key: "bad/header-form", headers: { "x-amz-checksum-crc32": "AAAA" }, body: data, code: "InvalidRequest", reached: false },
    { name: "wrong x-amz-content-sha256", key: "bad/sha", headers: { "x-amz-content-sha256": "0".repeat(64) }, body: data, code: "XAmzContentSHA256Mismatch", reached: true },
    { name: "wrong Content-MD5", key: "bad/md5", headers: { "content-md5": createHash("md5").update("other").digest("base64") }, body: data, code: "BadDigest", reached: true },
    { name: "malformed Content-MD5", key: "bad/md5-form", headers: { "content-md5": "nope" }, body: data, code: "InvalidDigest", reached: false },
  ];
  for (const c of cases) {
    const r = await send(port, { method: "PUT", path: `/${BUCKET}/${c.key}`, headers: c.headers, body: c.body });
    if (!c.code) {
      assert.is(r.status, 200, `${c.name}: ${r.body}`);
      const u = await expectUpload(c.key, data.length, c.name, sha256Of(data.length));
      assert.is(u.crc32, crc);
      continue;
    }
    assert.is(r.status, 400, `${c.name}: ${r.status} ${r.body}`);
    assert.is(errorCode(r.body), c.code, `${c.name}: ${r.body}`);
    assert.match(r.body, /^<\?xml[^>]*>\n<Error><Code>/, c.name);
    assert.ok(r.headers["x-amz-request-id"], c.name);
    // the handler saw its read fail (or was never called), and stored nothing
    if (c.reached) assert.equal(await recordOf(c.key, 5_000), { failed: c.code }, c.name);
    assert.not.ok(uploads.has(c.key), c.name);
  }
});

test("a wrong checksum from the JS SDK and from boto3 is BadDigest to them", async () => {
  const client = sdk();
  try {
    await client.send(new S3.PutObjectCommand({ Bucket: BUCKET, Key: "bad/js", Body: Buffer.from("hello world"), ChecksumCRC32: "AAAAAA==" }));
    assert.unreachable("the upload was accepted");
  } catch (e) {
    assert.is((e as Error).name, "BadDigest", String(e));
    assert.is((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 400);
  } finally {
    client.destroy();
  }
  assert.not.ok(uploads.has("bad/js"));
  if (!hasBoto3) return console.log("skipped (boto3 part): python3 with boto3 is not installed");
  const code = `
import sys, json, boto3
from botocore.exceptions import ClientError
s3 = boto3.client("s3", endpoint_url=sys.argv[1])
try:
    s3.put_object(Bucket="${BUCKET}", Key="bad/boto3", Body=b"hello world", ChecksumCRC32="AAAAAA==")
    print(json.dumps({"code": None}))
except ClientError as e:
    print(json.dumps({"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}))
`;
  const r = await runTool("python3", ["-c", code, url]);
  assert.is(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout.trim().split("\n").pop()!), { code: "BadDigest", status: 400 });
  assert.not.ok(uploads.has("bad/boto3"));
});

test.run();

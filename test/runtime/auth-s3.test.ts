// --auth verify for S3 bodies and URLs as clients make them:
// - aws-chunked bodies signed chunk by chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD, and its
//   -TRAILER form), whose chunk signatures come from @smithy/signature-v4's own chained
//   signer: small bodies (read whole) and large ones (streamed to the handler); a changed
//   byte, a wrong, missing or reordered chunk signature and a wrong trailer signature refused.
// - presigned GET and PUT URLs from @aws-sdk/s3-request-presigner and from boto3 (SigV2 and
//   SigV4), fetched with curl, with auth verify and with auth off; in verify mode a
//   tampered one and an expired one (by the emulator clock) are refused.
// test-timeout: 180
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Emulator } from "../../runtime/emulator.ts";
import { testEmulator } from "../support/emulator.ts";
import { send } from "../support/http.ts";
import { runPython, runTool, toolEnv, toolsPresent } from "../support/tools.ts";

type Rec = Record<string, unknown>;

const GOOD = { accessKeyId: "AKIDGOOD", secretAccessKey: "good/secret+KEY" };
const WRONG = { accessKeyId: GOOD.accessKeyId, secretAccessKey: "not-the-secret" };
// the key boto3 and curl runs get from test/support/tools.ts
const TOOL_KEY = { accessKeyId: toolEnv().AWS_ACCESS_KEY_ID!, secretAccessKey: toolEnv().AWS_SECRET_ACCESS_KEY! };
const KEYS = { [GOOD.accessKeyId]: GOOD.secretAccessKey, [TOOL_KEY.accessKeyId]: TOOL_KEY.secretAccessKey };

/** Objects the S3 handlers of one emulator hold ("bucket/key" -> bytes), and failed uploads. */
interface Store {
  objects: Map<string, Buffer>;
  failed: string[];
}

/** PutObject reads the body as it comes (whole or streamed) and keeps it; GetObject returns it. */
function s3Handlers(store: Store) {
  return {
    s3: {
      PutObject: async (input: Rec) => {
        const parts: Buffer[] = [];
        try {
          if (input.Body instanceof Uint8Array) parts.push(Buffer.from(input.Body));
          else if (input.Body) for await (const c of input.Body as AsyncIterable<Uint8Array>) parts.push(Buffer.from(c));
        } catch (err) {
          store.failed.push(String(input.Key));
          throw err;
        }
        const data = Buffer.concat(parts);
        store.objects.set(`${input.Bucket}/${input.Key}`, data);
        return { ETag: `"${createHash("md5").update(data).digest("hex")}"` };
      },
      GetObject: async (input: Rec) => {
        const data = store.objects.get(`${input.Bucket}/${input.Key}`) ?? Buffer.alloc(0);
        return { Body: data, ContentLength: data.length, ETag: `"${createHash("md5").update(data).digest("hex")}"` };
      },
    },
  };
}

let emu: Emulator;
let off: Emulator;
const stored: Store = { objects: new Map(), failed: [] };
const storedOff: Store = { objects: new Map(), failed: [] };
let dir: string;

test.before(async () => {
  emu = await testEmulator({ auth: "verify", authKeys: KEYS, services: ["s3"], handlers: s3Handlers(stored) });
  off = await testEmulator({ services: ["s3"], handlers: s3Handlers(storedOff) });
  dir = mkdtempSync(join(tmpdir(), "auth-s3-"));
});
test.after(async () => {
  await emu?.stop();
  await off?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// --- bodies signed chunk by chunk ---

interface ChunkedPut {
  key: string;
  data: Buffer;
  chunkSize: number;
  /** STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER with a signed x-amz-checksum-crc32 trailer */
  trailer?: boolean;
  creds?: typeof GOOD;
  /** changes the signed pieces before they are framed */
  spoil?: (p: { chunks: Buffer[]; signatures: string[]; trailerSignature?: string }) => void;
}

/**
 * A PutObject with an aws-chunked body signed the way the Java SDK and the CLI-less clients
 * sign it: the headers with SigV4, then each chunk (and the trailers) chained from the seed.
 */
async function chunkedPut(target: Emulator, o: ChunkedPut) {
  const signingDate = new Date();
  const signer = new SignatureV4({ credentials: o.creds ?? GOOD, region: "us-east-1", service: "s3", sha256: Sha256, uriEscapePath: false });
  const mode = o.trailer ? "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" : "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
  const host = `127.0.0.1:${target.ports.edge}`;
  const headers: Record<string, string> = {
    host,
    "x-amz-content-sha256": mode,
    "content-encoding": "aws-chunked",
    "x-amz-decoded-content-length": String(o.data.length),
  };
  if (o.trailer) headers["x-amz-trailer"] = "x-amz-checksum-crc32";
  const path = `/bucket-one/${o.key}`;
  const signed = await signer.sign({ method: "PUT", protocol: "http:", hostname: "127.0.0.1", port: target.ports.edge, path, headers, query: {} }, { signingDate });
  const seed = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))![1];

  const chunks: Buffer[] = [];
  for (let i = 0; i < o.data.length; i += o.chunkSize) chunks.push(o.data.subarray(i, i + o.chunkSize));
  chunks.push(Buffer.alloc(0));
  const signatures: string[] = [];
  let prior = seed;
  for (const chunk of chunks) {
    prior = await signer.sign({ headers: new Uint8Array(0), payload: chunk }, { signingDate, priorSignature: prior });
    signatures.push(prior);
  }
  let trailerText = "";
  let trailerSignature: string | undefined;
  if (o.trailer) {
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc32(o.data));
    trailerText = `x-amz-checksum-crc32:${sum.toString("base64")}`;
    const longDate = String(signed.headers["x-amz-date"]);
    const scope = `${longDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
    const toSign = ["AWS4-HMAC-SHA256-TRAILER", longDate, scope, prior, createHash("sha256").update(`${trailerText}\n`).digest("hex")].join("\n");
    trailerSignature = await signer.sign(toSign, { signingDate });
  }
  const pieces = { chunks: chunks.map((c) => Buffer.from(c)), signatures, trailerSignature };
  o.spoil?.(pieces);
  const framed: Buffer[] = [];
  pieces.chunks.forEach((c, i) => {
    const sig = pieces.signatures[i] === "" ? "" : `;chunk-signature=${pieces.signatures[i]}`;
    framed.push(Buffer.from(`${c.length.toString(16)}${sig}\r\n`), c);
    if (c.length) framed.push(Buffer.from("\r\n"));
  });
  if (o.trailer) framed.push(Buffer.from(`${trailerText}\r\nx-amz-trailer-signature:${pieces.trailerSignature}\r\n`));
  framed.push(Buffer.from("\r\n"));
  const sent: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) sent[k] = String(v);
  return send(target.ports.edge, { method: "PUT", path, headers: sent, body: Buffer.concat(framed) });
}

const refusedWith = (r: { status: number; body: string }, code: string, what: string) => {
  assert.is(r.status, 403, `${what}: ${r.status} ${r.body}`);
  assert.match(r.body, `<Code>${code}</Code>`, what);
};

const flip = (b: Buffer, at: number) => {
  b[at] ^= 0x01;
};
const otherSignature = (s: string) => (s[0] === "0" ? "1" : "0") + s.slice(1);

for (const size of [
  { name: "1 KiB in 3 chunks, read whole", bytes: 1024, chunkSize: 400 },
  { name: "300 KiB in 64 KiB chunks, streamed", bytes: 300 * 1024, chunkSize: 64 * 1024 },
]) {
  for (const trailer of [false, true]) {
    const form = trailer ? "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" : "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    test(`signed chunks (${form}), ${size.name}: good ones stored; changed data and bad chunk signatures refused`, async () => {
      const data = randomBytes(size.bytes);
      const tag = `${size.bytes}-${trailer ? "t" : "p"}`;
      const base = { data, chunkSize: size.chunkSize, trailer };

      const good = await chunkedPut(emu, { ...base, key: `good-${tag}` });
      assert.is(good.status, 200, good.body);
      assert.ok(stored.objects.get(`bucket-one/good-${tag}`)?.equals(data), "the object arrives byte-identical");

      const last = Math.ceil(size.bytes / size.chunkSize) - 1;
      const bad: [string, ChunkedPut["spoil"]][] = [
        ["a changed byte in the last data chunk", (p) => flip(p.chunks[last], 7)],
        ["a changed byte in the first chunk", (p) => flip(p.chunks[0], 0)],
        ["a wrong signature on the second chunk", (p) => (p.signatures[1] = otherSignature(p.signatures[1]))],
        ["a wrong signature on the final empty chunk", (p) => (p.signatures[last + 1] = otherSignature(p.signatures[last + 1]))],
        ["a chunk without its signature", (p) => (p.signatures[1] = "")],
        ["two chunks' signatures swapped", (p) => ([p.signatures[0], p.signatures[1]] = [p.signatures[1], p.signatures[0]])],
      ];
      if (trailer) bad.push(["a wrong trailer signature", (p) => (p.trailerSignature = otherSignature(p.trailerSignature!))]);
      for (const [what, spoil] of bad) {
        const key = `bad-${tag}-${what.replace(/\W+/g, "-")}`;
        const r = await chunkedPut(emu, { ...base, key, spoil });
        refusedWith(r, "SignatureDoesNotMatch", what);
        assert.match(r.body, "<StringToSign>AWS4-HMAC-SHA256-", what);
        assert.not.ok(stored.objects.has(`bucket-one/${key}`), `${what}: nothing is stored`);
      }
      const wrongSecret = await chunkedPut(emu, { ...base, key: `wrong-${tag}`, creds: WRONG });
      refusedWith(wrongSecret, "SignatureDoesNotMatch", "the seed signed with another secret");

      // with auth off the same framing is decoded and the signatures are not looked at
      const unchecked = await chunkedPut(off, { ...base, key: `off-${tag}`, spoil: (p) => (p.signatures[1] = otherSignature(p.signatures[1])) });
      assert.is(unchecked.status, 200, unchecked.body);
      assert.ok(storedOff.objects.get(`bucket-one/off-${tag}`)?.equals(data));
    });
  }
}

// --- presigned URLs, fetched with curl ---

const tools = toolsPresent();
const curlPresent = runTool("curl", ["--version"]).then((r) => r.status === 0);

interface Fetched {
  status: number;
  body: Buffer;
}

/** curl GET (the body) or PUT (-T file: no Content-Type, as people upload to presigned URLs). */
async function curl(method: "GET" | "PUT", url: string, upload?: Buffer): Promise<Fetched> {
  const out = join(dir, `out-${randomBytes(6).toString("hex")}`);
  const args = ["-sS", "-g", "--max-time", "30", "-o", out, "-w", "%{http_code}"];
  if (method === "PUT") {
    const file = join(dir, `in-${randomBytes(6).toString("hex")}`);
    writeFileSync(file, upload ?? Buffer.alloc(0));
    args.push("-T", file);
  }
  const r = await runTool("curl", [...args, url]);
  assert.is(r.status, 0, `curl ${method} ${url}: ${r.stderr}`);
  let body = Buffer.alloc(0);
  try {
    body = readFileSync(out);
  } catch {
    // no body
  }
  return { status: Number(r.stdout), body };
}

/** Presigned GET and PUT URLs for one key from the JS presigner and from boto3 (SigV2, SigV4). */
async function presignedUrls(target: Emulator, key: string, expiresIn: number, boto3: boolean): Promise<Record<string, { get: string; put: string }>> {
  const client = new S3Client({ endpoint: target.url, region: "us-east-1", forcePathStyle: true, credentials: TOOL_KEY });
  const urls: Record<string, { get: string; put: string }> = {
    "JS presigner": {
      get: await getSignedUrl(client, new GetObjectCommand({ Bucket: "bucket-one", Key: `js-${key}` }), { expiresIn }),
      put: await getSignedUrl(client, new PutObjectCommand({ Bucket: "bucket-one", Key: `js-${key}` }), { expiresIn }),
    },
  };
  client.destroy();
  if (!boto3) return urls;
  const py = String.raw`
import json, sys
import boto3
from botocore.config import Config
out = {}
for name, version in (("v2", "s3"), ("v4", "s3v4")):
    s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1", config=Config(signature_version=version, s3={"addressing_style": "path"}))
    k = name + "-" + ${JSON.stringify(key)}
    out["boto3 " + name] = {m: s3.generate_presigned_url(op, Params={"Bucket": "bucket-one", "Key": k}, ExpiresIn=${expiresIn}) for m, op in (("get", "get_object"), ("put", "put_object"))}
print(json.dumps(out))
`;
  return { ...urls, ...(await runPython(py, target.url)) };
}

test("presigned GET and PUT from the JS presigner and boto3 (SigV2, SigV4) work with curl; tampered and expired ones are refused", async () => {
  if (!(await curlPresent)) {
    console.log("# presigned URLs with curl skipped: curl is not installed");
    return;
  }
  const { hasBoto3 } = await tools;
  if (!hasBoto3) console.log("# boto3 is not installed: only the JS presigner's URLs are fetched");
  const key = "dir/a key+x (1).txt";
  for (const [target, store, verify] of [
    [emu, stored, true],
    [off, storedOff, false],
  ] as const) {
    const urls = await presignedUrls(target, key, 60, hasBoto3);
    if (hasBoto3) assert.equal(Object.keys(urls).sort(), ["JS presigner", "boto3 v2", "boto3 v4"]);
    assert.match(urls["JS presigner"].put, "X-Amz-Signature=");
    if (hasBoto3) assert.match(urls["boto3 v2"].put, "AWSAccessKeyId=");
    for (const [signer, u] of Object.entries(urls)) {
      const what = `${signer}${verify ? "" : " (auth off)"}`;
      const data = randomBytes(100 * 1024);
      const put = await curl("PUT", u.put, data);
      assert.is(put.status, 200, `${what} PUT: ${put.body}`);
      const prefix = signer === "JS presigner" ? "js" : signer.slice(-2);
      assert.ok(store.objects.get(`bucket-one/${prefix}-${key}`)?.equals(data), `${what}: the object arrives as sent`);
      const get = await curl("GET", u.get);
      assert.is(get.status, 200, `${what} GET`);
      assert.ok(get.body.equals(data), `${what}: GET returns the bytes`);
      if (!verify) continue;

      // another key, or another query value, than the one signed
      const tamperedKey = u.get.replace("a%20key", "b%20key");
      assert.is.not(tamperedKey, u.get);
      const t = await curl("GET", tamperedKey);
      assert.is(t.status, 403, `${what}: tampered key`);
      assert.match(t.body.toString(), "<Code>SignatureDoesNotMatch</Code>");
      const tamperedPut = await curl("PUT", u.put.replace("a%20key", "c%20key"), data);
      assert.is(tamperedPut.status, 403, `${what}: tampered PUT`);
      assert.not.ok(store.objects.has(`bucket-one/${prefix}-dir/c key+x (1).txt`));
    }
    if (!verify) continue;
    // past the expiry by the emulator's clock: every URL is refused
    target.clock.advance(61_000);
    for (const [signer, u] of Object.entries(urls)) {
      for (const [method, url] of [
        ["GET", u.get],
        ["PUT", u.put],
      ] as const) {
        const r = await curl(method, url, Buffer.from("late"));
        assert.is(r.status, 403, `${signer} ${method} after expiry`);
        assert.match(r.body.toString(), "<Code>AccessDenied</Code>");
        assert.match(r.body.toString(), "<Message>Request has expired</Message>");
      }
    }
  }
});

test.run();

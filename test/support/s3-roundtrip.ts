// What the S3 round trip (test/protocol/roundtrip-s3.test.ts) needs besides the shared
// harness: synthesizer overrides for values S3's wire limits, inputs made consistent with
// themselves before they are sent (real digests of the body the SDK serializes, blob
// lengths, SSE-C key MD5s), streaming blobs read into bytes on both sides, outputs S3 always
// answers with (GetObject's checksums and length of its body, the copy result elements), a
// client whose DNS lookup answers 127.0.0.1 for any name (WriteGetObjectResponse's host
// prefix), and the names HEAD errors arrive with (no body: the SDK names them by status).
import { createHash } from "node:crypto";
import { Agent, type AgentOptions } from "node:http";
import { Crc32, Crc32c, Crc64Nvme } from "@aws-sdk/checksums/crc";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { checksumOf } from "../../runtime/protocols/aws-chunked/checksum.ts";
import type { OperationSchema, ServiceModule } from "../../runtime/schema.ts";
import type { RoundTripOptions, SerializedRequest } from "./roundtrip.ts";
import type { OverrideTable, Rng } from "./synth.ts";

type Rec = Record<string, unknown>;

async function bytesOf(v: unknown): Promise<unknown> {
  if (v && typeof (v as { transformToByteArray?: unknown }).transformToByteArray === "function") {
    return new Uint8Array(await (v as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  }
  if (v && !(v instanceof Uint8Array) && typeof (v as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === "function") {
    const parts: Uint8Array[] = [];
    for await (const c of v as AsyncIterable<Uint8Array>) parts.push(c);
    return new Uint8Array(Buffer.concat(parts));
  }
  return v;
}

async function readBlobs(value: Rec): Promise<Rec> {
  const out: Rec = { ...value };
  for (const k of ["Body"]) if (k in out) out[k] = await bytesOf(out[k]);
  return out;
}

const LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
const lower = (rng: Rng, n: number) => Array.from({ length: n }, () => LOWER[Math.floor(rng() * LOWER.length)]).join("");

/** base64 of 32 bytes: an AES-256 key, which the SDK's SSE-C middleware passes on as it is */
const sseCustomerKey = {
  reason:
    "an SSE-C key is 32 bytes in base64: any other string the SDK (middleware-ssec) takes as raw key text and " +
    "base64-encodes before sending, so a synthesized string would not arrive as it was given",
  value: (rng: Rng) => Buffer.from(Array.from({ length: 32 }, () => Math.floor(rng() * 256))).toString("base64"),
};

export const S3_OVERRIDES: OverrideTable = {
  BucketName: {
    reason: "buckets in the round trip are plain DNS names (the SDK refuses a '/' in a bucket name)",
    value: (rng) => `bucket-${Math.floor(rng() * 1e6)}`,
  },
  SSECustomerKey: sseCustomerKey,
  CopySourceSSECustomerKey: sseCustomerKey,
  Metadata$key: {
    reason:
      "a metadata key is the rest of an x-amz-meta-* header name, and header names are case-insensitive: " +
      "HTTP servers (Node's among them) and S3 give them in lower case, so only a lower-case key travels unchanged",
    value: (rng) => `meta-${lower(rng, 4 + Math.floor(rng() * 8))}`,
  },
  RequestRoute: {
    reason:
      "WriteGetObjectResponse's RequestRoute is the first label of the host name ({RequestRoute}. host prefix), " +
      "which the SDK requires to match /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/ (real routes look like io-1a2b3c)",
    value: (rng) => `io-${lower(rng, 6)}`,
  },
};

/** The digest each checksum header carries, by the SDK's own implementations (not the emulator's). */
const DIGESTS: Readonly<Record<string, (data: Uint8Array) => Promise<string>>> = {
  "content-md5": async (d) => createHash("md5").update(d).digest("base64"),
  "x-amz-checksum-sha1": async (d) => createHash("sha1").update(d).digest("base64"),
  "x-amz-checksum-sha256": async (d) => createHash("sha256").update(d).digest("base64"),
  "x-amz-checksum-crc32": (d) => crc(new Crc32(), d),
  "x-amz-checksum-crc32c": (d) => crc(new Crc32c(), d),
  "x-amz-checksum-crc64nvme": (d) => crc(new Crc64Nvme(), d),
};

async function crc(c: { update(d: Uint8Array): void; digest(): Promise<Uint8Array> }, d: Uint8Array): Promise<string> {
  c.update(d);
  return Buffer.from(await c.digest()).toString("base64");
}

function bodyBytes(req: SerializedRequest): Uint8Array {
  const b = req.body;
  if (b === undefined || b === null) return new Uint8Array(0);
  if (typeof b === "string") return Buffer.from(b, "utf8");
  if (b instanceof Uint8Array) return b;
  throw new Error(`${req.method} ${req.path}: the serialized body is a ${(b as object).constructor?.name}, not bytes`);
}

/**
 * Operations whose x-amz-checksum-* headers are not digests of the request's body:
 * CompleteMultipartUpload's carry the checksum of the whole object (its parts combined).
 * They get well-formed digests of bytes standing for that object.
 */
const OBJECT_CHECKSUMS = new Set(["CompleteMultipartUpload"]);

const SSEC_KEYS = [
  ["SSECustomerKey", "SSECustomerKeyMD5"],
  ["CopySourceSSECustomerKey", "CopySourceSSECustomerKeyMD5"],
] as const;

/** Rewrites a synthesized input so that S3 (and the SDK) take it as it is. */
async function prepareInput(mod: ServiceModule, op: OperationSchema, input: Rec, serialize: (input: Rec) => Promise<SerializedRequest>) {
  const members = mod.shapes[op.input].members ?? {};
  // SSE-C: the key's MD5, as the SDK computes it (it fills the member in when it is absent)
  for (const [key, md5] of SSEC_KEYS) {
    if (typeof input[key] === "string" && md5 in members) {
      input[md5] = createHash("md5").update(Buffer.from(input[key] as string, "base64")).digest("base64");
    }
  }
  // a blob payload's length is its Content-Length: another number leaves the server waiting for more
  if ("ContentLength" in input && members.Body?.httpPayload) {
    const body = input.Body;
    input.ContentLength = body instanceof Uint8Array ? body.length : typeof body === "string" ? Buffer.byteLength(body) : 0;
  }
  // Content-MD5 and x-amz-checksum-*: the digests of the body the SDK serializes
  const digests = Object.entries(members).filter(([name, m]) => name in input && m.httpHeader && DIGESTS[m.httpHeader.toLowerCase()]);
  if (digests.length === 0) return;
  let data: Uint8Array;
  if (OBJECT_CHECKSUMS.has(op.name)) data = Buffer.from(`the object of upload ${String(input.UploadId)}`);
  else data = bodyBytes(await serialize(input));
  for (const [name, m] of digests) input[name] = await DIGESTS[m.httpHeader!.toLowerCase()](data);
}

/**
 * The name the SDK gives an error that has no body (an answer to HEAD): its rest-xml
 * protocol (loadRestXmlErrorCode in @aws-sdk/core) calls a 404 "NotFound" and any other
 * status "Unknown".
 */
function bodilessErrorName(status: number): string {
  return status === 404 ? "NotFound" : "Unknown";
}

/** a lookup that answers 127.0.0.1 for any name: `{RequestRoute}.127.0.0.1` reaches the emulator */
const loopback: NonNullable<AgentOptions["lookup"]> = (_host, options, callback) => {
  const cb = callback as (err: Error | null, address: string | { address: string; family: number }[], family?: number) => void;
  if ((options as { all?: boolean }).all) cb(null, [{ address: "127.0.0.1", family: 4 }]);
  else cb(null, "127.0.0.1", 4);
};

/**
 * The client's logger: warnings to the console, except the SDK's guess that a PutObject
 * without Content-Length streams a body of unknown length (middleware-sdk-s3,
 * checkContentLengthHeader), which every case without a Body makes it print. Errors are
 * not logged (the SDK's logger middleware logs every failed call, and the error cases fail
 * on purpose): the harness reports what it did not expect.
 */
const logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith("Are you using a Stream of unknown length")) return;
    console.warn(...args);
  },
  error: () => {},
};

export function s3Options(mod: ServiceModule): RoundTripOptions {
  const head = new Set(Object.values(mod.operations).filter((o) => o.http?.method === "HEAD").map((o) => o.name));
  return {
    clientConfig: {
      forcePathStyle: true,
      logger,
      requestHandler: new NodeHttpHandler({
        httpAgent: new Agent({ keepAlive: true, lookup: loopback }),
        connectionTimeout: 5_000,
        requestTimeout: 30_000,
      }),
    },
    overrides: S3_OVERRIDES,
    prepareInput: (op, input, serialize) => prepareInput(mod, op, input, serialize),
    recordInput: (_op, input) => readBlobs(input),
    decodeOutput: (_op, output) => readBlobs(output),
    fixOutput: (op, output) => {
      // S3 always answers a copy with its result element: an empty 200 is what the SDK takes
      // for a copy that failed after its status was sent (middleware-sdk-s3, throw-200-exceptions)
      if (op === "CopyObject") output.CopyObjectResult ??= {};
      if (op === "UploadPartCopy") output.CopyPartResult ??= {};
      if (op !== "GetObject") return;
      const body = output.Body instanceof Uint8Array ? output.Body : new Uint8Array(0);
      // Content-Length is the length of the body sent
      if ("ContentLength" in output) output.ContentLength = body.length;
      const sums: Record<string, Parameters<typeof checksumOf>[0]> = {
        ChecksumCRC32: "crc32",
        ChecksumCRC32C: "crc32c",
        ChecksumCRC64NVME: "crc64nvme",
        ChecksumSHA1: "sha1",
        ChecksumSHA256: "sha256",
      };
      for (const [member, alg] of Object.entries(sums)) if (member in output) output[member] = checksumOf(alg, body);
      // the checksum of a whole object, not of parts
      if ("ChecksumType" in output) output.ChecksumType = "FULL_OBJECT";
    },
    statusErrorName: (op, errorKey) => (head.has(op) ? bodilessErrorName(mod.errors[errorKey]?.info.status ?? 400) : undefined),
  };
}

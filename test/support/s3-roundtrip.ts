// What the S3 round trip (test/protocol/roundtrip-s3.test.ts) needs besides the shared
// harness: synthesizer overrides for values S3's wire limits, streaming blobs read into
// bytes on both sides, GetObject outputs whose checksums are those of their body, and the
// names HEAD errors arrive with (no body: the SDK names them by status).
import { checksumOf } from "../../runtime/protocols/aws-chunked/checksum.ts";
import type { RoundTripOptions } from "./roundtrip.ts";
import type { OverrideTable } from "./synth.ts";

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

const STATUS_NAMES: Record<number, string> = { 400: "BadRequest", 403: "Forbidden", 404: "NotFound", 405: "MethodNotAllowed" };

export const S3_OVERRIDES: OverrideTable = {
  BucketName: {
    reason: "buckets in the round trip are plain DNS names (the SDK refuses a '/' in a bucket name)",
    value: (rng) => `bucket-${Math.floor(rng() * 1e6)}`,
  },
};

export function s3Options(statusOf: (errorKey: string) => number, headOperations: ReadonlySet<string>): RoundTripOptions {
  return {
    clientConfig: { forcePathStyle: true },
    overrides: S3_OVERRIDES,
    recordInput: (_op, input) => readBlobs(input),
    decodeOutput: (_op, output) => readBlobs(output),
    fixOutput: (op, output) => {
      if (op !== "GetObject") return;
      const body = output.Body instanceof Uint8Array ? output.Body : new Uint8Array(0);
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
    statusErrorName: (op, errorKey) => (headOperations.has(op) ? (STATUS_NAMES[statusOf(errorKey)] ?? String(statusOf(errorKey))) : undefined),
  };
}

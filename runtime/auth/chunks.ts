// `--auth verify` for bodies signed chunk by chunk (x-amz-content-sha256
// STREAMING-AWS4-HMAC-SHA256-PAYLOAD and its -TRAILER form): every chunk-signature chains
// from the one before it, starting with the Authorization header's seed signature; the
// trailers, when the form has them, are signed last (x-amz-trailer-signature), chained from
// the final empty chunk's signature. The verifier hangs one of these on the request as its
// chunk observer; the aws-chunked decoder calls it as the body is read, so a streamed body
// is checked as it arrives and the failure reaches whoever reads it.
import { createHash, type Hash } from "node:crypto";
import type { ChunkObserver } from "../protocols/aws-chunked/index.ts";
import type { ServiceError } from "../errors.ts";
import { hmacHex, sameText, sha256Hex } from "./sigv4.ts";

/** What a seed-verified request's chunk signatures chain from. */
export interface StreamingSeed {
  accessKeyId: string;
  signingKey: Uint8Array;
  /** date/region/service/aws4_request */
  scope: string;
  longDate: string;
  seedSignature: string;
  /** the body ends with trailers signed with x-amz-trailer-signature */
  signedTrailer: boolean;
}

/** The family's error for a chunk or trailer signature that is missing or wrong. */
export type ChunkRefusal = (accessKeyId: string, provided: string, stringToSign: string) => ServiceError;

const EMPTY_SHA256 = sha256Hex("");

export class ChunkSignatureCheck implements ChunkObserver {
  private previous: string;
  private provided = "";
  private hash: Hash | undefined;

  constructor(
    private readonly seed: StreamingSeed,
    private readonly refuse: ChunkRefusal,
  ) {
    this.previous = seed.seedSignature;
  }

  chunk(_size: number, signature: string | undefined): void {
    this.provided = signature ?? "";
    this.hash = createHash("sha256");
  }

  data(bytes: Uint8Array): void {
    this.hash!.update(bytes);
  }

  chunkEnd(): void {
    const toSign = ["AWS4-HMAC-SHA256-PAYLOAD", this.seed.longDate, this.seed.scope, this.previous, EMPTY_SHA256, this.hash!.digest("hex")].join("\n");
    this.check(toSign);
  }

  trailers(trailers: Record<string, string>, signature: string | undefined): void {
    if (!this.seed.signedTrailer) return;
    this.provided = signature ?? "";
    // each trailer as name:value and a newline, in the order sent
    const text = Object.entries(trailers)
      .map(([name, value]) => `${name}:${value}\n`)
      .join("");
    this.check(["AWS4-HMAC-SHA256-TRAILER", this.seed.longDate, this.seed.scope, this.previous, sha256Hex(text)].join("\n"));
  }

  private check(toSign: string): void {
    const expected = hmacHex(this.seed.signingKey, toSign);
    if (!this.provided || !sameText(expected, this.provided.toLowerCase())) throw this.refuse(this.seed.accessKeyId, this.provided, toSign);
    this.previous = this.provided;
  }
}

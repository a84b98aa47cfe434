// SigV4's canonical request, string to sign and signing key, from @smithy/signature-v4
// (the SDK's own signer): the verifier hands it the received request restricted to the
// headers the client says it signed, and compares signatures. Loaded on first use, so the
// emulator only needs the package in `--auth verify` mode.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { HttpRequest, SourceData } from "@smithy/types";

type SignerModule = typeof import("@smithy/signature-v4");

const toBuffer = (data: SourceData): Buffer =>
  typeof data === "string" ? Buffer.from(data, "utf8") : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

/** SHA-256 (and HMAC-SHA256 when given a secret) in the shape @smithy/signature-v4 takes. */
class Sha256 {
  private readonly hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", toBuffer(secret));
  }
  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

export const sha256Hex = (data: Buffer | string): string => createHash("sha256").update(data).digest("hex");
export const hmacHex = (key: Uint8Array, data: string): string => createHmac("sha256", key).update(data, "utf8").digest("hex");

/** Compares two signatures in constant time. */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The parts of a request SigV4 signs: its path as received, its query decoded, the signed headers. */
export interface SignedParts {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** only the headers named in SignedHeaders, with their received values */
  headers: Record<string, string>;
}

export interface Canonicalizer {
  /** `escapePath`: encode the path once more (every service but S3) */
  canonicalRequest(parts: SignedParts, payloadHash: string, escapePath: boolean): string;
  stringToSign(longDate: string, scope: string, canonicalRequest: string): Promise<string>;
  signingKey(accessKeyId: string, secret: string, shortDate: string, region: string, service: string): Promise<Uint8Array>;
}

let loading: Promise<Canonicalizer> | undefined;

/** The canonicalizer, made once the signer package has loaded. */
export function canonicalizer(): Promise<Canonicalizer> {
  loading ??= import("@smithy/signature-v4").then(make, (err) => {
    loading = undefined;
    throw new Error(`--auth verify needs the package @smithy/signature-v4: ${(err as Error).message}`);
  });
  return loading;
}

function make(mod: SignerModule): Canonicalizer {
  // The base class's canonical request (path escaping and normalisation, query encoding and
  // order, header formatting) and string to sign are protected: reached through a subclass.
  class Canon extends mod.SignatureV4Base {
    constructor(escapePath: boolean) {
      super({ service: "-", region: "-", credentials: { accessKeyId: "-", secretAccessKey: "-" }, sha256: Sha256, uriEscapePath: escapePath });
    }
    request(parts: SignedParts, payloadHash: string): string {
      const req = { method: parts.method, protocol: "http:", hostname: "", path: parts.path, query: parts.query, headers: parts.headers } as unknown as HttpRequest;
      const names = new Set(Object.keys(parts.headers));
      // only the signed headers are given, and every one of them is kept (even those the
      // SDK would never sign itself)
      const canonicalHeaders = mod.getCanonicalHeaders(req, new Set(), names);
      return this.createCanonicalRequest(req, canonicalHeaders, payloadHash);
    }
    toSign(longDate: string, scope: string, canonical: string): Promise<string> {
      return this.createStringToSign(longDate, scope, canonical, mod.ALGORITHM_IDENTIFIER);
    }
  }
  const escaping = new Canon(true);
  const plain = new Canon(false);
  return {
    canonicalRequest: (parts, payloadHash, escapePath) => (escapePath ? escaping : plain).request(parts, payloadHash),
    stringToSign: (longDate, scope, canonical) => escaping.toSign(longDate, scope, canonical),
    signingKey: (accessKeyId, secretAccessKey, shortDate, region, service) =>
      mod.getSigningKey(Sha256, { accessKeyId, secretAccessKey }, shortDate, region, service),
  };
}

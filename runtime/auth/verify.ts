// `--auth verify`: checks a request's signature against the configured access keys.
//
// - SigV4 in the Authorization header: the canonical request over the headers the client
//   signed; the request time (x-amz-date or Date) within 15 minutes of the WALL clock;
//   x-amz-content-sha256, when it is a hash, against the body's SHA-256.
// - SigV4 presigned URLs (X-Amz-*): expiry (X-Amz-Date + X-Amz-Expires) by the EMULATOR
//   clock, so tests advance time instead of waiting.
// - SigV2 (HMAC-SHA1, S3's string to sign) in the Authorization header (`AWS AKID:sig`) and
//   presigned (AWSAccessKeyId, Signature, Expires; Expires by the emulator clock).
// Failures are thrown as ServiceErrors of the protocol family (errors.ts), which the
// protocol's serializeError writes.
//
// - Bodies signed chunk by chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]): the seed
//   signature here; each chunk's and the trailer's as the body is decoded (chunks.ts).
import { createHmac } from "node:crypto";
import type { WireRequest } from "../protocols/types.ts";
import { AuthRefusal, type AuthFailure, type AuthFamily, authError, PAYLOAD_MARKERS } from "./errors.ts";
import { ChunkSignatureCheck } from "./chunks.ts";
import { canonicalizer, hmacHex, sameText, sha256Hex, type SignedParts } from "./sigv4.ts";

export const MAX_SKEW_MS = 15 * 60_000;
/** longest X-Amz-Expires of a SigV4 presigned URL: one week */
const MAX_PRESIGN_S = 604_800;
const ALGORITHM = "AWS4-HMAC-SHA256";
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const refuse = (f: AuthFailure): never => {
  throw new AuthRefusal(f);
};

function header(req: WireRequest, name: string): string | undefined {
  const v = req.headers[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(",") : v;
}

/** 20150830T123600Z -> epoch ms (NaN when it is not one) */
function parseAmzDate(s: string): number {
  const m = AMZ_DATE.exec(s);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

interface Query {
  /** decoded values; a repeated key has an array */
  all: Record<string, string | string[]>;
  get(name: string): string | undefined;
}

function parseQuery(url: string): Query {
  const all: Record<string, string | string[]> = Object.create(null);
  const q = url.indexOf("?");
  if (q >= 0) {
    for (const pair of url.slice(q + 1).split("&")) {
      if (!pair) continue;
      const eq = pair.indexOf("=");
      const k = decode(eq < 0 ? pair : pair.slice(0, eq));
      const v = eq < 0 ? "" : decode(pair.slice(eq + 1));
      const prev = all[k];
      all[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
  }
  return {
    all,
    get(name) {
      const v = all[name];
      return Array.isArray(v) ? v[0] : v;
    },
  };
}

const pathOf = (url: string) => {
  const q = url.indexOf("?");
  return q < 0 ? url : url.slice(0, q);
};

export class AuthVerifier {
  private readonly keys: ReadonlyMap<string, string>;

  /** `wallNow`: the wall clock for skew checks (tests may replace it) */
  constructor(
    keys: Readonly<Record<string, string>>,
    private readonly wallNow: () => number = Date.now,
  ) {
    this.keys = new Map(Object.entries(keys));
  }

  /**
   * Verifies `req`, throwing the family's ServiceError when it is refused. `clockNow` is
   * the emulator clock (presigned URL expiry).
   */
  async verify(req: WireRequest, family: AuthFamily, clockNow: number): Promise<void> {
    try {
      await this.check(req, family, clockNow);
    } catch (err) {
      if (err instanceof AuthRefusal) throw authError(err.failure, family);
      throw err;
    }
  }

  private secretOf(accessKeyId: string): string {
    const secret = this.keys.get(accessKeyId);
    return secret ?? refuse({ kind: "unknownKey", accessKeyId });
  }

  private async check(req: WireRequest, family: AuthFamily, clockNow: number): Promise<void> {
    const auth = header(req, "authorization");
    if (auth !== undefined) {
      if (auth.startsWith(`${ALGORITHM} `)) return this.sigv4Header(req, auth, family);
      if (auth.startsWith("AWS ")) return this.sigv2Header(req, auth);
      refuse({ kind: "malformed", presigned: false, detail: "Unsupported Authorization Type" });
    }
    const query = parseQuery(req.url);
    if (query.get("X-Amz-Signature") !== undefined || query.get("X-Amz-Credential") !== undefined || query.get("X-Amz-Algorithm") !== undefined) {
      return this.sigv4Query(req, query, family, clockNow);
    }
    if (query.get("Signature") !== undefined && query.get("AWSAccessKeyId") !== undefined) return this.sigv2Query(req, query, clockNow);
    refuse({ kind: "missing" });
  }

  // --- SigV4 ---

  private skew(requestTime: string, requestMs: number): void {
    const serverMs = this.wallNow();
    if (Math.abs(serverMs - requestMs) > MAX_SKEW_MS) refuse({ kind: "skewed", requestTime, requestMs, serverMs, maxSkewMs: MAX_SKEW_MS });
  }

  private async sigv4Header(req: WireRequest, auth: string, family: AuthFamily): Promise<void> {
    const fields = new Map<string, string>();
    for (const part of auth.slice(ALGORITHM.length + 1).split(",")) {
      const eq = part.indexOf("=");
      if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    const missing = ["Credential", "SignedHeaders", "Signature"].filter((k) => !fields.get(k));
    if (missing.length) {
      refuse({ kind: "malformed", presigned: false, detail: missing.map((k) => `Authorization header requires '${k}' parameter.`).join(" ") });
    }
    const credential = fields.get("Credential")!;
    const scope = credential.split("/");
    if (scope.length !== 5 || scope[4] !== "aws4_request" || !scope[0]) {
      refuse({ kind: "malformed", presigned: false, detail: `The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".` });
    }
    const accessKeyId = scope[0];
    const secret = this.secretOf(accessKeyId);

    const amz = header(req, "x-amz-date");
    let longDate: string;
    let requestMs: number;
    if (amz !== undefined) {
      longDate = amz;
      requestMs = parseAmzDate(amz);
    } else {
      const date = header(req, "date");
      requestMs = date === undefined ? Number.NaN : Date.parse(date);
      longDate = Number.isNaN(requestMs) ? "" : new Date(requestMs).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    }
    if (Number.isNaN(requestMs)) {
      refuse({ kind: "malformed", presigned: false, detail: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header." });
    }
    this.skew(longDate, requestMs);
    if (!longDate.startsWith(scope[1])) {
      refuse({ kind: "malformed", presigned: false, detail: `The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date: "${scope[1]}".` });
    }

    const contentSha = header(req, "x-amz-content-sha256");
    if (family === "restXml") {
      if (contentSha === undefined) refuse({ kind: "payloadHashMissing" });
      else if (!HEX_SHA256.test(contentSha) && !PAYLOAD_MARKERS.has(contentSha)) refuse({ kind: "payloadHashValue", value: contentSha });
    }
    const bodyHash = () => sha256Hex(req.body);
    const payloadHash = contentSha ?? bodyHash();

    const signedNames = fields.get("SignedHeaders")!.split(";").map((s) => s.trim().toLowerCase()).filter(Boolean);
    const headers: Record<string, string> = {};
    for (const name of signedNames) headers[name] = header(req, name) ?? "";
    const parts: SignedParts = { method: req.method, path: pathOf(req.url), query: parseQuery(req.url).all, headers };
    const signature = fields.get("Signature")!;
    const found = await this.sigv4Match(parts, payloadHash, family !== "restXml", longDate, scope, accessKeyId, secret, signature);

    // the body against the hash the client signed
    // (a streamed body is checked as it is read, by the protocol's body checks)
    if (contentSha !== undefined && HEX_SHA256.test(contentSha) && !req.stream) {
      const computed = bodyHash();
      if (computed !== contentSha.toLowerCase()) refuse({ kind: "payloadHash", clientHash: contentSha, computedHash: computed });
    }
    if (contentSha === "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" || contentSha === "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER") {
      const seed = { accessKeyId, signingKey: found.key, scope: scope.slice(1).join("/"), longDate, seedSignature: signature, signedTrailer: contentSha.endsWith("-TRAILER") };
      req.chunkObserver = new ChunkSignatureCheck(seed, (id, provided, stringToSign) =>
        authError({ kind: "mismatch", accessKeyId: id, signatureProvided: provided, stringToSign }, family),
      );
    }
  }

  /**
   * Compares `signature` with the one the parts give, escaping the path as the family does
   * first and the other way after (a service may be reached through another family's
   * route); refuses with the first attempt's strings.
   */
  private async sigv4Match(
    parts: SignedParts,
    payloadHashes: string | string[],
    escapePath: boolean,
    longDate: string,
    scope: string[],
    accessKeyId: string,
    secret: string,
    signature: string,
  ): Promise<{ key: Uint8Array }> {
    const canon = await canonicalizer();
    const key = await canon.signingKey(accessKeyId, secret, scope[1], scope[2], scope[3]);
    const scopeText = scope.slice(1).join("/");
    let first: { canonical: string; toSign: string } | undefined;
    const escapes = parts.path.includes("%") || parts.path.includes("//") || parts.path.includes("/.") ? [escapePath, !escapePath] : [escapePath];
    for (const payloadHash of Array.isArray(payloadHashes) ? payloadHashes : [payloadHashes]) {
      for (const escape of escapes) {
        const canonical = canon.canonicalRequest(parts, payloadHash, escape);
        const toSign = await canon.stringToSign(longDate, scopeText, canonical);
        if (sameText(hmacHex(key, toSign), signature)) return { key };
        first ??= { canonical, toSign };
      }
    }
    return refuse({ kind: "mismatch", accessKeyId, signatureProvided: signature, stringToSign: first!.toSign, canonicalRequest: first!.canonical });
  }

  private async sigv4Query(req: WireRequest, query: Query, family: AuthFamily, clockNow: number): Promise<void> {
    const names = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires"];
    if (names.some((n) => query.get(n) === undefined)) {
      refuse({
        kind: "malformed",
        presigned: true,
        detail: "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
      });
    }
    if (query.get("X-Amz-Algorithm") !== ALGORITHM) {
      refuse({ kind: "malformed", presigned: true, detail: "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"" });
    }
    const scope = query.get("X-Amz-Credential")!.split("/");
    if (scope.length !== 5 || scope[4] !== "aws4_request" || !scope[0]) {
      refuse({ kind: "malformed", presigned: true, detail: `Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".` });
    }
    const expiresText = query.get("X-Amz-Expires")!;
    const expires = /^\d+$/.test(expiresText) ? Number(expiresText) : Number.NaN;
    if (Number.isNaN(expires)) refuse({ kind: "malformed", presigned: true, detail: "X-Amz-Expires should be a number" });
    if (expires > MAX_PRESIGN_S) {
      refuse({ kind: "malformed", presigned: true, detail: "X-Amz-Expires must be less than a week (in seconds) that is; 604800 seconds" });
    }
    const longDate = query.get("X-Amz-Date")!;
    const signedAt = parseAmzDate(longDate);
    if (Number.isNaN(signedAt)) {
      refuse({ kind: "malformed", presigned: true, detail: "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"" });
    }
    if (!longDate.startsWith(scope[1])) {
      refuse({ kind: "malformed", presigned: true, detail: `Invalid credential date "${scope[1]}". This date is not the same as X-Amz-Date: "${longDate.slice(0, 8)}".` });
    }
    const accessKeyId = scope[0];
    const secret = this.secretOf(accessKeyId);
    const expiresMs = signedAt + expires * 1000;
    if (clockNow > expiresMs) refuse({ kind: "expired", expiresMs, serverMs: clockNow, xAmzExpires: expiresText, signedAt: longDate });

    const signedNames = query.get("X-Amz-SignedHeaders")!.split(";").map((s) => s.trim().toLowerCase()).filter(Boolean);
    const headers: Record<string, string> = {};
    for (const name of signedNames) headers[name] = header(req, name) ?? "";
    const parts: SignedParts = { method: req.method, path: pathOf(req.url), query: query.all, headers };
    // S3 presigns sign UNSIGNED-PAYLOAD (or the hash given as a parameter); other services the body
    const given = query.get("X-Amz-Content-Sha256");
    const hashes = given !== undefined ? [given] : ["UNSIGNED-PAYLOAD", sha256Hex(req.body)];
    await this.sigv4Match(parts, hashes, family !== "restXml", longDate, scope, accessKeyId, secret, query.get("X-Amz-Signature")!);
  }

  // --- SigV2 (S3) ---

  /** The S3 SigV2 string to sign, for each resource form the request may have been signed with. */
  private sigv2StringsToSign(req: WireRequest, dateLine: string[], query: Query): string[] {
    const amz: [string, string][] = [];
    for (const [name, value] of Object.entries(req.headers)) {
      if (!name.startsWith("x-amz-") || value === undefined) continue;
      const v = Array.isArray(value) ? value.map((x) => x.trim()).join(",") : value.trim();
      amz.push([name, v.replace(/\s*\n\s*/g, " ")]);
    }
    amz.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const sub = Object.keys(query.all)
      .filter((k) => SUBRESOURCES.has(k))
      .sort()
      .map((k) => {
        const v = query.get(k)!;
        return v === "" && !rawHasValue(req.url, k) ? k : `${k}=${v}`;
      });
    const path = pathOf(req.url);
    const resources = [path];
    // virtual-host style: the bucket is the Host's first label
    const host = (header(req, "host") ?? "").replace(/:\d+$/, "");
    if (host.includes(".") && !/^[\d.]+$/.test(host) && !host.startsWith("[")) resources.push(`/${host.slice(0, host.indexOf("."))}${path}`);
    const head = [req.method, header(req, "content-md5") ?? "", header(req, "content-type") ?? ""];
    const out: string[] = [];
    for (const date of dateLine) {
      for (const resource of resources) {
        const lines = [...head, date, ...amz.map(([k, v]) => `${k}:${v}`), resource + (sub.length ? `?${sub.join("&")}` : "")];
        out.push(lines.join("\n"));
      }
    }
    return out;
  }

  private sigv2Match(req: WireRequest, accessKeyId: string, secret: string, provided: string, candidates: string[]): void {
    const wanted = provided.replace(/ /g, "+");
    for (const toSign of candidates) {
      const sig = createHmac("sha1", secret).update(toSign, "utf8").digest("base64");
      if (sameText(sig, wanted)) return;
    }
    refuse({ kind: "mismatch", accessKeyId, signatureProvided: provided, stringToSign: candidates[0] });
  }

  private sigv2Header(req: WireRequest, auth: string): void {
    const rest = auth.slice(4).trim();
    const colon = rest.lastIndexOf(":");
    if (colon <= 0) refuse({ kind: "malformed", presigned: false, detail: "The authorization header that you provided is not valid." });
    const accessKeyId = rest.slice(0, colon);
    const provided = rest.slice(colon + 1);
    const secret = this.secretOf(accessKeyId);
    const amz = header(req, "x-amz-date");
    const date = header(req, "date");
    const when = amz ?? date;
    const requestMs = when === undefined ? Number.NaN : Date.parse(when);
    if (Number.isNaN(requestMs)) refuse({ kind: "malformed", presigned: false, detail: "AWS authentication requires a valid Date or x-amz-date header" });
    this.skew(when!, requestMs);
    // with x-amz-date the Date line is empty (x-amz-date is among the x-amz- headers)
    const dateLines = amz !== undefined ? ["", date ?? ""] : [date ?? ""];
    this.sigv2Match(req, accessKeyId, secret, provided, this.sigv2StringsToSign(req, [...new Set(dateLines)], parseQuery(req.url)));
  }

  private sigv2Query(req: WireRequest, query: Query, clockNow: number): void {
    const accessKeyId = query.get("AWSAccessKeyId")!;
    const expiresText = query.get("Expires");
    if (expiresText === undefined || !/^\d+$/.test(expiresText)) {
      refuse({ kind: "malformed", presigned: true, detail: "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters" });
    }
    const secret = this.secretOf(accessKeyId);
    const expiresMs = Number(expiresText) * 1000;
    if (clockNow > expiresMs) refuse({ kind: "expired", expiresMs, serverMs: clockNow });
    this.sigv2Match(req, accessKeyId, secret, query.get("Signature")!, this.sigv2StringsToSign(req, [expiresText!], query));
  }
}

/** Query parameters that are part of S3's SigV2 canonical resource. */
const SUBRESOURCES: ReadonlySet<string> = new Set([
  "accelerate", "acl", "analytics", "cors", "delete", "encryption", "inventory", "legal-hold", "lifecycle", "location",
  "logging", "metrics", "notification", "object-lock", "partNumber", "policy", "publicAccessBlock", "replication",
  "requestPayment", "response-cache-control", "response-content-disposition", "response-content-encoding",
  "response-content-language", "response-content-type", "response-expires", "restore", "retention", "select",
  "select-type", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website",
]);

/** Whether `key` appears with '=' in the raw query (`?acl=` rather than `?acl`). */
function rawHasValue(url: string, key: string): boolean {
  const q = url.indexOf("?");
  return q >= 0 && url.slice(q + 1).split("&").some((p) => p.startsWith(`${key}=`));
}

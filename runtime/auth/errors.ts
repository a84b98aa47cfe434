// Why a request's credentials or signature were refused, and the error each protocol family
// answers with for it. The reasons are protocol-neutral; `authError` turns one into a
// ServiceError with the code and status of the family, which the protocol's own
// serializeError writes (so runtime/ names no service).
import { ServiceError } from "../errors.ts";
import type { ErrorInfo } from "../schema.ts";

/**
 * The families that answer authentication failures differently:
 * - json: awsJson services, and the Query protocol (the same failures carry their Query
 *   code and status, which the Query codec and x-amzn-query-error use);
 * - restJson: restJson1 services (Lambda's front end answers 403);
 * - restXml: S3 and its own error codes and extra elements.
 */
export type AuthFamily = "json" | "restJson" | "restXml";

export function authFamilyOf(protocol: string): AuthFamily {
  if (protocol === "restXml") return "restXml";
  if (protocol === "restJson1") return "restJson";
  return "json";
}

export type AuthFailure =
  /** nothing that looks like credentials at all */
  | { kind: "missing" }
  /** credentials of a form that cannot be read (missing parts, bad dates) */
  | { kind: "malformed"; detail: string; presigned: boolean }
  | { kind: "unknownKey"; accessKeyId: string }
  | {
      kind: "mismatch";
      accessKeyId: string;
      signatureProvided: string;
      stringToSign: string;
      /** SigV4 only */
      canonicalRequest?: string;
    }
  /** the request time is more than the allowed skew from the wall clock */
  | { kind: "skewed"; requestTime: string; requestMs: number; serverMs: number; maxSkewMs: number }
  /** a presigned URL past its expiry (by the emulator clock) */
  | { kind: "expired"; expiresMs: number; serverMs: number; xAmzExpires?: string; signedAt?: string }
  /** x-amz-content-sha256 is a hash, and not the body's */
  | { kind: "payloadHash"; clientHash: string; computedHash: string }
  /** x-amz-content-sha256 is neither a hash nor one of the known markers (restXml) */
  | { kind: "payloadHashValue"; value: string }
  /** a SigV4 header-signed request without x-amz-content-sha256 (restXml) */
  | { kind: "payloadHashMissing" };

const info = (code: string, status: number, queryCode?: string, queryStatus?: number): ErrorInfo => ({
  code,
  status,
  fault: "client",
  ...(queryCode ? { queryCode, queryStatus: queryStatus ?? status } : {}),
});

const TOKEN_INVALID = "The security token included in the request is invalid.";
const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const MISSING_TOKEN = "Missing Authentication Token";

/** 20150830T123600Z */
export function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}
/** 2015-08-30T12:36:00Z */
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}/, "");

/** "Signature expired: ..." / "Signature not yet current: ..." as the JSON and Query services word it. */
function expiredText(requestTime: string, serverMs: number, maxSkewMs: number, early: boolean): string {
  const minutes = Math.round(maxSkewMs / 60_000);
  if (early) return `Signature expired: ${requestTime} is now earlier than ${amzDate(serverMs - maxSkewMs)} (${amzDate(serverMs)} - ${minutes} min.)`;
  return `Signature not yet current: ${requestTime} is still later than ${amzDate(serverMs + maxSkewMs)} (${amzDate(serverMs)} + ${minutes} min.)`;
}

function mismatchText(f: Extract<AuthFailure, { kind: "mismatch" }>): string {
  if (f.canonicalRequest === undefined) return SIGNATURE_MISMATCH;
  return `${SIGNATURE_MISMATCH}\n\nThe Canonical String for this request should have been\n'${f.canonicalRequest}'\n\nThe String-to-Sign should have been\n'${f.stringToSign}'\n`;
}

/** awsJson and Query: Coral's framework errors (with their Query codes). */
function jsonError(f: AuthFailure, status: number | undefined): ServiceError {
  // restJson1 (Lambda) answers every one of these with 403; awsJson with 400, Query with 403
  const s = (json: number) => status ?? json;
  switch (f.kind) {
    case "missing":
      return new ServiceError(info("MissingAuthenticationTokenException", s(400), "MissingAuthenticationToken", 403), MISSING_TOKEN);
    case "malformed":
      return new ServiceError(info("IncompleteSignatureException", s(400), "IncompleteSignature", 400), f.detail);
    case "unknownKey":
      return new ServiceError(info("UnrecognizedClientException", s(400), "InvalidClientTokenId", 403), TOKEN_INVALID);
    case "mismatch":
    case "payloadHash":
    case "payloadHashValue":
    case "payloadHashMissing": {
      const text = f.kind === "mismatch" ? mismatchText(f) : SIGNATURE_MISMATCH;
      return new ServiceError(info("InvalidSignatureException", s(400), "SignatureDoesNotMatch", 403), text);
    }
    case "skewed":
      return new ServiceError(
        info("InvalidSignatureException", s(400), "SignatureDoesNotMatch", 403),
        expiredText(f.requestTime, f.serverMs, f.maxSkewMs, f.requestMs < f.serverMs),
      );
    case "expired":
      return new ServiceError(
        info("InvalidSignatureException", s(400), "SignatureDoesNotMatch", 403),
        `Signature expired: ${amzDate(f.expiresMs)} is now earlier than ${amzDate(f.serverMs)}`,
      );
  }
}

const STREAMING_MARKERS = [
  "UNSIGNED-PAYLOAD",
  "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
  "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
  "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
  "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
  "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER",
];
export const PAYLOAD_MARKERS: ReadonlySet<string> = new Set(STREAMING_MARKERS);

/** S3's own codes, with the extra elements its <Error> carries. */
function xmlError(f: AuthFailure): ServiceError {
  switch (f.kind) {
    case "missing":
      return new ServiceError(info("AccessDenied", 403), "Access Denied");
    case "malformed":
      return f.presigned
        ? new ServiceError(info("AuthorizationQueryParametersError", 400), f.detail)
        : new ServiceError(info("AuthorizationHeaderMalformed", 400), f.detail);
    case "unknownKey":
      return new ServiceError(info("InvalidAccessKeyId", 403), "The AWS Access Key Id you provided does not exist in our records.", {
        AWSAccessKeyId: f.accessKeyId,
      });
    case "mismatch": {
      const members: Record<string, unknown> = {
        AWSAccessKeyId: f.accessKeyId,
        StringToSign: f.stringToSign,
        SignatureProvided: f.signatureProvided,
        StringToSignBytes: hexBytes(f.stringToSign),
      };
      if (f.canonicalRequest !== undefined) {
        members.CanonicalRequest = f.canonicalRequest;
        members.CanonicalRequestBytes = hexBytes(f.canonicalRequest);
      }
      return new ServiceError(
        info("SignatureDoesNotMatch", 403),
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
        members,
      );
    }
    case "skewed":
      return new ServiceError(info("RequestTimeTooSkewed", 403), "The difference between the request time and the current time is too large.", {
        RequestTime: f.requestTime,
        ServerTime: isoSeconds(f.serverMs),
        MaxAllowedSkewMilliseconds: String(f.maxSkewMs),
      });
    case "expired": {
      const members: Record<string, unknown> = {};
      if (f.xAmzExpires !== undefined) members["X-Amz-Expires"] = f.xAmzExpires;
      members.Expires = isoSeconds(f.expiresMs);
      members.ServerTime = isoSeconds(f.serverMs);
      return new ServiceError(info("AccessDenied", 403), "Request has expired", members);
    }
    case "payloadHash":
      return new ServiceError(info("XAmzContentSHA256Mismatch", 400), "The provided 'x-amz-content-sha256' header does not match what was computed.", {
        ClientComputedContentSHA256: f.clientHash,
        S3ComputedContentSHA256: f.computedHash,
      });
    case "payloadHashValue":
      return new ServiceError(
        info("InvalidArgument", 400),
        `x-amz-content-sha256 must be ${STREAMING_MARKERS.join(", ")} or a valid sha256 value.`,
        { ArgumentName: "x-amz-content-sha256", ArgumentValue: f.value },
      );
    case "payloadHashMissing":
      return new ServiceError(info("InvalidRequest", 400), "Missing required header for this request: x-amz-content-sha256");
  }
}

/** Space-separated hex of a string's UTF-8 bytes, as S3 prints StringToSignBytes. */
function hexBytes(s: string): string {
  return Array.from(Buffer.from(s, "utf8"), (b) => b.toString(16).padStart(2, "0")).join(" ");
}

/** The error `family` answers a failure with. */
export function authError(f: AuthFailure, family: AuthFamily): ServiceError {
  if (family === "restXml") return xmlError(f);
  return jsonError(f, family === "restJson" ? 403 : undefined);
}

/** Thrown inside the verifier; the pipeline hook turns it into the family's ServiceError. */
export class AuthRefusal extends Error {
  constructor(readonly failure: AuthFailure) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(failure.kind);
    Error.stackTraceLimit = limit;
  }
}

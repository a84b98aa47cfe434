// Who a request says it is: access key id, region and signing name from the SigV4
// Authorization header or a presigned URL's X-Amz-Credential, and the access key id alone
// from SigV2 (`Authorization: AWS AKID:signature`, or a presigned URL's AWSAccessKeyId).
// Nothing is verified here (runtime/auth/verify.ts does that in `--auth verify` mode).
import type { IncomingHttpHeaders } from "node:http";

export interface CredentialScope {
  accessKeyId: string;
  date?: string;
  region?: string;
  service?: string;
}

const HEADER_CREDENTIAL = /Credential=([^,\s]+)/;

/**
 * Scopes already parsed, by credential text: a client signs every request of a day with
 * the same one. Frozen, since every request with that credential shares the object; the
 * cache starts over when it is full (it only saves work).
 */
const parsed = new Map<string, Readonly<CredentialScope> | undefined>();
const MAX_PARSED = 256;

function parseScope(credential: string): Readonly<CredentialScope> | undefined {
  if (parsed.has(credential)) return parsed.get(credential);
  let scope: CredentialScope | undefined;
  // (a malformed %-escape throws here, before anything is cached)
  const parts = decodeURIComponent(credential).split("/");
  if (parts[0]) {
    scope = { accessKeyId: parts[0] };
    if (parts.length >= 5) {
      scope.date = parts[1];
      scope.region = parts[2];
      scope.service = parts[3];
    }
  }
  if (parsed.size >= MAX_PARSED) parsed.clear();
  parsed.set(credential, scope && Object.freeze(scope));
  return scope;
}

/** SigV2 access key ids, by text: scopes without region or signing name. */
function keyOnly(accessKeyId: string): Readonly<CredentialScope> | undefined {
  return parseScope(encodeURIComponent(accessKeyId.split("/")[0]));
}

export function credentialScope(headers: IncomingHttpHeaders, url: string): Readonly<CredentialScope> | undefined {
  const auth = headers.authorization;
  if (typeof auth === "string") {
    if (auth.startsWith("AWS4-")) {
      const m = HEADER_CREDENTIAL.exec(auth);
      if (m) return parseScope(m[1]);
    } else if (auth.startsWith("AWS ")) {
      // SigV2: "AWS AKID:base64-signature"
      const colon = auth.lastIndexOf(":");
      const id = auth.slice(4, colon > 4 ? colon : undefined).trim();
      if (id) return keyOnly(id);
    }
  }
  const q = url.indexOf("?");
  if (q >= 0) {
    if (url.includes("X-Amz-Credential=")) {
      const cred = new URLSearchParams(url.slice(q + 1)).get("X-Amz-Credential");
      if (cred) return parseScope(cred);
    } else if (url.includes("AWSAccessKeyId=")) {
      const id = new URLSearchParams(url.slice(q + 1)).get("AWSAccessKeyId");
      if (id) return keyOnly(id);
    }
  }
  return undefined;
}

/** A 12-digit access key id names the account; anything else means the default account. */
export function accountFor(scope: CredentialScope | undefined, defaultAccount: string): string {
  const id = scope?.accessKeyId;
  return id && /^\d{12}$/.test(id) ? id : defaultAccount;
}

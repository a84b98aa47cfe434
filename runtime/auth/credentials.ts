// Who a request says it is: access key id, region and signing name from the SigV4
// Authorization header or a presigned URL's X-Amz-Credential. Nothing is verified here.
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

export function credentialScope(headers: IncomingHttpHeaders, url: string): Readonly<CredentialScope> | undefined {
  const auth = headers.authorization;
  if (typeof auth === "string" && auth.startsWith("AWS4-")) {
    const m = HEADER_CREDENTIAL.exec(auth);
    if (m) return parseScope(m[1]);
  }
  const q = url.indexOf("?");
  if (q >= 0 && url.includes("X-Amz-Credential=")) {
    const cred = new URLSearchParams(url.slice(q + 1)).get("X-Amz-Credential");
    if (cred) return parseScope(cred);
  }
  return undefined;
}

/** A 12-digit access key id names the account; anything else means the default account. */
export function accountFor(scope: CredentialScope | undefined, defaultAccount: string): string {
  const id = scope?.accessKeyId;
  return id && /^\d{12}$/.test(id) ? id : defaultAccount;
}

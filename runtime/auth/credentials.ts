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

function parseScope(credential: string): CredentialScope | undefined {
  const parts = decodeURIComponent(credential).split("/");
  if (!parts[0]) return undefined;
  const scope: CredentialScope = { accessKeyId: parts[0] };
  if (parts.length >= 5) {
    scope.date = parts[1];
    scope.region = parts[2];
    scope.service = parts[3];
  }
  return scope;
}

export function credentialScope(headers: IncomingHttpHeaders, url: string): CredentialScope | undefined {
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

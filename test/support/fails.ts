// The one way tests expect an SDK call to fail: the error's name, and when given its
// message (exact, or by pattern), its query-compatible code and its HTTP status.
import * as assert from "uvu/assert";

export interface FailureDetails {
  /** the query-compatible code (`AWS.SimpleQueueService.NonExistentQueue`), read from the error's Code */
  code?: string;
  /** the HTTP status of the answer */
  status?: number;
}

export type SdkError = Error & Record<string, unknown> & { $metadata?: { httpStatusCode?: number } };

/** Awaits `p`, which must fail with the SDK error `name`; returns the error. */
export async function expectFailure(p: Promise<unknown>, name: string, message?: string | RegExp, details: FailureDetails = {}): Promise<SdkError> {
  let err: SdkError | undefined;
  try {
    await p;
  } catch (e) {
    err = e as SdkError;
  }
  if (!err) assert.unreachable(`expected ${name}, but the call succeeded`);
  const e = err!;
  assert.is(e.name, name, `error name (${e.message})`);
  if (typeof message === "string") assert.is(e.message, message);
  else if (message) assert.match(e.message, message);
  if (details.code !== undefined) assert.is(e.Code, details.code, "query-compatible code");
  if (details.status !== undefined) assert.is(e.$metadata?.httpStatusCode, details.status, "HTTP status");
  return e;
}

// NextToken of ListQueues and ListDeadLetterSourceQueues: the last name of the page before.
import * as messages from "./messages.ts";
import { invalidParameterValue } from "./errors.ts";

export function sealToken(last: string): string {
  return Buffer.from(JSON.stringify({ after: last }), "utf8").toString("base64");
}

export function openToken(token: string): string {
  try {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(token)) throw new Error("not base64");
    const doc = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { after?: unknown };
    if (typeof doc.after === "string") return doc.after;
  } catch {
    // falls through
  }
  throw invalidParameterValue(messages.badNextToken());
}

/** One page of sorted names; without MaxResults AWS answers up to 1000 and no token. */
export function page(sortedNames: readonly string[], maxResults: number | undefined, nextToken: string | undefined): { names: string[]; next?: string } {
  if (maxResults !== undefined && (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000)) {
    throw invalidParameterValue(messages.maxResultsOutOfRange(maxResults));
  }
  let rest = sortedNames;
  if (nextToken !== undefined) {
    const after = openToken(nextToken);
    rest = sortedNames.filter((n) => n > after);
  }
  const size = maxResults ?? 1000;
  const names = rest.slice(0, size);
  const next = maxResults !== undefined && rest.length > size ? sealToken(names[names.length - 1]) : undefined;
  return { names, next };
}

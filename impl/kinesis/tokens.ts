// Opaque tokens (shard iterators, NextTokens): base64 of a small JSON document. Each user
// checks the fields it expects; anything that does not decode to a JSON object is no token.

/** A NextToken (ListShards, ListStreamConsumers) is good for 300 seconds, as AWS documents. */
export const NEXT_TOKEN_TTL_MS = 300_000;

export function sealToken(doc: object): string {
  return Buffer.from(JSON.stringify(doc), "utf8").toString("base64");
}

/** The document of a token, or undefined when the text is not one (bad base64, bad JSON, no object). */
export function openToken(text: string): Record<string, unknown> | undefined {
  // Node's decoder skips characters outside the alphabet: only a clean text is a token
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  try {
    const doc: unknown = JSON.parse(Buffer.from(text, "base64").toString("utf8"));
    return typeof doc === "object" && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

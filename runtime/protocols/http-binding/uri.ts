// URI patterns of the smithy.api#http trait, compiled once: literal segments, labels
// ({Name}, one segment) and greedy labels ({Name+}, one or more segments, slashes kept),
// and the literal query part ("?x-id=GetObject", "?uploads", "?find=LayerVersion").

export type Segment =
  | { kind: "literal"; text: string }
  | { kind: "label"; name: string }
  | { kind: "greedy"; name: string };

/** A request target split once: raw path segments and the decoded query pairs. */
export interface RequestTarget {
  /** path segments as sent (still percent-encoded), without the leading empty one */
  segments: string[];
  /** decoded query parameters, every value of a repeated key in order */
  query: Map<string, string[]>;
}

/** Percent-decoding that answers undefined for a malformed escape instead of throwing. */
export function percentDecode(text: string): string | undefined {
  if (text.indexOf("%") < 0) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Query text to pairs; `+` is a space (form encoding, which clients use in query strings too). */
export function parseQuery(search: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!search) return out;
  for (const part of search.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? "" : part.slice(eq + 1);
    const key = percentDecode(rawKey.replace(/\+/g, " "));
    const value = percentDecode(rawValue.replace(/\+/g, " "));
    // a pair that cannot be decoded is kept as sent: the binding reports it if it matters
    const k = key ?? rawKey;
    const list = out.get(k);
    if (list) list.push(value ?? rawValue);
    else out.set(k, [value ?? rawValue]);
  }
  return out;
}

export function splitTarget(url: string): RequestTarget {
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  const search = q < 0 ? "" : url.slice(q + 1);
  const segments = path.split("/");
  if (segments[0] === "") segments.shift();
  return { segments, query: parseQuery(search) };
}

export class UriPattern {
  readonly segments: readonly Segment[];
  /** literal query parts: key and value ("" when the pattern names the key alone) */
  readonly literalQuery: readonly (readonly [string, string])[];
  readonly literalCount: number;
  readonly hasGreedy: boolean;

  constructor(readonly uri: string) {
    const q = uri.indexOf("?");
    const path = q < 0 ? uri : uri.slice(0, q);
    const query = q < 0 ? "" : uri.slice(q + 1);
    const parts = path.split("/");
    if (parts[0] === "") parts.shift();
    // "/" is the root: no segments at all
    if (parts.length === 1 && parts[0] === "") parts.pop();
    this.segments = parts.map((p): Segment => {
      const m = /^\{([^}+]+)(\+?)\}$/.exec(p);
      if (!m) return { kind: "literal", text: p };
      return m[2] ? { kind: "greedy", name: m[1] } : { kind: "label", name: m[1] };
    });
    this.literalQuery = query
      ? query.split("&").filter(Boolean).map((pair) => {
          const eq = pair.indexOf("=");
          return eq < 0 ? ([pair, ""] as const) : ([pair.slice(0, eq), pair.slice(eq + 1)] as const);
        })
      : [];
    this.literalCount = this.segments.filter((s) => s.kind === "literal").length;
    this.hasGreedy = this.segments.some((s) => s.kind === "greedy");
  }

  /** The first segment when it is literal: the router's index key. */
  get firstLiteral(): string | undefined {
    const s = this.segments[0];
    return s?.kind === "literal" ? s.text : undefined;
  }

  /**
   * The labels of a path that fits the pattern, still percent-encoded (the binding decodes
   * them by their type), or undefined when the path does not fit.
   */
  match(segments: readonly string[]): Record<string, string> | undefined {
    const labels: Record<string, string> = {};
    return this.from(0, 0, segments, labels) ? labels : undefined;
  }

  private from(i: number, j: number, req: readonly string[], labels: Record<string, string>): boolean {
    const pat = this.segments;
    if (i === pat.length) {
      // a trailing slash after the last pattern segment is tolerated
      return j === req.length || (j === req.length - 1 && req[j] === "");
    }
    const s = pat[i];
    if (s.kind === "literal") {
      if (j >= req.length) return false;
      const text = req[j] === s.text ? s.text : percentDecode(req[j]);
      return text === s.text && this.from(i + 1, j + 1, req, labels);
    }
    if (s.kind === "label") {
      if (j >= req.length || req[j] === "") return false;
      labels[s.name] = req[j];
      return this.from(i + 1, j + 1, req, labels);
    }
    // greedy: as many segments as leave enough for the rest of the pattern, longest first
    const rest = pat.length - i - 1;
    for (let end = req.length - rest; end > j; end--) {
      const value = req.slice(j, end).join("/");
      if (value === "") continue;
      labels[s.name] = value;
      if (this.from(i + 1, end, req, labels)) return true;
    }
    delete labels[s.name];
    return false;
  }
}

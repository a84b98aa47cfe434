// The parameters of a Query request: an application/x-www-form-urlencoded body (POST) and
// the query string (GET, or next to a POST body). Read once per request: routing wants
// Action and Version, the codec wants everything.
import type { WireRequest } from "../types.ts";

export const FORM_TYPE = "application/x-www-form-urlencoded";

export interface QueryForm {
  /** every parameter, in the order sent; the first of repeated keys wins */
  params: Map<string, string>;
  action?: string;
  version?: string;
  /** the first key or value that could not be decoded, when one could not */
  malformed?: string;
}

const forms = new WeakMap<WireRequest, QueryForm>();

function isForm(req: WireRequest): boolean {
  const ct = req.headers["content-type"];
  if (ct === undefined) return false;
  if (ct === FORM_TYPE) return true;
  return ct.split(";")[0].trim().toLowerCase() === FORM_TYPE;
}

/** The request's parameters when it is a Query request (a form body, or Action in a GET's query string). */
export function queryFormOf(req: WireRequest): QueryForm | undefined {
  const known = forms.get(req);
  if (known) return known;
  const q = req.url.indexOf("?");
  const search = q < 0 ? "" : req.url.slice(q + 1);
  let form: QueryForm | undefined;
  if (req.method === "POST" && isForm(req)) {
    form = { params: new Map() };
    if (search) addPairs(form, search);
    addPairs(form, req.body.toString("latin1"));
  } else if (req.method === "GET" && /(^|&)Action=/.test(search)) {
    form = { params: new Map() };
    addPairs(form, search);
  }
  if (!form) return undefined;
  form.action = form.params.get("Action");
  form.version = form.params.get("Version");
  forms.set(req, form);
  return form;
}

/** Percent-decodes form text (read as latin1, so every byte is one char) into UTF-8 text. */
function decode(text: string): string | undefined {
  if (text.indexOf("%") < 0 && text.indexOf("+") < 0) {
    // plain ASCII needs no work; other bytes are UTF-8 sent unencoded
    // eslint-disable-next-line no-control-regex
    return /^[\x00-\x7f]*$/.test(text) ? text : utf8(Buffer.from(text, "latin1"));
  }
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 /* % */) {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c === 0x2b /* + */) bytes.push(0x20);
    else bytes.push(c);
  }
  return utf8(Buffer.from(bytes));
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
function utf8(b: Buffer): string | undefined {
  try {
    return strictUtf8.decode(b);
  } catch {
    return undefined;
  }
}

function addPairs(form: QueryForm, text: string): void {
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? "" : pair.slice(eq + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    if (key === undefined || value === undefined) {
      form.malformed ??= pair;
      continue;
    }
    if (!form.params.has(key)) form.params.set(key, value);
  }
}

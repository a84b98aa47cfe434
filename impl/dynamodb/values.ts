// Attribute values: validation and normalisation (numbers as decimals, sets without
// duplicates), equality and ordering as DynamoDB defines them (numbers by value, strings
// and binaries by their bytes), and item sizes computed the way DynamoDB bills them.
import type { AttributeValue } from "../../generated/dynamodb/index.ts";
import { CommonErrors } from "../../runtime/errors.ts";
import * as D from "./decimal.ts";
import * as messages from "./messages.ts";

export type AV = AttributeValue;
export type Item = Record<string, AV>;
export type TypeName = "S" | "N" | "B" | "SS" | "NS" | "BS" | "M" | "L" | "NULL" | "BOOL";
export const TYPE_NAMES: readonly TypeName[] = ["S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"];

export const invalid = (message: string) => CommonErrors.validation(message);

/** The one type an attribute value carries (values are validated before this is asked). */
export function typeOf(v: AV): TypeName {
  if (v.S !== undefined) return "S";
  if (v.N !== undefined) return "N";
  if (v.M !== undefined) return "M";
  if (v.L !== undefined) return "L";
  if (v.B !== undefined) return "B";
  if (v.BOOL !== undefined) return "BOOL";
  if (v.NULL !== undefined) return "NULL";
  if (v.SS !== undefined) return "SS";
  if (v.NS !== undefined) return "NS";
  return "BS";
}

/** A number string parsed and checked against DynamoDB's range and precision. */
export function parseNumber(text: string): D.Dec {
  const d = D.parse(text);
  if (!d) throw invalid(messages.notANumber(text));
  checkRange(d);
  return d;
}

export function checkRange(d: D.Dec): void {
  const p = D.rangeProblem(d);
  if (p === "overflow") throw invalid(messages.numberOverflow());
  if (p === "underflow") throw invalid(messages.numberUnderflow());
  if (p === "precision") throw invalid(messages.numberPrecision());
}

/**
 * The result of `+`/`-` (SET) or ADD checked against the same limits. DynamoDB reports a
 * result needing more than 38 digits (1E50 + 1) as an overflow, not as a precision error
 * (observed against DynamoDB and recorded in ScyllaDB's alternator test_number.py,
 * test_update_expression_plus_imprecise).
 */
export function checkArithmetic(d: D.Dec): void {
  const p = D.rangeProblem(d);
  if (p === "underflow") throw invalid(messages.numberUnderflow());
  if (p) throw invalid(messages.numberOverflow());
}

/** A number's text as DynamoDB keeps and returns it; an integer written plainly with at most 38 digits already is. */
export const numberString = (text: string): string =>
  text.length <= D.MAX_DIGITS && plainInteger(text) ? text : D.toString(parseNumber(text));

const toBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/**
 * Checks one value as DynamoDB does on input and returns it normalised (numbers in plain
 * notation, binaries as Buffers). Throws ValidationException with DynamoDB's text.
 */
export function normalize(v: AV | null | undefined): AV {
  if (v === null || v === undefined || typeof v !== "object") throw invalid(messages.emptyAttributeValue());
  let count = 0;
  for (const k in v) if ((v as Record<string, unknown>)[k] !== undefined && (v as Record<string, unknown>)[k] !== null) count++;
  if (count === 0) throw invalid(messages.emptyAttributeValue());
  if (count > 1) throw invalid(messages.multipleDatatypes());
  switch (typeOf(v)) {
    case "S":
      return { S: v.S };
    case "N":
      return { N: numberString(v.N!) };
    case "B":
      return { B: toBuffer(v.B!) };
    case "BOOL":
      return { BOOL: v.BOOL };
    case "NULL":
      if (v.NULL !== true) throw invalid(messages.nullMustBeTrue());
      return { NULL: true };
    case "SS": {
      if (v.SS!.length === 0) throw invalid(messages.emptySet("string"));
      if (new Set(v.SS).size !== v.SS!.length) throw invalid(messages.setDuplicates(`[${v.SS!.join(", ")}]`));
      return { SS: [...v.SS!] };
    }
    case "NS": {
      if (v.NS!.length === 0) throw invalid(messages.emptySet("number"));
      const out = v.NS!.map(numberString);
      if (new Set(out).size !== out.length) throw invalid(messages.setDuplicates(`[${v.NS!.join(", ")}]`));
      return { NS: out };
    }
    case "BS": {
      if (v.BS!.length === 0) throw invalid(messages.emptySet("binary"));
      const out = v.BS!.map(toBuffer);
      if (new Set(out.map((b) => b.toString("base64"))).size !== out.length) {
        throw invalid(messages.setDuplicates(`[${out.map((b) => b.toString("base64")).join(", ")}]`));
      }
      return { BS: out };
    }
    case "M": {
      const out: Item = {};
      for (const [k, x] of Object.entries(v.M!)) out[k] = normalize(x);
      return { M: out };
    }
    case "L":
      return { L: v.L!.map((x) => normalize(x)) };
  }
}

export function normalizeItem(item: Record<string, AV | null> | undefined): Item {
  const out: Item = {};
  if (!item) return out;
  for (const [k, v] of Object.entries(item)) out[k] = normalize(v);
  return out;
}

// UTF-16 code units mapped so that their order is UTF-8's: surrogates (code points above
// U+FFFF) after every BMP code point.
const utf8Key = (u: number): number => (u < 0xd800 ? u : u < 0xe000 ? u + 0x2000 : u - 0x800);

/** DynamoDB's string order: by UTF-8 bytes (differs from UTF-16 order only around surrogates). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    return utf8Key(x) < utf8Key(y) ? -1 : 1;
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(toBuffer(a), toBuffer(b));
}

export function compareNumbers(a: string, b: string): number {
  return compareIntegers(a, b) ?? D.compare(D.parse(a)!, D.parse(b)!);
}

/** Whether `s` is an integer written plainly: an optional '-', then digits without leading zeros. */
function plainInteger(s: string): boolean {
  const from = s.charCodeAt(0) === 45 ? 1 : 0;
  const n = s.length;
  if (n === from) return false;
  if (s.charCodeAt(from) === 48) return n === from + 1 && from === 0; // "0" (not "-0", not "007")
  for (let i = from; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * The order of two plainly written integers without parsing them (sort keys are mostly
 * such): by sign, then length, then digits; undefined for any other number text.
 */
function compareIntegers(a: string, b: string): number | undefined {
  if (!plainInteger(a) || !plainInteger(b)) return undefined;
  const negA = a.charCodeAt(0) === 45;
  if (negA !== (b.charCodeAt(0) === 45)) return negA ? -1 : 1;
  const c = a.length !== b.length ? (a.length < b.length ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0;
  return negA ? -c : c;
}

/** Order of two scalars of one type (S, N or B); undefined when they cannot be ordered. */
export function compareScalars(a: AV, b: AV): number | undefined {
  if (a.S !== undefined && b.S !== undefined) return compareStrings(a.S, b.S);
  if (a.N !== undefined && b.N !== undefined) return compareNumbers(a.N, b.N);
  if (a.B !== undefined && b.B !== undefined) return compareBytes(a.B, b.B);
  return undefined;
}

export function equals(a: AV, b: AV): boolean {
  const t = typeOf(a);
  if (t !== typeOf(b)) return false;
  switch (t) {
    case "S":
      return a.S === b.S;
    case "N":
      return compareNumbers(a.N!, b.N!) === 0;
    case "B":
      return compareBytes(a.B!, b.B!) === 0;
    case "BOOL":
      return a.BOOL === b.BOOL;
    case "NULL":
      return true;
    case "SS":
      return sameSet(a.SS!, b.SS!, (x) => x);
    case "NS":
      return sameSet(a.NS!, b.NS!, (x) => D.toString(D.parse(x)!));
    case "BS":
      return sameSet(a.BS!, b.BS!, (x) => toBuffer(x).toString("base64"));
    case "L":
      return a.L!.length === b.L!.length && a.L!.every((x, i) => equals(x, b.L![i]));
    case "M": {
      const ka = Object.keys(a.M!);
      if (ka.length !== Object.keys(b.M!).length) return false;
      return ka.every((k) => b.M![k] !== undefined && equals(a.M![k], b.M![k]));
    }
  }
}

function sameSet<T>(a: T[], b: T[], key: (x: T) => string): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a.map(key));
  return b.every((x) => s.has(key(x)));
}

/** Whether a set value holds an element equal to `e` (a scalar of the set's element type). */
export function setHas(set: AV, e: AV): boolean {
  if (set.SS && e.S !== undefined) return set.SS.includes(e.S);
  if (set.NS && e.N !== undefined) return set.NS.some((x) => compareNumbers(x, e.N!) === 0);
  if (set.BS && e.B !== undefined) return set.BS.some((x) => compareBytes(x, e.B!) === 0);
  return false;
}

const utf8 = (s: string) => Buffer.byteLength(s, "utf8");

function numberSize(n: string): number {
  let digits: number;
  if (plainInteger(n)) {
    // significant digits: trailing zeros do not count
    let end = n.length;
    while (end > 1 && n.charCodeAt(end - 1) === 48) end--;
    digits = n === "0" ? 0 : end - (n.charCodeAt(0) === 45 ? 1 : 0);
  } else {
    const d = D.parse(n);
    digits = d ? D.digits(d) : 1;
  }
  return Math.ceil(Math.max(digits, 1) / 2) + 1;
}

/** A value's size as DynamoDB counts it (without its attribute name). */
export function valueSize(v: AV): number {
  switch (typeOf(v)) {
    case "S":
      return utf8(v.S!);
    case "N":
      return numberSize(v.N!);
    case "B":
      return v.B!.byteLength;
    case "BOOL":
    case "NULL":
      return 1;
    case "SS":
      return v.SS!.reduce((n, s) => n + utf8(s), 0);
    case "NS":
      return v.NS!.reduce((n, s) => n + numberSize(s), 0);
    case "BS":
      return v.BS!.reduce((n, b) => n + b.byteLength, 0);
    case "L":
      return 3 + v.L!.reduce((n, x) => n + 1 + valueSize(x), 0);
    case "M":
      return 3 + Object.entries(v.M!).reduce((n, [k, x]) => n + 1 + utf8(k) + valueSize(x), 0);
  }
}

export function itemSize(item: Item): number {
  let n = 0;
  for (const k in item) n += utf8(k) + valueSize(item[k]);
  return n;
}

export const MAX_ITEM_BYTES = 400 * 1024;

/** A key value (S, N or B) as a string that identifies it: for maps of partitions and items. */
export function keyString(v: AV): string {
  if (v.S !== undefined) return `S${v.S}`;
  if (v.N !== undefined) return `N${v.N}`;
  return `B${toBuffer(v.B!).toString("base64")}`;
}

export function deepClone(v: AV): AV {
  if (v.M) {
    const out: Item = {};
    for (const k in v.M) out[k] = deepClone(v.M[k]);
    return { M: out };
  }
  if (v.L) return { L: v.L.map(deepClone) };
  if (v.SS) return { SS: [...v.SS] };
  if (v.NS) return { NS: [...v.NS] };
  if (v.BS) return { BS: [...v.BS] };
  return v;
}

export function cloneItem(item: Item): Item {
  const out: Item = {};
  for (const k in item) out[k] = deepClone(item[k]);
  return out;
}

/** How a value is shown inside DynamoDB's messages, e.g. `{N:5}` (unconfirmed beyond scalars). */
export function show(v: AV): string {
  const t = typeOf(v);
  switch (t) {
    case "S":
      return `{S:${v.S}}`;
    case "N":
      return `{N:${v.N}}`;
    case "B":
      return `{B:${toBuffer(v.B!).toString("base64")}}`;
    case "BOOL":
      return `{BOOL:${v.BOOL}}`;
    case "NULL":
      return "{NULL:true}";
    default:
      return `{${t}:…}`;
  }
}

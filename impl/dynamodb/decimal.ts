// DynamoDB numbers as exact decimals: parse, normalise, compare, add and subtract.
//
// Everything in the DynamoDB implementation that touches a number's value goes through
// this module, never through JS floats. It is written on BigInt (value = coefficient ×
// 10^exponent, exact, unbounded), which is all DynamoDB's arithmetic needs (only + and -
// exist in expressions). Swapping in decimal.js means re-implementing the functions below
// over `Decimal` from that package; the callers only see this interface.

export interface Dec {
  /** signed coefficient without trailing zeros (0 for zero) */
  readonly coef: bigint;
  /** power of ten the coefficient is scaled by (0 for zero) */
  readonly exp: number;
}

export const ZERO: Dec = { coef: 0n, exp: 0 };

/** DynamoDB's limits: 38 significant digits, magnitudes 1E-130 .. 9.99…E+125. */
export const MAX_DIGITS = 38;
export const MAX_ADJUSTED_EXP = 125;
export const MIN_ADJUSTED_EXP = -130;

export type RangeProblem = "precision" | "overflow" | "underflow";

function make(coef: bigint, exp: number): Dec {
  if (coef === 0n) return ZERO;
  while (coef % 10n === 0n) {
    coef /= 10n;
    exp++;
  }
  return { coef, exp };
}

const NUMBER_SYNTAX = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The decimal a DynamoDB N string denotes, or undefined when it is not a number. */
export function parse(text: string): Dec | undefined {
  if (!NUMBER_SYNTAX.test(text)) return undefined;
  let s = text;
  let negative = false;
  if (s[0] === "+" || s[0] === "-") {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  let exp = 0;
  const e = s.search(/[eE]/);
  if (e >= 0) {
    const ePart = s.slice(e + 1);
    // absurd exponents are out of range anyway; keep them finite
    const n = Number(ePart);
    if (!Number.isFinite(n) || Math.abs(n) > 1e9) return { coef: negative ? -1n : 1n, exp: n > 0 ? 1e9 : -1e9 };
    exp = n;
    s = s.slice(0, e);
  }
  const dot = s.indexOf(".");
  if (dot >= 0) {
    exp -= s.length - dot - 1;
    s = s.slice(0, dot) + s.slice(dot + 1);
  }
  s = s.replace(/^0+/, "");
  if (s === "") return ZERO;
  const coef = BigInt(s);
  return make(negative ? -coef : coef, exp);
}

export function digits(d: Dec): number {
  if (d.coef === 0n) return 0;
  return (d.coef < 0n ? -d.coef : d.coef).toString().length;
}

/** Exponent of the leading digit (scientific notation's exponent). */
export function adjustedExp(d: Dec): number {
  return d.exp + digits(d) - 1;
}

/** What DynamoDB would refuse about this number, if anything. */
export function rangeProblem(d: Dec): RangeProblem | undefined {
  if (d.coef === 0n) return undefined;
  const adj = adjustedExp(d);
  if (adj > MAX_ADJUSTED_EXP) return "overflow";
  if (adj < MIN_ADJUSTED_EXP) return "underflow";
  if (digits(d) > MAX_DIGITS) return "precision";
  return undefined;
}

export function compare(a: Dec, b: Dec): number {
  if (a.coef === b.coef && a.exp === b.exp) return 0;
  const sa = a.coef < 0n ? -1 : a.coef > 0n ? 1 : 0;
  const sb = b.coef < 0n ? -1 : b.coef > 0n ? 1 : 0;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  // same sign: compare magnitudes by leading-digit exponent first, then aligned digits
  const aa = adjustedExp(a);
  const ab = adjustedExp(b);
  if (aa !== ab) return (aa < ab ? -1 : 1) * sa;
  const e = Math.min(a.exp, b.exp);
  const ca = a.coef * 10n ** BigInt(a.exp - e);
  const cb = b.coef * 10n ** BigInt(b.exp - e);
  return ca < cb ? -1 : ca > cb ? 1 : 0;
}

export function equals(a: Dec, b: Dec): boolean {
  return a.coef === b.coef && a.exp === b.exp;
}

export function add(a: Dec, b: Dec): Dec {
  if (a.coef === 0n) return b;
  if (b.coef === 0n) return a;
  const e = Math.min(a.exp, b.exp);
  return make(a.coef * 10n ** BigInt(a.exp - e) + b.coef * 10n ** BigInt(b.exp - e), e);
}

export function negate(a: Dec): Dec {
  return a.coef === 0n ? a : { coef: -a.coef, exp: a.exp };
}

export function subtract(a: Dec, b: Dec): Dec {
  return add(a, negate(b));
}

/** Plain notation without exponent, as DynamoDB returns numbers ("1.5E2" -> "150"). */
export function toString(d: Dec): string {
  if (d.coef === 0n) return "0";
  const negative = d.coef < 0n;
  const abs = (negative ? -d.coef : d.coef).toString();
  let out: string;
  if (d.exp >= 0) out = abs + "0".repeat(d.exp);
  else {
    const point = abs.length + d.exp;
    out = point > 0 ? `${abs.slice(0, point)}.${abs.slice(point)}` : `0.${"0".repeat(-point)}${abs}`;
  }
  return negative ? `-${out}` : out;
}

/** A JS number, for places that need one (TTL seconds); never for stored values. */
export function toNumber(d: Dec): number {
  return Number(toString(d));
}

// DynamoDB numbers as exact decimals: parse, normalise, compare, add and subtract.
//
// Everything in the DynamoDB implementation that touches a number's value goes through
// this module, never through JS floats. Values are `decimal.js` Decimals of a private
// clone (the package's global Decimal is never configured or mutated).
//
// Precision: DynamoDB checks the EXACT result of `+`/`-` against its limits (1E50 + 1
// needs 51 digits and is refused). Operands are always in range (|x| in 1E-130 ..
// 9.99…E+125, at most 38 digits), so an exact sum spans at most 125 + 130 + 2 digits; a
// context of 300 significant digits keeps every sum and difference exact, and the range
// check then sees the true result instead of a rounded one.
import DecimalJs from "decimal.js";

const Decimal = DecimalJs.clone({
  precision: 300,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  // exponents far beyond DynamoDB's range, so parsing never silently turns into 0 or Infinity
  minE: -9e15,
  maxE: 9e15,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});

/** A DynamoDB number: an immutable exact decimal (treat as opaque outside this module). */
export type Dec = DecimalJs;

export const ZERO: Dec = new Decimal(0);

/** DynamoDB's limits: 38 significant digits, magnitudes 1E-130 .. 9.99…E+125. */
export const MAX_DIGITS = 38;
export const MAX_ADJUSTED_EXP = 125;
export const MIN_ADJUSTED_EXP = -130;

export type RangeProblem = "precision" | "overflow" | "underflow";

// DynamoDB's number syntax: optional sign, digits with an optional point (either side may be
// empty, not both), optional exponent. No spaces, NaN, Infinity, hex or underscores.
const NUMBER_SYNTAX = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const EXPONENT = /[eE]([+-]?\d+)$/;

/** The decimal a DynamoDB N string denotes, or undefined when it is not a number. */
export function parse(text: string): Dec | undefined {
  if (!NUMBER_SYNTAX.test(text)) return undefined;
  const m = EXPONENT.exec(text);
  if (m) {
    // absurd exponents are out of range whatever the digits; keep them finite and non-zero
    const e = Number(m[1]);
    if (!Number.isFinite(e) || Math.abs(e) > 1e9) {
      const mantissa = new Decimal(text.slice(0, m.index));
      if (mantissa.isZero()) return ZERO;
      return new Decimal(`${mantissa.isNeg() ? "-" : ""}1e${e > 0 ? 1e9 : -1e9}`);
    }
  }
  const d = new Decimal(text);
  return d.isZero() ? ZERO : d; // "-0" is 0
}

/** Significant digits: leading and trailing zeros do not count (0 has none). */
export function digits(d: Dec): number {
  return d.isZero() ? 0 : d.sd(false);
}

/** Exponent of the leading digit (scientific notation's exponent). */
export function adjustedExp(d: Dec): number {
  return d.isZero() ? 0 : d.e;
}

/** What DynamoDB would refuse about this number, if anything. */
export function rangeProblem(d: Dec): RangeProblem | undefined {
  if (d.isZero()) return undefined;
  const adj = d.e;
  if (adj > MAX_ADJUSTED_EXP) return "overflow";
  if (adj < MIN_ADJUSTED_EXP) return "underflow";
  if (d.sd(false) > MAX_DIGITS) return "precision";
  return undefined;
}

export function compare(a: Dec, b: Dec): number {
  return a.cmp(b);
}

export function equals(a: Dec, b: Dec): boolean {
  return a.eq(b);
}

const noNegativeZero = (d: Dec): Dec => (d.isZero() ? ZERO : d);

export function add(a: Dec, b: Dec): Dec {
  return noNegativeZero(a.plus(b));
}

export function negate(a: Dec): Dec {
  return noNegativeZero(a.neg());
}

export function subtract(a: Dec, b: Dec): Dec {
  return noNegativeZero(a.minus(b));
}

/** Plain notation without exponent or trailing zeros, as DynamoDB returns numbers ("1.5E2" -> "150"). */
export function toString(d: Dec): string {
  return d.isZero() ? "0" : d.toFixed();
}

/** A JS number, for places that need one (TTL seconds); never for stored values. */
export function toNumber(d: Dec): number {
  return d.toNumber();
}

// Constraint validation of decoded input: required, length, range, pattern and enum,
// compiled once per shape from the generated schema, with AWS's message texts.
import type { Constraints, MemberSchema, ShapeSchema, ShapeTable } from "../schema.ts";

export interface Violation {
  /** lowerCamel member path, `.N.member` for list items (1-based) */
  path: string;
  value: unknown;
  /** "Member must ..." */
  constraint: string;
}

/**
 * Checks a value found at `path`. A null path is the quick first pass: nearly every input
 * passes, so no path text is built until a violation shows that one is needed.
 */
type Check = (value: unknown, path: string | null, out: Violation[]) => void;

const MAX_LISTED = 10;

/** `1 validation error detected: Value '0' at 'shardCount' failed to satisfy constraint: ...` */
export function formatViolations(violations: readonly Violation[]): string {
  const n = violations.length;
  const head = `${n} validation error${n === 1 ? "" : "s"} detected: `;
  return (
    head +
    violations
      .slice(0, MAX_LISTED)
      .map((v) => `Value ${printValue(v.value)} at '${v.path}' failed to satisfy constraint: ${v.constraint}`)
      .join("; ")
  );
}

/** How the JSON services print an offending value (Java's toString, quoted). */
export function printValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  return `'${javaString(value)}'`;
}

function javaString(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Uint8Array) return `java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map(javaString).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}=${javaString(v)}`)
      .join(", ")}}`;
  }
  return String(value);
}

export function lowerCamel(name: string): string {
  return name.length ? name[0].toLowerCase() + name.slice(1) : name;
}

const regexCache = new Map<string, RegExp>();

/** Smithy patterns are unanchored searches written for Java: `u` flag when it compiles. */
export function compilePattern(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    try {
      re = new RegExp(pattern, "u");
    } catch {
      re = new RegExp(pattern);
    }
    regexCache.set(pattern, re);
  }
  return re;
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function sizeOf(value: unknown): number | undefined {
  if (typeof value === "string") return codePointLength(value);
  if (value instanceof Uint8Array) return value.length;
  if (Array.isArray(value)) return value.length;
  if (value && typeof value === "object" && !(value instanceof Date)) return Object.keys(value).length;
  return undefined;
}

/** A member's own constraint traits win over its target's. */
export function effectiveConstraints(shape: ShapeSchema, member?: MemberSchema): Constraints {
  const c: Constraints = {};
  const length = member?.length ?? shape.length;
  const range = member?.range ?? shape.range;
  if (length) c.length = length;
  if (range) c.range = range;
  if (member?.pattern) {
    c.pattern = member.pattern;
    if (member.jsPattern) c.jsPattern = member.jsPattern;
  } else if (shape.pattern) {
    c.pattern = shape.pattern;
    if (shape.jsPattern) c.jsPattern = shape.jsPattern;
  }
  return c;
}

const NONE: readonly string[] = Object.freeze([]);

/** The constraint texts a value violates, in the order AWS's validator reports them. */
function constraintChecks(shape: ShapeSchema, c: Constraints): ((v: unknown) => readonly string[]) | undefined {
  const parts: ((v: unknown, out: string[]) => void)[] = [];
  if (shape.type === "enum" && shape.values?.length) {
    const allowed = new Set(shape.values);
    const text = `Member must satisfy enum value set: [${shape.values.join(", ")}]`;
    parts.push((v, out) => {
      if (!allowed.has(v as string)) out.push(text);
    });
  }
  if (c.range) {
    const { min, max } = c.range;
    parts.push((v, out) => {
      if (typeof v !== "number" && typeof v !== "bigint") return;
      if (min !== undefined && v < min) out.push(`Member must have value greater than or equal to ${min}`);
      if (max !== undefined && v > max) out.push(`Member must have value less than or equal to ${max}`);
    });
  }
  let lengthFailed = false;
  if (c.length) {
    const { min, max } = c.length;
    parts.push((v, out) => {
      lengthFailed = false;
      const n = sizeOf(v);
      if (n === undefined) return;
      if (min !== undefined && n < min) {
        out.push(`Member must have length greater than or equal to ${min}`);
        lengthFailed = true;
      }
      if (max !== undefined && n > max) {
        out.push(`Member must have length less than or equal to ${max}`);
        lengthFailed = true;
      }
    });
  }
  if (c.pattern) {
    const re = compilePattern(c.jsPattern ?? c.pattern);
    const text = `Member must satisfy regular expression pattern: ${c.pattern}`;
    parts.push((v, out) => {
      // A value already too short or too long is reported for its length only.
      if (typeof v === "string" && !lengthFailed && !re.test(v)) out.push(text);
    });
  }
  if (parts.length === 0) return undefined;
  // Nearly every value passes: the parts write into one list, copied only when it is not empty.
  const found: string[] = [];
  return (v) => {
    lengthFailed = false;
    for (const p of parts) p(v, found);
    if (found.length === 0) return NONE;
    const out = found.slice();
    found.length = 0;
    return out;
  };
}

/**
 * Every constraint of a shape, as the texts AWS lists in a "Map keys must satisfy
 * constraint: [...]" message: all of the key's rules, not only the one that failed,
 * length's maximum before its minimum.
 */
function describeConstraints(shape: ShapeSchema, c: Constraints): string[] {
  const out: string[] = [];
  if (shape.type === "enum" && shape.values?.length) out.push(`Member must satisfy enum value set: [${shape.values.join(", ")}]`);
  if (c.length?.max !== undefined) out.push(`Member must have length less than or equal to ${c.length.max}`);
  if (c.length?.min !== undefined) out.push(`Member must have length greater than or equal to ${c.length.min}`);
  if (c.pattern) out.push(`Member must satisfy regular expression pattern: ${c.pattern}`);
  return out;
}

export class Validator {
  private readonly checks = new Map<string, Check | null>();
  constructor(private readonly shapes: ShapeTable) {}

  /** Every violation in `value`, taken as an instance of shape `key`. */
  validate(key: string, value: unknown): Violation[] {
    const out: Violation[] = [];
    const check = this.shapeCheck(key);
    if (!check) return out;
    check(value, null, out);
    if (out.length === 0) return out;
    // something failed: again, with the paths the messages name
    out.length = 0;
    check(value, "", out);
    return out;
  }

  /** A check of a shape's contents (members, items, entries); null when there is nothing to check. */
  private shapeCheck(key: string): Check | null {
    if (this.checks.has(key)) return this.checks.get(key)!;
    // Recursive shapes: register an indirection first, then the real check.
    let real: Check | null = null;
    this.checks.set(key, (v, p, o) => real?.(v, p, o));
    real = this.build(key);
    this.checks.set(key, real);
    return real;
  }

  /** The check of a shape's contents, looked up when first used (a recursive shape's is not ready while it is built). */
  private innerCheck(target: string): () => Check | null {
    let check: Check | null | undefined;
    return () => (check === undefined ? (check = this.shapeCheck(target)) : check);
  }

  private memberCheck(member: MemberSchema, segment: (parent: string) => string, required: boolean): Check | null {
    const shape = this.shapes[member.target];
    if (!shape) throw new Error(`shape ${member.target} is not in the table`);
    const constraints = constraintChecks(shape, effectiveConstraints(shape, member));
    const needsInner = ["structure", "union", "list", "map"].includes(shape.type);
    const inner = needsInner ? this.innerCheck(member.target) : undefined;
    if (!required && !constraints && !needsInner) return null;
    return (value, parent, out) => {
      const path = parent === null ? null : segment(parent);
      if (value === undefined || value === null) {
        if (required) out.push({ path: path ?? "", value: null, constraint: "Member must not be null" });
        return;
      }
      if (constraints) for (const c of constraints(value)) out.push({ path: path ?? "", value, constraint: c });
      const i = inner?.();
      if (i) i(value, path, out);
    };
  }

  private build(key: string): Check | null {
    const shape = this.shapes[key];
    if (!shape) throw new Error(`shape ${key} is not in the table`);
    switch (shape.type) {
      case "structure":
      case "union": {
        const members: [string, Check][] = [];
        for (const [name, m] of Object.entries(shape.members ?? {})) {
          const seg = lowerCamel(name);
          const required = shape.type === "structure" && !!m.required && m.default === undefined;
          const c = this.memberCheck(m, (parent) => (parent ? `${parent}.${seg}` : seg), required);
          if (c) members.push([name, c]);
        }
        if (members.length === 0) return null;
        return (value, path, out) => {
          if (!value || typeof value !== "object") return;
          const obj = value as Record<string, unknown>;
          for (let i = 0; i < members.length; i++) members[i][1](obj[members[i][0]], path, out);
        };
      }
      case "list": {
        const item = this.memberCheck(shape.member!, (parent) => parent, !shape.sparse);
        if (!item) return null;
        return (value, path, out) => {
          if (!Array.isArray(value)) return;
          for (let i = 0; i < value.length; i++) item(value[i], path === null ? null : `${path}.${i + 1}.member`, out);
        };
      }
      case "map": {
        const keyShape = this.shapes[shape.key!.target];
        const keyRules = effectiveConstraints(keyShape, shape.key);
        const keyConstraints = constraintChecks(keyShape, keyRules);
        const keyText = `Map keys must satisfy constraint: [${describeConstraints(keyShape, keyRules).join(", ")}]`;
        const valueShape = this.shapes[shape.value!.target];
        const valueConstraints = constraintChecks(valueShape, effectiveConstraints(valueShape, shape.value));
        const valueInner = ["structure", "union", "list", "map"].includes(valueShape.type) ? this.innerCheck(shape.value!.target) : undefined;
        if (!keyConstraints && !valueConstraints && !valueInner) return null;
        return (value, path, out) => {
          if (!value || typeof value !== "object") return;
          const obj = value as Record<string, unknown>;
          let keysReported = false;
          for (const k in obj) {
            if (!Object.hasOwn(obj, k)) continue;
            const v = obj[k];
            // One violation for the map however many of its keys fail.
            if (!keysReported && keyConstraints?.(k).length) {
              keysReported = true;
              out.push({ path: path ?? "", value, constraint: keyText });
            }
            if (v === null || v === undefined) continue;
            const vc = valueConstraints?.(v);
            if (vc?.length) out.push({ path: path ?? "", value, constraint: `Map value must satisfy constraint: [${vc.join(", ")}]` });
            const inner = valueInner?.();
            if (inner) inner(v, path === null ? null : `${path}.${k}`, out);
          }
        };
      }
      default:
        return null;
    }
  }
}

// Synthesizes values of a service's shapes from its generated schema: one with only the
// required members ('required'; idempotency tokens are set too, explicitly, so the SDK does
// not invent one) and one with every member set ('full'). Every value is
// made from the shape's constraints (length, range, enum, and pattern via randexp) with a
// seeded PRNG, so a run is deterministic. Recursive shapes (DynamoDB's AttributeValue)
// nest at most two levels: an aggregate shape appears at most twice on any path.
// A few values cannot be generated from their constraint: test/support/overrides.ts.
import RandExp from "randexp";
import type { Constraints, MemberSchema, ShapeSchema, ShapeTable } from "../../runtime/schema.ts";
import { compilePattern, effectiveConstraints } from "../../runtime/validate/index.ts";

export type Mode = "required" | "full";
export type Rng = () => number;

/** mulberry32: a small, seedable PRNG with values in [0, 1). */
export function prng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string: turns case names into seeds. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Where a value is being made: the override table is keyed by these. */
export interface SynthSite {
  /** key of the shape the value is an instance of */
  shape: string;
  /** the structure/union and member name the value is for, when it is a member */
  owner?: string;
  member?: string;
}

export interface Override {
  /** why the value cannot be generated from the constraint */
  reason: string;
  value: (rng: Rng, site: SynthSite) => unknown;
}

/** "ShapeKey" applies wherever that shape is used; "Owner$Member" to one member only (wins). */
export type OverrideTable = Readonly<Record<string, Override>>;

const AGGREGATES = new Set<ShapeSchema["type"]>(["structure", "union", "list", "map"]);
/** an aggregate shape appears at most this many times on one path from the root */
const MAX_NESTING = 2;
/** entries of lists and maps in 'full' mode (and 'required' mode, when the constraint allows) */
const ENTRIES: Record<Mode, number> = { required: 1, full: 2 };
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** single code points: JSON escapes, 2-, 3- and 4-byte UTF-8 */
const SPECIAL = ['"', "\\", "/", "\n", "\t", " ", "<", "&", "é", "ß", "✓", "中", "😀", "\u2028"];

/** a header value that survives the trip: visible ASCII, no space at either end, no comma (list items) */
const HEADER_SAFE = /^(?:[\x21-\x2b\x2d-\x7e](?:[\x20-\x2b\x2d-\x7e]*[\x21-\x2b\x2d-\x7e])?)?$/;

export class SynthError extends Error {}

/** a UTF-16 half without its other half: no valid UTF-8 exists for it */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function codePoints(s: string): number {
  return [...s].length;
}

export class Synthesizer {
  private rng: Rng = prng(1);
  /** aggregate shape -> times it is on the current path */
  private readonly onPath = new Map<string, number>();
  private readonly reachMemo = new Map<string, ReadonlySet<string>>();
  /** union key -> variant -> times used, over the whole run */
  private readonly variantUse = new Map<string, Map<string, number>>();
  private readonly randexps = new Map<string, RandExp | Error>();
  /** override keys that were used, so the table can be checked for dead entries */
  readonly overridesUsed = new Set<string>();
  /**
   * Query protocols cannot carry an empty nested structure (it has no parameter of its
   * own): with this set, a nested structure that would be empty in 'required' mode gets
   * its first member, so the value can travel at all.
   */
  nonEmptyStructures = false;
  private depth = 0;
  /** above 0 while making a value that travels in an HTTP header (visible ASCII only) */
  private inHeader = 0;

  constructor(
    private readonly shapes: ShapeTable,
    private readonly overrides: OverrideTable = {},
  ) {}

  /** Restarts the PRNG: every case seeds from its own name, so cases do not depend on each other. */
  reseed(seed: number | string): void {
    this.rng = prng(typeof seed === "number" ? seed : seedOf(seed));
  }

  /** A value of shape `key` ('required': required members only; 'full': every member). */
  value(key: string, mode: Mode): unknown {
    this.onPath.clear();
    this.depth = 0;
    return this.make(key, mode, { shape: key }, undefined);
  }

  /** Every union reachable from `key`, with the variants not used so far in this run. */
  unusedVariants(key: string): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const k of this.reach(key)) {
      const s = this.shape(k);
      if (s.type !== "union") continue;
      const used = this.variantUse.get(k);
      const unused = Object.keys(s.members ?? {}).filter((v) => !used?.get(v));
      if (unused.length) out[k] = unused;
    }
    return out;
  }

  /** Counts a union variant as used (by a value the caller built from the variant's target). */
  useVariant(union: string, name: string): void {
    let use = this.variantUse.get(union);
    if (!use) this.variantUse.set(union, (use = new Map()));
    use.set(name, (use.get(name) ?? 0) + 1);
  }

  /** Aggregate shapes reachable from `key`, itself included. */
  reach(key: string): ReadonlySet<string> {
    let r = this.reachMemo.get(key);
    if (r) return r;
    const seen = new Set<string>();
    const visit = (k: string) => {
      if (seen.has(k)) return;
      const s = this.shape(k);
      if (!AGGREGATES.has(s.type)) return;
      seen.add(k);
      for (const m of this.children(s)) visit(m.target);
    };
    visit(key);
    r = seen;
    this.reachMemo.set(key, r);
    return r;
  }

  private children(s: ShapeSchema): MemberSchema[] {
    if (s.type === "structure" || s.type === "union") return Object.values(s.members ?? {});
    if (s.type === "list") return [s.member!];
    if (s.type === "map") return [s.key!, s.value!];
    return [];
  }

  private shape(key: string): ShapeSchema {
    const s = this.shapes[key];
    if (!s) throw new SynthError(`shape ${key} is not in the table`);
    return s;
  }

  /** Descending into `target` would put some aggregate on the path a third time. */
  private blocked(target: string): boolean {
    for (const k of this.reach(target)) if ((this.onPath.get(k) ?? 0) >= MAX_NESTING) return true;
    return false;
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng() * (hi - lo + 1));
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rng() * items.length)];
  }

  private override(site: SynthSite): unknown {
    const keys = site.owner && site.member ? [`${site.owner}$${site.member}`, site.shape] : [site.shape];
    for (const k of keys) {
      const o = this.overrides[k];
      if (o) {
        this.overridesUsed.add(k);
        return o.value(this.rng, site);
      }
    }
    return undefined;
  }

  private make(key: string, mode: Mode, site: SynthSite, member: MemberSchema | undefined): unknown {
    const o = this.override(site);
    if (o !== undefined) return o;
    const s = this.shape(key);
    if (!AGGREGATES.has(s.type)) return this.scalar(key, s, member);
    if (++this.depth > 64) throw new SynthError(`shape ${key}: nesting does not end (required members form a cycle)`);
    this.onPath.set(key, (this.onPath.get(key) ?? 0) + 1);
    try {
      switch (s.type) {
        case "structure":
          return this.structure(key, s, mode);
        case "union":
          return this.union(key, s, mode);
        case "list":
          return this.list(key, s, mode, member);
        default:
          return this.map(key, s, mode, member);
      }
    } finally {
      this.onPath.set(key, this.onPath.get(key)! - 1);
      this.depth--;
    }
  }

  private structure(key: string, s: ShapeSchema, mode: Mode): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, m] of Object.entries(s.members ?? {})) {
      const wanted = m.required || m.idempotencyToken || (mode === "full" && !this.blocked(m.target));
      if (!wanted) continue;
      // a header carries visible ASCII only: SDKs refuse anything else before sending
      const header = m.httpHeader !== undefined || m.httpPrefixHeaders !== undefined;
      if (header) this.inHeader++;
      try {
        out[name] = this.make(m.target, mode, { shape: m.target, owner: key, member: name }, m);
      } finally {
        if (header) this.inHeader--;
      }
    }
    if (this.nonEmptyStructures && this.depth > 1 && Object.keys(out).length === 0) {
      const first = Object.entries(s.members ?? {}).find(([, m]) => !this.blocked(m.target));
      if (first) out[first[0]] = this.make(first[1].target, mode, { shape: first[1].target, owner: key, member: first[0] }, first[1]);
    }
    return out;
  }

  private union(key: string, s: ShapeSchema, mode: Mode): Record<string, unknown> {
    const variants = Object.entries(s.members ?? {});
    const open = variants.filter(([, m]) => !this.blocked(m.target));
    if (open.length === 0) throw new SynthError(`union ${key}: every variant nests too deep`);
    let use = this.variantUse.get(key);
    if (!use) this.variantUse.set(key, (use = new Map()));
    // The least used variant that may be used here, so a run uses every variant.
    const least = Math.min(...open.map(([n]) => use!.get(n) ?? 0));
    const [name, m] = this.pick(open.filter(([n]) => (use!.get(n) ?? 0) === least));
    use.set(name, least + 1);
    return { [name]: this.make(m.target, mode, { shape: m.target, owner: key, member: name }, m) };
  }

  private count(c: Constraints, mode: Mode): number {
    const min = c.length?.min ?? 0;
    const max = c.length?.max ?? Number.MAX_SAFE_INTEGER;
    return Math.min(Math.max(ENTRIES[mode], min), max);
  }

  private list(key: string, s: ShapeSchema, mode: Mode, member: MemberSchema | undefined): unknown[] {
    const n = this.count(effectiveConstraints(s, member), mode);
    const item = s.member!;
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(this.make(item.target, mode, { shape: item.target, owner: key, member: "member" }, item));
    return out;
  }

  private map(key: string, s: ShapeSchema, mode: Mode, member: MemberSchema | undefined): Record<string, unknown> {
    const n = this.count(effectiveConstraints(s, member), mode);
    const out: Record<string, unknown> = {};
    for (let tries = 0; Object.keys(out).length < n && tries < 50; tries++) {
      const k = this.make(s.key!.target, mode, { shape: s.key!.target, owner: key, member: "key" }, s.key);
      if (typeof k !== "string") throw new SynthError(`map ${key}: key is not a string`);
      if (k in out) continue;
      out[k] = this.make(s.value!.target, mode, { shape: s.value!.target, owner: key, member: "value" }, s.value);
    }
    if (Object.keys(out).length < Math.min(n, 1)) throw new SynthError(`map ${key}: no distinct keys`);
    return out;
  }

  private scalar(key: string, s: ShapeSchema, member: MemberSchema | undefined): unknown {
    const c = effectiveConstraints(s, member);
    switch (s.type) {
      case "enum":
      case "intEnum":
        if (!s.values?.length) throw new SynthError(`enum ${key} has no values`);
        return this.pick(s.values);
      case "string":
        if (member?.idempotencyToken) return this.token();
        return this.string(key, c);
      case "boolean":
        return this.rng() < 0.5;
      case "byte":
      case "short":
      case "integer":
      case "long":
      case "bigInteger": {
        const [lo, hi] = this.bounds(c, s.type);
        let n = this.int(lo, hi);
        // now and then a limit: the constraint's, or the type's where the model sets none
        if (this.rng() < 0.2) n = this.pick(this.limits(c, s.type));
        return s.type === "bigInteger" ? BigInt(n) : n;
      }
      case "float":
      case "double":
      case "bigDecimal": {
        // without a range, now and then a value JSON has no number for
        if (!c.range && this.rng() < 0.25) return this.pick([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
        const [lo, hi] = this.bounds(c, s.type);
        // quarters are exact in binary and in decimal, so they survive any JSON encoder
        const q = this.int(Math.ceil(lo * 4), Math.floor(hi * 4));
        return q / 4;
      }
      case "timestamp": {
        // whole seconds between 2015 and 2030
        const seconds = this.int(1_420_070_400, 1_893_456_000);
        return new Date(seconds * 1000);
      }
      case "blob": {
        const min = c.length?.min ?? 0;
        const max = c.length?.max ?? 64;
        const n = Math.min(Math.max(min, this.int(1, 24)), max);
        const b = new Uint8Array(n);
        for (let i = 0; i < n; i++) b[i] = this.int(0, 255);
        return b;
      }
      case "document":
        return { n: this.int(0, 100), s: this.string(key, {}) };
      default:
        throw new SynthError(`shape ${key}: no synthesis for type ${s.type}`);
    }
  }

  /** the smallest and largest value of a type JavaScript numbers hold exactly */
  private typeLimits(type: ShapeSchema["type"]): [number, number] {
    if (type === "byte") return [-128, 127];
    if (type === "short") return [-32768, 32767];
    if (type === "integer" || type === "intEnum") return [-2147483648, 2147483647];
    return [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
  }

  private limits(c: Constraints, type: ShapeSchema["type"]): [number, number] {
    const [typeMin, typeMax] = this.typeLimits(type);
    return [Math.max(c.range?.min ?? typeMin, typeMin), Math.min(c.range?.max ?? typeMax, typeMax)];
  }

  private bounds(c: Constraints, type: ShapeSchema["type"]): [number, number] {
    const width = type === "byte" ? 100 : 10_000;
    const [typeMin, typeMax] = this.typeLimits(type);
    const min = c.range?.min;
    const max = c.range?.max;
    let lo = min ?? (max !== undefined ? Math.min(0, max) : 0);
    let hi = max ?? lo + width;
    lo = Math.max(lo, typeMin);
    hi = Math.min(hi, typeMax, lo + width);
    if (hi < lo) throw new SynthError(`range ${JSON.stringify(c.range)} is empty`);
    return [lo, hi];
  }

  /** An idempotency token as the SDKs make them: a UUID v4 (set explicitly, so the SDK sends it as is). */
  private token(): string {
    const hex = (n: number) => Array.from({ length: n }, () => this.int(0, 15).toString(16)).join("");
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[this.int(0, 3)]}${hex(3)}-${hex(12)}`;
  }

  private string(key: string, c: Constraints): string {
    const min = c.length?.min ?? 0;
    const max = c.length?.max ?? Number.MAX_SAFE_INTEGER;
    const lengthOk = (v: string) => {
      const n = codePoints(v);
      return n >= min && n <= max;
    };
    if (!c.pattern) {
      const n = Math.min(Math.max(min, this.int(6, 14)), max);
      const chars: string[] = [];
      for (let i = 0; i < n; i++) chars.push(ALNUM[this.int(0, ALNUM.length - 1)]);
      // now and then one character that JSON must escape or UTF-8 must encode in several bytes
      if (n > 1 && this.inHeader === 0 && this.rng() < 0.3) chars[this.int(1, n - 1)] = this.pick(SPECIAL);
      return chars.join("");
    }
    const source = c.jsPattern ?? c.pattern;
    const re = compilePattern(source);
    let gen = this.randexps.get(source);
    if (!gen) {
      try {
        gen = new RandExp(source);
      } catch (e) {
        gen = e as Error;
      }
      this.randexps.set(source, gen);
    }
    if (gen instanceof Error) throw new SynthError(`shape ${key}: randexp cannot read /${source}/ (${gen.message}); add an override`);
    gen.randInt = (a: number, b: number) => this.int(a, b);
    // Repetitions are capped low first, then raised when the length constraint needs more.
    for (let attempt = 0; attempt < 60; attempt++) {
      gen.max = attempt < 20 ? 6 : attempt < 40 ? 24 : 96;
      let v = gen.gen();
      // An unanchored end lets a too-short value grow.
      if (codePoints(v) < min && !/\$$/.test(source)) v += "a".repeat(min - codePoints(v));
      if (this.inHeader > 0 && !HEADER_SAFE.test(v)) continue;
      if (!LONE_SURROGATE.test(v) && lengthOk(v) && re.test(v)) return v;
    }
    throw new SynthError(`shape ${key}: no value from /${source}/ within length ${JSON.stringify(c.length ?? {})}; add an override`);
  }
}

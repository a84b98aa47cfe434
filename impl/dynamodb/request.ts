// A request's expressions: ExpressionAttributeNames/Values checked, the expression
// parameters parsed (or the legacy parameters translated into the same tree), and the
// names and values nobody used reported. Also key conditions for Query.
import type {
  AttributeValueUpdate,
  Condition,
  ConditionalOperator,
  ExpectedAttributeValue,
} from "../../generated/dynamodb/index.ts";
import * as messages from "./messages.ts";
import type { Comparator, Cond, Operand, Path, UpdateExpr, ValueRef } from "./expr/ast.ts";
import { path } from "./expr/ast.ts";
import { ExprScope, parseCondition, parseProjection, parseUpdate, type ExprKind } from "./expr/parser.ts";
import type { KeyDef, Range } from "./store.ts";
import type { AV, Item } from "./values.ts";
import { compareScalars, invalid, normalize, typeOf } from "./values.ts";

export interface ExprInput {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AV>;
}

const NONE: string[] = [];

/** The names of the parameters given (a shared empty list when there are none). */
function present(params: Record<string, unknown>): string[] {
  let out = NONE;
  for (const k in params) {
    if (params[k] === undefined) continue;
    if (out === NONE) out = [];
    out.push(k);
  }
  return out;
}

/** The expression and legacy parameters of one request (or one transaction item). */
export class RequestExpressions {
  readonly scope: ExprScope;

  /**
   * `expressions`: the expression parameters present (by name); `legacy`: the legacy ones.
   */
  constructor(input: ExprInput, expressions: Record<string, unknown>, legacy: Record<string, unknown> = {}) {
    const exprNames = present(expressions);
    const legacyNames = present(legacy);
    if (exprNames.length && legacyNames.length) throw invalid(messages.mixedParams(legacyNames, exprNames));
    const names = input.ExpressionAttributeNames;
    const rawValues = input.ExpressionAttributeValues;
    if (!exprNames.length) {
      if (rawValues !== undefined) throw invalid(messages.eavWithoutExpressions());
      if (names !== undefined) throw invalid(messages.eanWithoutExpressions());
    }
    if (names !== undefined && Object.keys(names).length === 0) throw invalid(messages.eanEmpty());
    if (rawValues !== undefined && Object.keys(rawValues).length === 0) throw invalid(messages.eavEmpty());
    for (const k of Object.keys(names ?? {})) {
      if (!/^#[A-Za-z0-9_]+$/.test(k)) throw invalid(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${k}"`);
    }
    let values: Record<string, AV> | undefined;
    if (rawValues) {
      values = {};
      for (const [k, v] of Object.entries(rawValues)) {
        if (!/^:[A-Za-z0-9_]+$/.test(k)) throw invalid(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${k}"`);
        try {
          values[k] = normalize(v);
        } catch (e) {
          const msg = (e as Error).message;
          throw invalid(messages.eavInvalid(msg, k));
        }
      }
    }
    this.scope = new ExprScope(names, values);
  }

  condition(text: string | undefined, kind: ExprKind = "ConditionExpression"): Cond | undefined {
    return text === undefined ? undefined : parseCondition(text, kind, this.scope);
  }

  projection(text: string | undefined): Path[] | undefined {
    return text === undefined ? undefined : parseProjection(text, this.scope);
  }

  update(text: string | undefined): UpdateExpr | undefined {
    return text === undefined ? undefined : parseUpdate(text, this.scope);
  }

  /** Reports names and values defined and never used (call after every expression is parsed). */
  finish(): void {
    const { names, values, usedNames, usedValues } = this.scope;
    const unusedNames = Object.keys(names ?? {}).filter((k) => !usedNames.has(k));
    if (unusedNames.length) throw invalid(messages.unusedNames(unusedNames));
    const unusedValues = Object.keys(values ?? {}).filter((k) => !usedValues.has(k));
    if (unusedValues.length) throw invalid(messages.unusedValues(unusedValues));
  }
}

// --- legacy parameters ------------------------------------------------------------------------

let synthetic = 0;
const lit = (v: AV): ValueRef => ({ kind: "value", name: `:legacy${++synthetic}`, value: normalize(v) });

const ARGS: Record<string, [number, number]> = {
  EQ: [1, 1],
  NE: [1, 1],
  LE: [1, 1],
  LT: [1, 1],
  GE: [1, 1],
  GT: [1, 1],
  NOT_NULL: [0, 0],
  NULL: [0, 0],
  CONTAINS: [1, 1],
  NOT_CONTAINS: [1, 1],
  BEGINS_WITH: [1, 1],
  IN: [1, Infinity],
  BETWEEN: [2, 2],
};

/** The legacy comparison operators and the expression comparators they stand for. */
const LEGACY_COMPARATORS: Record<string, Comparator | undefined> = { EQ: "=", NE: "<>", LE: "<=", LT: "<", GE: ">=", GT: ">" };

/** One legacy condition on a top-level attribute, as a condition tree. */
function legacyCondition(name: string, op: string, list: AV[] | undefined): Cond {
  const args = list ?? [];
  const [min, max] = ARGS[op] ?? [0, 0];
  if (args.length < min || args.length > max) throw invalid(messages.legacyArgCount(op));
  const p = path(name);
  const vals = args.map(lit);
  const scalarOnly = ["LE", "LT", "GE", "GT", "BETWEEN", "BEGINS_WITH", "CONTAINS", "NOT_CONTAINS"];
  for (const v of vals) {
    const t = typeOf(v.value);
    if (scalarOnly.includes(op) && !(t === "S" || t === "N" || t === "B")) throw invalid(messages.legacyBadArgType(op, t));
    if (op === "BEGINS_WITH" && t === "N") throw invalid(messages.legacyBadArgType(op, t));
    if ((op === "EQ" || op === "NE" || op === "IN") && (t === "M" || t === "L")) throw invalid(messages.legacyBadArgType(op, t));
  }
  const comparator = LEGACY_COMPARATORS[op];
  if (comparator) return { kind: "cmp", op: comparator, left: p, right: vals[0] };
  switch (op) {
    case "NOT_NULL":
      return { kind: "exists", path: p };
    case "NULL":
      return { kind: "not_exists", path: p };
    case "CONTAINS":
      return { kind: "contains", arg: p, operand: vals[0] };
    case "NOT_CONTAINS":
      return { kind: "and", left: { kind: "exists", path: p }, right: { kind: "not", cond: { kind: "contains", arg: p, operand: vals[0] } } };
    case "BEGINS_WITH":
      return { kind: "begins_with", arg: p, prefix: vals[0] };
    case "IN":
      return { kind: "in", operand: p, list: vals };
    case "BETWEEN": {
      const c = compareScalars(vals[0].value, vals[1].value);
      if (c === undefined) throw invalid(messages.legacyBadArgType(op, typeOf(vals[1].value)));
      return { kind: "between", operand: p, lo: vals[0], hi: vals[1] };
    }
    default:
      throw invalid(messages.legacyArgCount(op));
  }
}

function combine(conds: Cond[], op: ConditionalOperator | undefined): Cond | undefined {
  if (!conds.length) return undefined;
  return conds.reduce((a, b) => ({ kind: op === "OR" ? "or" : "and", left: a, right: b }));
}

/** Expected (PutItem, UpdateItem, DeleteItem) as a condition. */
export function expectedCondition(expected: Record<string, ExpectedAttributeValue> | undefined, op: ConditionalOperator | undefined): Cond | undefined {
  if (!expected) return undefined;
  const entries = Object.entries(expected);
  if (op !== undefined && entries.length < 2) throw invalid(messages.conditionalOperatorWithoutMany());
  const conds = entries.map(([name, e]): Cond => {
    if (e.ComparisonOperator !== undefined) {
      if (e.Exists !== undefined) throw invalid(messages.legacyExistsAndOperator());
      const list = e.AttributeValueList ?? (e.Value !== undefined ? [e.Value] : undefined);
      return legacyCondition(name, e.ComparisonOperator, list);
    }
    if (e.Exists === false) {
      if (e.Value !== undefined) throw invalid(messages.legacyExistsWithValue());
      return { kind: "not_exists", path: path(name) };
    }
    if (e.Value === undefined) throw invalid(messages.legacyExistsNeedsValue());
    return { kind: "cmp", op: "=", left: path(name), right: lit(e.Value) };
  });
  return combine(conds, op);
}

/** QueryFilter / ScanFilter (and KeyConditions) as a condition. */
export function filterCondition(filter: Record<string, Condition> | undefined, op: ConditionalOperator | undefined): Cond | undefined {
  if (!filter) return undefined;
  const entries = Object.entries(filter);
  if (op !== undefined && entries.length < 2) throw invalid(messages.conditionalOperatorWithoutMany());
  return combine(
    entries.map(([name, c]) => legacyCondition(name, c.ComparisonOperator, c.AttributeValueList)),
    op,
  );
}

/** AttributeUpdates as an update (PUT, DELETE with or without a set, ADD numbers, sets, lists). */
export function attributeUpdates(updates: Record<string, AttributeValueUpdate>): UpdateExpr {
  const u: UpdateExpr = { set: [], remove: [], add: [], delete: [], appendLists: [] };
  for (const [name, a] of Object.entries(updates)) {
    const action = a.Action ?? "PUT";
    const p = path(name);
    if (a.Value === undefined) {
      if (action !== "DELETE") throw invalid(messages.attributeUpdateNoValue(action));
      u.remove.push(p);
      continue;
    }
    const v = lit(a.Value);
    const t = typeOf(v.value);
    if (action === "PUT") u.set.push({ path: p, value: v });
    else if (action === "DELETE") {
      if (!(t === "SS" || t === "NS" || t === "BS")) throw invalid(messages.attributeUpdateDeleteNumber());
      u.delete.push({ path: p, value: v });
    } else if (t === "L") u.appendLists!.push({ path: p, value: v });
    else {
      if (!(t === "N" || t === "SS" || t === "NS" || t === "BS")) throw invalid(messages.attributeUpdateAddType(t));
      u.add.push({ path: p, value: v });
    }
  }
  return u;
}

export function attributesToGet(names: string[] | undefined): Path[] | undefined {
  if (!names) return undefined;
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw invalid(messages.projectionDuplicate(n));
    seen.add(n);
  }
  return names.map((n) => path(n));
}

// --- key conditions ---------------------------------------------------------------------------------

export interface KeyCondition {
  hash: AV;
  range: Range;
  /** the sort key condition, for checking ExclusiveStartKey */
  rangeCond?: Cond;
}

function single(o: Operand): string | undefined {
  return o.kind === "path" && o.elems.length === 1 && typeof o.elems[0] === "string" ? o.elems[0] : undefined;
}

const startsWith = (v: AV, p: AV): boolean => {
  if (v.S !== undefined && p.S !== undefined) return v.S.startsWith(p.S);
  if (v.B !== undefined && p.B !== undefined) return Buffer.from(v.B).subarray(0, p.B.byteLength).equals(Buffer.from(p.B)) && v.B.byteLength >= p.B.byteLength;
  return false;
};

/** Checks a key condition against the key schema and turns it into a partition and a range. */
export function keyCondition(cond: Cond, hash: KeyDef, range: KeyDef | undefined, kind: "expr" | "legacy"): KeyCondition {
  const leaves: Cond[] = [];
  const walk = (c: Cond) => {
    if (c.kind === "and") {
      walk(c.left);
      walk(c.right);
    } else leaves.push(c);
  };
  walk(cond);
  const prefix = kind === "expr" ? "Invalid KeyConditionExpression: " : "";
  const unsupported = () => invalid(messages.keyConditionNotSupported());
  let hashValue: AV | undefined;
  let rangeCond: Cond | undefined;
  let out: Range | undefined;
  const typed = (v: Operand, def: KeyDef): AV => {
    if (v.kind !== "value") throw unsupported();
    if (typeOf(v.value) !== def.type) throw invalid("One or more parameter values were invalid: Condition parameter type does not match schema type");
    return v.value;
  };
  for (const c of leaves) {
    let attr: string | undefined;
    if (c.kind === "cmp") attr = single(c.left) ?? (c.op === "=" ? single(c.right) : undefined);
    else if (c.kind === "between") attr = single(c.operand);
    else if (c.kind === "begins_with") attr = single(c.arg);
    else {
      const OP: Record<string, string> = { or: "OR", not: "NOT", in: "IN", contains: "contains", exists: "attribute_exists", not_exists: "attribute_not_exists", type: "attribute_type" };
      if (kind === "expr" && OP[c.kind]) throw invalid(`${prefix}Invalid operator used in KeyConditionExpression: ${OP[c.kind]}`);
      throw unsupported();
    }
    if (attr === undefined) throw unsupported();
    if (attr === hash.name) {
      if (hashValue !== undefined) throw invalid(`${prefix}${messages.keyConditionOnePerKey()}`);
      if (c.kind !== "cmp" || c.op !== "=") throw unsupported();
      hashValue = typed(single(c.left) ? c.right : c.left, hash);
    } else if (range && attr === range.name) {
      if (rangeCond !== undefined) throw invalid(`${prefix}${messages.keyConditionOnePerKey()}`);
      rangeCond = c;
      out = rangeOf(c, range, typed, unsupported);
    } else throw unsupported();
  }
  if (hashValue === undefined) throw invalid(messages.keyConditionMissedKey(hash.name));
  return { hash: hashValue, range: out ?? { belowStart: () => false, belowEnd: () => true }, rangeCond };
}

function rangeOf(c: Cond, def: KeyDef, typed: (o: Operand, d: KeyDef) => AV, unsupported: () => Error): Range {
  const cmp = (a: AV, b: AV) => compareScalars(a, b) ?? 0;
  if (c.kind === "between") {
    const lo = typed(c.lo, def);
    const hi = typed(c.hi, def);
    return { belowStart: (sk) => cmp(sk, lo) < 0, belowEnd: (sk) => cmp(sk, hi) <= 0 };
  }
  if (c.kind === "begins_with") {
    const p = typed(c.prefix, def);
    if (def.type === "N") throw invalid("One or more parameter values were invalid: Condition parameter type does not match schema type");
    return { belowStart: (sk) => cmp(sk, p) < 0, belowEnd: (sk) => cmp(sk, p) < 0 || startsWith(sk, p) };
  }
  if (c.kind !== "cmp") throw unsupported();
  const leftIsKey = single(c.left) === def.name;
  const v = typed(leftIsKey ? c.right : c.left, def);
  // with the key on the right, flip the comparator
  const flip: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "<>": "<>" };
  const op = leftIsKey ? c.op : flip[c.op];
  switch (op) {
    case "=":
      return { belowStart: (sk) => cmp(sk, v) < 0, belowEnd: (sk) => cmp(sk, v) <= 0 };
    case "<":
      return { belowStart: () => false, belowEnd: (sk) => cmp(sk, v) < 0 };
    case "<=":
      return { belowStart: () => false, belowEnd: (sk) => cmp(sk, v) <= 0 };
    case ">":
      return { belowStart: (sk) => cmp(sk, v) <= 0, belowEnd: () => true };
    case ">=":
      return { belowStart: (sk) => cmp(sk, v) < 0, belowEnd: () => true };
    default:
      throw unsupported();
  }
}

export type { Item };

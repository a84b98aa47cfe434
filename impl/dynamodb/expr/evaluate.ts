// Evaluating conditions and projections on an item, and applying update actions.
import * as D from "../decimal.ts";
import type { AV, Item } from "../values.ts";
import { checkArithmetic, compareBytes, compareScalars, deepClone, equals, invalid, setHas, typeOf } from "../values.ts";
import type { Cond, Operand, Path, PathElem, SetValue, UpdateExpr, ValueRef } from "./ast.ts";

/** The value at a document path, or undefined when any step is missing or of the wrong type. */
export function resolve(item: Item | undefined, elems: PathElem[]): AV | undefined {
  if (!item) return undefined;
  let cur: AV | undefined = item[elems[0] as string];
  for (let i = 1; i < elems.length && cur; i++) {
    const e = elems[i];
    if (typeof e === "number") cur = cur.L ? cur.L[e] : undefined;
    else cur = cur.M ? cur.M[e] : undefined;
  }
  return cur;
}

/**
 * size(): a String's length, a Binary's bytes, a set's or list's elements, a map's entries;
 * undefined (the comparison is false) for numbers, booleans and nulls. A String's length
 * is counted in UTF-16 code units, as Java's String.length() does: size("é𝄞") is 3 on
 * DynamoDB (observed against DynamoDB and recorded in ExtendDB's issue #60 and its fix,
 * pull request #67), neither its UTF-8 bytes (6) nor its code points (2). AWS's
 * documentation only says "the length of the string".
 */
function sizeOf(v: AV): number | undefined {
  switch (typeOf(v)) {
    case "S":
      return v.S!.length;
    case "B":
      return v.B!.byteLength;
    case "SS":
      return v.SS!.length;
    case "NS":
      return v.NS!.length;
    case "BS":
      return v.BS!.length;
    case "L":
      return v.L!.length;
    case "M":
      return Object.keys(v.M!).length;
    default:
      return undefined;
  }
}

export function operand(o: Operand, item: Item | undefined): AV | undefined {
  switch (o.kind) {
    case "value":
      return o.value;
    case "path":
      return resolve(item, o.elems);
    case "size": {
      const v = operand(o.arg, item);
      const n = v === undefined ? undefined : sizeOf(v);
      return n === undefined ? undefined : { N: String(n) };
    }
  }
}

function ordered(a: AV | undefined, b: AV | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : compareScalars(a, b);
}

/** Whether the condition holds for the item (undefined: the item does not exist). */
export function evaluate(c: Cond, item: Item | undefined): boolean {
  switch (c.kind) {
    case "true":
      return true;
    case "and":
      return evaluate(c.left, item) && evaluate(c.right, item);
    case "or":
      return evaluate(c.left, item) || evaluate(c.right, item);
    case "not":
      return !evaluate(c.cond, item);
    case "exists":
      return resolve(item, c.path.elems) !== undefined;
    case "not_exists":
      return resolve(item, c.path.elems) === undefined;
    case "cmp": {
      const a = operand(c.left, item);
      const b = operand(c.right, item);
      if (c.op === "=") return a !== undefined && b !== undefined && equals(a, b);
      if (c.op === "<>") return a === undefined || b === undefined ? a !== b : !equals(a, b);
      const o = ordered(a, b);
      if (o === undefined) return false;
      return c.op === "<" ? o < 0 : c.op === "<=" ? o <= 0 : c.op === ">" ? o > 0 : o >= 0;
    }
    case "between": {
      const v = operand(c.operand, item);
      const lo = ordered(v, operand(c.lo, item));
      const hi = ordered(v, operand(c.hi, item));
      return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
    }
    case "in": {
      const v = operand(c.operand, item);
      if (v === undefined) return false;
      return c.list.some((o) => {
        const x = operand(o, item);
        return x !== undefined && equals(v, x);
      });
    }
    case "type": {
      const v = resolve(item, c.path.elems);
      const t = operand(c.type, item);
      return v !== undefined && t?.S !== undefined && typeOf(v) === t.S;
    }
    case "begins_with": {
      const v = operand(c.arg, item);
      const p = operand(c.prefix, item);
      if (!v || !p) return false;
      if (v.S !== undefined && p.S !== undefined) return v.S.startsWith(p.S);
      if (v.B !== undefined && p.B !== undefined) {
        return p.B.byteLength <= v.B.byteLength && compareBytes(v.B.subarray(0, p.B.byteLength), p.B) === 0;
      }
      return false;
    }
    case "contains": {
      const v = operand(c.arg, item);
      const x = operand(c.operand, item);
      if (!v || !x) return false;
      if (v.S !== undefined) return x.S !== undefined && v.S.includes(x.S);
      if (v.B !== undefined) return x.B !== undefined && Buffer.from(v.B).includes(Buffer.from(x.B));
      if (v.SS || v.NS || v.BS) return setHas(v, x);
      if (v.L) return v.L.some((e) => equals(e, x));
      return false;
    }
  }
}

// --- projection ---------------------------------------------------------------------------------

/** The item reduced to the given document paths (nested maps and lists keep their shape). */
export function project(item: Item, paths: Path[]): Item {
  const out: Item = {};
  for (const p of paths) {
    const v = resolve(item, p.elems);
    if (v === undefined) continue;
    // build the path in `out`; list elements are gathered in index order, compacted later
    let container: Record<string | number, AV> = out as Record<string, AV>;
    for (let i = 0; i < p.elems.length - 1; i++) {
      const e = p.elems[i];
      const nextIsIndex = typeof p.elems[i + 1] === "number";
      let child = container[e as string];
      if (!child) {
        child = nextIsIndex ? ({ L: [] } as AV) : { M: {} };
        container[e as string] = child;
      }
      container = (nextIsIndex ? child.L : child.M) as unknown as Record<string | number, AV>;
    }
    container[p.elems[p.elems.length - 1] as string] = v;
  }
  return compact(out) as Item;
}

/** Lists built by index in `project` may have holes: DynamoDB returns them without. */
function compact(m: Record<string, AV>): Record<string, AV> {
  for (const k of Object.keys(m)) m[k] = compactValue(m[k]);
  return m;
}
function compactValue(v: AV): AV {
  if (v.L) return { L: v.L.filter((x) => x !== undefined).map(compactValue) };
  if (v.M) return { M: compact({ ...v.M }) };
  return v;
}

// --- updates -------------------------------------------------------------------------------------

const INVALID_PATH = "The document path provided in the update expression is invalid for update";
const MISSING_ATTRIBUTE = "The provided expression refers to an attribute that does not exist in the item";
const WRONG_TYPE = "An operand in the update expression has an incorrect data type";

/**
 * The errors an update raises because of the item's data rather than the request's text
 * (a missing attribute, an operand of the wrong type, a path through a missing map, an
 * overflowing sum). A transaction reports them as its item's ValidationError
 * CancellationReason instead of failing the whole request.
 */
const dataErrors = new WeakSet<object>();
export const isDataError = (e: unknown): boolean => typeof e === "object" && e !== null && dataErrors.has(e);
export function dataError<E>(e: E): E {
  if (typeof e === "object" && e !== null) dataErrors.add(e);
  return e;
}

const fail = (m: string): never => {
  throw invalid(`Invalid UpdateExpression: ${m}`);
};
const failPlain = (m: string): never => {
  throw dataError(invalid(m));
};
function arithmetic(r: D.Dec): void {
  try {
    checkArithmetic(r);
  } catch (e) {
    throw dataError(e);
  }
}

function setValue(v: SetValue, item: Item): AV {
  switch (v.kind) {
    case "value":
      return v.value;
    case "path": {
      const x = resolve(item, v.elems);
      return x === undefined ? failPlain(MISSING_ATTRIBUTE) : x;
    }
    case "size":
      return fail("The function is not allowed in an update expression; function: size");
    case "if_not_exists": {
      const x = resolve(item, v.path.elems);
      return x !== undefined ? x : setValue(v.value, item);
    }
    case "list_append": {
      const a = setValue(v.a, item);
      const b = setValue(v.b, item);
      // values are checked when parsed; a document path holding a non-list fails here
      for (const x of [a, b]) if (!x.L) failPlain(WRONG_TYPE);
      return { L: [...a.L!, ...b.L!] };
    }
    case "plus":
    case "minus": {
      const a = setValue(v.left, item);
      const b = setValue(v.right, item);
      if (a.N === undefined || b.N === undefined) failPlain(WRONG_TYPE);
      const x = D.parse(a.N!)!;
      const y = D.parse(b.N!)!;
      const r = v.kind === "plus" ? D.add(x, y) : D.subtract(x, y);
      arithmetic(r);
      return { N: D.toString(r) };
    }
  }
}

/** Sets a document path in `item` (mutated): its parent must exist and be of the right type. */
function assign(item: Item, elems: PathElem[], value: AV): void {
  if (elems.length === 1) {
    item[elems[0] as string] = value;
    return;
  }
  const parent = resolve(item, elems.slice(0, -1));
  const last = elems[elems.length - 1];
  if (typeof last === "number") {
    if (!parent?.L) return failPlain(INVALID_PATH);
    if (last >= parent.L.length) parent.L.push(value);
    else parent.L[last] = value;
  } else {
    if (!parent?.M) return failPlain(INVALID_PATH);
    parent.M[last] = value;
  }
}

interface ListRemoval {
  list: AV[];
  index: number;
}

function unset(item: Item, elems: PathElem[], removals: ListRemoval[]): void {
  if (elems.length === 1) {
    delete item[elems[0] as string];
    return;
  }
  const parent = resolve(item, elems.slice(0, -1));
  const last = elems[elems.length - 1];
  if (typeof last === "number") {
    if (parent?.L && last < parent.L.length) removals.push({ list: parent.L, index: last });
  } else if (parent?.M) delete parent.M[last];
}

const ADD_TYPES: Record<string, string> = {
  S: "STRING",
  B: "BINARY",
  BOOL: "BOOLEAN",
  NULL: "NULL",
  L: "LIST",
  M: "MAP",
};

function addTo(item: Item, p: Path, ref: ValueRef): void {
  const v = ref.value;
  const t = typeOf(v);
  if (!(t === "N" || t === "SS" || t === "NS" || t === "BS")) {
    fail(`Incorrect operand type for operator or function; operator: ADD, operand type: ${ADD_TYPES[t] ?? t}`);
  }
  const cur = resolve(item, p.elems);
  if (cur === undefined) return assign(item, p.elems, deepClone(v));
  if (t === "N") {
    if (cur.N === undefined) return failPlain(WRONG_TYPE);
    const r = D.add(D.parse(cur.N)!, D.parse(v.N!)!);
    arithmetic(r);
    return assign(item, p.elems, { N: D.toString(r) });
  }
  if (typeOf(cur) !== t) return failPlain(WRONG_TYPE);
  const merged = deepClone(cur);
  if (t === "SS") for (const s of v.SS!) if (!merged.SS!.includes(s)) merged.SS!.push(s);
  if (t === "NS") for (const n of v.NS!) if (!setHas(merged, { N: n })) merged.NS!.push(n);
  if (t === "BS") for (const b of v.BS!) if (!setHas(merged, { B: b })) merged.BS!.push(b);
  assign(item, p.elems, merged);
}

function deleteFrom(item: Item, p: Path, ref: ValueRef, removals: ListRemoval[]): void {
  const v = ref.value;
  const t = typeOf(v);
  if (!(t === "SS" || t === "NS" || t === "BS")) {
    fail(`Incorrect operand type for operator or function; operator: DELETE, operand type: ${ADD_TYPES[t] ?? (t === "N" ? "NUMBER" : t)}`);
  }
  const cur = resolve(item, p.elems);
  if (cur === undefined) return;
  if (typeOf(cur) !== t) return failPlain(WRONG_TYPE);
  const next: AV =
    t === "SS"
      ? { SS: cur.SS!.filter((x) => !v.SS!.includes(x)) }
      : t === "NS"
        ? { NS: cur.NS!.filter((x) => !setHas(v, { N: x })) }
        : { BS: cur.BS!.filter((x) => !setHas(v, { B: x })) };
  const left = (next.SS ?? next.NS ?? next.BS)!.length;
  if (left === 0) unset(item, p.elems, removals);
  else assign(item, p.elems, next);
}

/**
 * The item after the update's actions: every value is computed from the item as it was
 * before the update, then the actions are applied in order (list elements removed last,
 * highest index first, so that indexes refer to the list as it was).
 */
export function applyUpdate(u: UpdateExpr, before: Item): Item {
  const values = u.set.map((a) => setValue(a.value, before));
  const item: Item = {};
  for (const k in before) item[k] = deepClone(before[k]);
  const removals: ListRemoval[] = [];
  u.set.forEach((a, i) => assign(item, a.path.elems, deepClone(values[i])));
  for (const p of u.remove) unset(item, p.elems, removals);
  for (const a of u.add) addTo(item, a.path, a.value);
  for (const a of u.delete) deleteFrom(item, a.path, a.value, removals);
  for (const a of u.appendLists ?? []) {
    const cur = resolve(item, a.path.elems);
    if (cur === undefined) assign(item, a.path.elems, deepClone(a.value.value));
    else if (cur.L) cur.L.push(...a.value.value.L!.map(deepClone));
    else failPlain(WRONG_TYPE);
  }
  removals.sort((a, b) => b.index - a.index);
  for (const r of removals) r.list.splice(r.index, 1);
  return item;
}

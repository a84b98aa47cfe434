// The expression language's syntax tree: operands, conditions and update actions, with
// attribute names and values already resolved from ExpressionAttributeNames/Values.
import type { AV } from "../values.ts";

export type PathElem = string | number;

export interface Path {
  kind: "path";
  elems: PathElem[];
}
export interface ValueRef {
  kind: "value";
  /** the placeholder (":v"), or a synthetic name for legacy parameters */
  name: string;
  value: AV;
}
export interface SizeFn {
  kind: "size";
  arg: Operand;
}
export type Operand = Path | ValueRef | SizeFn;

export type Comparator = "=" | "<>" | "<" | "<=" | ">" | ">=";

export type Cond =
  | { kind: "cmp"; op: Comparator; left: Operand; right: Operand }
  | { kind: "between"; operand: Operand; lo: Operand; hi: Operand }
  | { kind: "in"; operand: Operand; list: Operand[] }
  | { kind: "and" | "or"; left: Cond; right: Cond }
  | { kind: "not"; cond: Cond }
  | { kind: "exists" | "not_exists"; path: Path }
  | { kind: "type"; path: Path; type: Operand }
  | { kind: "begins_with"; arg: Operand; prefix: Operand }
  | { kind: "contains"; arg: Operand; operand: Operand }
  /** legacy operators with no expression form */
  | { kind: "true" };

export type SetValue =
  | Operand
  | { kind: "plus" | "minus"; left: SetValue; right: SetValue }
  | { kind: "if_not_exists"; path: Path; value: SetValue }
  | { kind: "list_append"; a: SetValue; b: SetValue };

export interface UpdateExpr {
  set: { path: Path; value: SetValue }[];
  remove: Path[];
  add: { path: Path; value: ValueRef }[];
  delete: { path: Path; value: ValueRef }[];
  /** legacy AttributeUpdates ADD on a list appends */
  appendLists?: { path: Path; value: ValueRef }[];
}

export const path = (...elems: PathElem[]): Path => ({ kind: "path", elems });

/** A path as DynamoDB prints it in messages: `[a, b, [0]]`. */
export function showPath(p: Path): string {
  return `[${p.elems.map((e) => (typeof e === "number" ? `[${e}]` : e)).join(", ")}]`;
}

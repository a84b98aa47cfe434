// A recursive-descent parser for DynamoDB's expression language: condition / filter / key
// condition expressions, projection expressions and update expressions. Names (#n) and
// values (:v) are resolved while parsing and recorded as used, so that a request can
// report the ones it defined and never used. Errors carry DynamoDB's texts, prefixed with
// "Invalid <Kind>Expression: ".
//
// Grammar (keywords case-insensitive, function names case-sensitive):
//   condition  := or
//   or         := and ("OR" and)*
//   and        := not ("AND" not)*
//   not        := "NOT" not | primary
//   primary    := "(" condition ")"
//               | condfn "(" args ")"                      attribute_exists, begins_with, …
//               | operand ( comparator operand
//                         | "BETWEEN" operand "AND" operand
//                         | "IN" "(" operand ("," operand)* ")" )
//   operand    := path | ":value" | "size" "(" path ")"
//   path       := element ("." element | "[" digits "]")*
//   element    := identifier | "#name"
//   projection := path ("," path)*
//   update     := section+
//   section    := "SET" setAction ("," setAction)* | "REMOVE" path ("," path)*
//               | "ADD" path ":value" ("," …)*       | "DELETE" path ":value" ("," …)*
//   setAction  := path "=" setValue
//   setValue   := setOperand (("+" | "-") setOperand)?
//   setOperand := path | ":value" | "if_not_exists" "(" path "," setValue ")"
//               | "list_append" "(" setValue "," setValue ")"
import type { AV } from "../values.ts";
import { invalid, show, compareScalars, typeOf, TYPE_NAMES } from "../values.ts";
import type { Comparator, Cond, Operand, Path, PathElem, SetValue, UpdateExpr, ValueRef } from "./ast.ts";
import { showPath } from "./ast.ts";
import { isReserved } from "./reserved.ts";

export type ExprKind = "ConditionExpression" | "FilterExpression" | "KeyConditionExpression" | "ProjectionExpression" | "UpdateExpression";

/** The request's ExpressionAttributeNames/Values and what its expressions used of them. */
export class ExprScope {
  readonly usedNames = new Set<string>();
  readonly usedValues = new Set<string>();
  constructor(
    readonly names: Record<string, string> | undefined,
    readonly values: Record<string, AV> | undefined,
  ) {}
}

type TokType = "ident" | "name" | "value" | "number" | "punct" | "eof";
interface Token {
  type: TokType;
  text: string;
  start: number;
  end: number;
}

const PUNCT2 = ["<>", "<=", ">="];
const PUNCT1 = "=<>(),.[]+-";
const isIdentStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdentChar = (c: string) => /[A-Za-z0-9_]/.test(c);

const CONDITION_FUNCTIONS = new Set(["attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains"]);
const OPERAND_FUNCTIONS = new Set(["size"]);
const UPDATE_FUNCTIONS = new Set(["if_not_exists", "list_append"]);
const ALL_FUNCTIONS = new Set([...CONDITION_FUNCTIONS, ...OPERAND_FUNCTIONS, ...UPDATE_FUNCTIONS]);
const COMPARATORS = new Set(["=", "<>", "<", "<=", ">", ">="]);

/** Most operands an IN list takes. */
const MAX_IN = 100;
/** Longest expression DynamoDB accepts (4 KB). */
const MAX_EXPRESSION = 4096;

class ExprError {
  constructor(readonly message: string) {}
}

export class Parser {
  private readonly toks: Token[];
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly kind: ExprKind,
    private readonly scope: ExprScope,
  ) {
    this.toks = this.lex();
  }

  fail(message: string): never {
    throw new ExprError(message);
  }

  // --- lexer -------------------------------------------------------------------------------
  private lex(): Token[] {
    const s = this.text;
    const out: Token[] = [];
    let i = 0;
    while (i < s.length) {
      const c = s[i];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") {
        i++;
        continue;
      }
      const start = i;
      if (isIdentStart(c)) {
        while (i < s.length && isIdentChar(s[i])) i++;
        out.push({ type: "ident", text: s.slice(start, i), start, end: i });
      } else if (c >= "0" && c <= "9") {
        while (i < s.length && s[i] >= "0" && s[i] <= "9") i++;
        out.push({ type: "number", text: s.slice(start, i), start, end: i });
      } else if (c === "#" || c === ":") {
        i++;
        while (i < s.length && isIdentChar(s[i])) i++;
        // a lone # or : is a token of its own, reported by the parser as a syntax error
        out.push({ type: i - start > 1 ? (c === "#" ? "name" : "value") : "punct", text: s.slice(start, i), start, end: i });
      } else if (PUNCT2.includes(s.slice(i, i + 2))) {
        i += 2;
        out.push({ type: "punct", text: s.slice(start, i), start, end: i });
      } else if (PUNCT1.includes(c)) {
        i++;
        out.push({ type: "punct", text: c, start, end: i });
      } else {
        // any other character: a one-character token nothing in the grammar accepts
        const cp = s.codePointAt(i)!;
        i += cp > 0xffff ? 2 : 1;
        out.push({ type: "punct", text: s.slice(start, i), start, end: i });
      }
    }
    out.push({ type: "eof", text: "<EOF>", start: s.length, end: s.length });
    return out;
  }

  // --- token helpers -------------------------------------------------------------------------
  private peek(offset = 0): Token {
    return this.toks[Math.min(this.pos + offset, this.toks.length - 1)];
  }
  private next(): Token {
    const t = this.peek();
    if (this.pos < this.toks.length - 1) this.pos++;
    return t;
  }
  private isKeyword(t: Token, word: string): boolean {
    return t.type === "ident" && t.text.toUpperCase() === word;
  }
  private isPunct(t: Token, p: string): boolean {
    return t.type === "punct" && t.text === p;
  }

  /** DynamoDB's syntax error: the token, and the text from the token before to the token after. */
  syntaxError(t: Token = this.peek()): never {
    const i = this.toks.indexOf(t);
    const prev = i > 0 ? this.toks[i - 1] : t;
    const after = i + 1 < this.toks.length ? this.toks[i + 1] : t;
    const end = after.type === "eof" ? t.end : after.end;
    const near = this.text.slice(prev.start, Math.max(end, t.end));
    return this.fail(`Syntax error; token: "${t.text}", near: "${near}"`);
  }

  private expectPunct(p: string): Token {
    const t = this.peek();
    if (!this.isPunct(t, p)) this.syntaxError(t);
    return this.next();
  }

  expectEnd(): void {
    if (this.peek().type !== "eof") this.syntaxError();
  }

  // --- names, values, paths ----------------------------------------------------------------------
  private resolveName(t: Token): string {
    if (t.type === "name") {
      const v = this.scope.names?.[t.text];
      if (v === undefined) this.fail(`An expression attribute name used in the document path is not defined; attribute name: ${t.text}`);
      this.scope.usedNames.add(t.text);
      return v;
    }
    if (isReserved(t.text)) this.fail(`Attribute name is a reserved keyword; reserved keyword: ${t.text}`);
    return t.text;
  }

  private valueRef(t: Token): ValueRef {
    const v = this.scope.values?.[t.text];
    if (v === undefined) this.fail(`An expression attribute value used in expression is not defined; attribute value: ${t.text}`);
    this.scope.usedValues.add(t.text);
    return { kind: "value", name: t.text, value: v };
  }

  parsePath(): Path {
    const first = this.next();
    if (first.type !== "ident" && first.type !== "name") this.syntaxError(first);
    const elems: PathElem[] = [this.resolveName(first)];
    for (;;) {
      const t = this.peek();
      if (this.isPunct(t, ".")) {
        this.next();
        const e = this.next();
        if (e.type !== "ident" && e.type !== "name") this.syntaxError(e);
        elems.push(this.resolveName(e));
      } else if (this.isPunct(t, "[")) {
        this.next();
        const n = this.next();
        if (n.type !== "number") this.syntaxError(n);
        const idx = Number(n.text);
        if (!Number.isSafeInteger(idx)) this.syntaxError(n);
        elems.push(idx);
        this.expectPunct("]");
      } else break;
    }
    return { kind: "path", elems };
  }

  // --- conditions --------------------------------------------------------------------------------
  parseCondition(): Cond {
    let left = this.parseAnd();
    while (this.isKeyword(this.peek(), "OR")) {
      this.next();
      left = { kind: "or", left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Cond {
    let left = this.parseNot();
    while (this.isKeyword(this.peek(), "AND")) {
      this.next();
      left = { kind: "and", left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Cond {
    if (this.isKeyword(this.peek(), "NOT") && !this.isPunct(this.peek(1), ".") && !this.isPunct(this.peek(1), "[")) {
      this.next();
      return { kind: "not", cond: this.parseNot() };
    }
    return this.parsePrimary();
  }

  private isCall(): boolean {
    return this.peek().type === "ident" && this.isPunct(this.peek(1), "(");
  }

  private parsePrimary(): Cond {
    const t = this.peek();
    if (this.isPunct(t, "(")) {
      this.next();
      const c = this.parseCondition();
      this.expectPunct(")");
      return c;
    }
    if (this.isCall() && CONDITION_FUNCTIONS.has(t.text)) return this.parseConditionFunction();
    const left = this.parseOperand();
    const op = this.peek();
    if (op.type === "punct" && COMPARATORS.has(op.text)) {
      this.next();
      const right = this.parseOperand();
      return { kind: "cmp", op: op.text as Comparator, left, right };
    }
    if (this.isKeyword(op, "BETWEEN")) {
      this.next();
      const lo = this.parseOperand();
      const and = this.next();
      if (!this.isKeyword(and, "AND")) this.syntaxError(and);
      const hi = this.parseOperand();
      if (lo.kind === "value" && hi.kind === "value") {
        const c = compareScalars(lo.value, hi.value);
        if (c !== undefined && c > 0) {
          this.fail(
            `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: ${show(lo.value)}, upper bound operand: AttributeValue: ${show(hi.value)}`,
          );
        }
      }
      return { kind: "between", operand: left, lo, hi };
    }
    if (this.isKeyword(op, "IN")) {
      this.next();
      this.expectPunct("(");
      const list: Operand[] = [this.parseOperand()];
      while (this.isPunct(this.peek(), ",")) {
        this.next();
        list.push(this.parseOperand());
      }
      this.expectPunct(")");
      if (list.length > MAX_IN) this.fail(`The IN operator is provided with too many operands; number of operands: ${list.length}`);
      return { kind: "in", operand: left, list };
    }
    if (left.kind === "size") this.fail("The function is not allowed to be used this way in an expression; function: size");
    return this.syntaxError(op);
  }

  private parseArgs(fn: string, parseOne: () => Operand, count: number): Operand[] {
    this.next(); // name
    this.expectPunct("(");
    const args: Operand[] = [parseOne()];
    while (this.isPunct(this.peek(), ",")) {
      this.next();
      args.push(parseOne());
    }
    this.expectPunct(")");
    if (args.length !== count) this.fail(`Incorrect number of operands for operator or function; operator or function: ${fn}, number of operands: ${args.length}`);
    return args;
  }

  private operandTypeError(fn: string, v: AV): never {
    return this.fail(`Incorrect operand type for operator or function; operator or function: ${fn}, operand type: ${typeOf(v)}`);
  }

  private parseConditionFunction(): Cond {
    const fn = this.peek().text;
    switch (fn) {
      case "attribute_exists":
      case "attribute_not_exists": {
        const [p] = this.parseArgs(fn, () => this.parseOperand(), 1);
        if (p.kind !== "path") this.fail(`Operator or function requires a document path; operator or function: ${fn}`);
        return { kind: fn === "attribute_exists" ? "exists" : "not_exists", path: p };
      }
      case "attribute_type": {
        const [p, type] = this.parseArgs(fn, () => this.parseOperand(), 2);
        if (p.kind !== "path") this.fail(`Incorrect operand type for operator or function; operator or function: ${fn}, operand type: ${p.kind === "value" ? typeOf(p.value) : "N"}`);
        if (type.kind === "value") {
          if (type.value.S === undefined) this.operandTypeError(fn, type.value);
          if (!(TYPE_NAMES as readonly string[]).includes(type.value.S)) {
            this.fail(`Invalid attribute type name found; type: ${type.value.S}, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}`);
          }
        }
        return { kind: "type", path: p as Path, type };
      }
      case "begins_with": {
        const [arg, prefix] = this.parseArgs(fn, () => this.parseOperand(), 2);
        for (const o of [arg, prefix]) if (o.kind === "value" && o.value.S === undefined && o.value.B === undefined) this.operandTypeError(fn, o.value);
        return { kind: "begins_with", arg, prefix };
      }
      default: {
        const [arg, operand] = this.parseArgs(fn, () => this.parseOperand(), 2);
        return { kind: "contains", arg, operand };
      }
    }
  }

  parseOperand(): Operand {
    const t = this.peek();
    if (t.type === "value") {
      this.next();
      return this.valueRef(t);
    }
    if (this.isCall()) {
      const fn = t.text;
      if (fn === "size") {
        const [arg] = this.parseArgs(fn, () => this.parseOperand(), 1);
        if (arg.kind === "value") this.operandTypeError(fn, arg.value);
        return { kind: "size", arg };
      }
      if (ALL_FUNCTIONS.has(fn)) this.fail(`The function is not allowed to be used this way in an expression; function: ${fn}`);
      this.fail(`Invalid function name; function: ${fn}`);
    }
    if (t.type === "ident" || t.type === "name") return this.parsePath();
    return this.syntaxError(t);
  }

  // --- update expressions ---------------------------------------------------------------------------
  parseUpdate(): UpdateExpr {
    const u: UpdateExpr = { set: [], remove: [], add: [], delete: [] };
    const seen = new Set<string>();
    if (this.peek().type === "eof") this.syntaxError();
    while (this.peek().type !== "eof") {
      const kw = this.next();
      const word = kw.type === "ident" ? kw.text.toUpperCase() : "";
      if (!["SET", "REMOVE", "ADD", "DELETE"].includes(word)) this.syntaxError(kw);
      if (seen.has(word)) this.fail(`The "${word}" section can only be used once in an update expression;`);
      seen.add(word);
      do {
        const p = this.parsePath();
        if (word === "SET") {
          this.expectPunct("=");
          u.set.push({ path: p, value: this.parseSetValue() });
        } else if (word === "REMOVE") {
          u.remove.push(p);
        } else {
          const v = this.next();
          if (v.type !== "value") this.syntaxError(v);
          const ref = this.valueRef(v);
          (word === "ADD" ? u.add : u.delete).push({ path: p, value: ref });
        }
      } while (this.isPunct(this.peek(), ",") && this.next());
    }
    this.checkOverlaps([...u.set.map((a) => a.path), ...u.remove, ...u.add.map((a) => a.path), ...u.delete.map((a) => a.path)]);
    return u;
  }

  private parseSetValue(): SetValue {
    const left = this.parseSetOperand();
    const t = this.peek();
    if (this.isPunct(t, "+") || this.isPunct(t, "-")) {
      this.next();
      const right = this.parseSetOperand();
      return { kind: t.text === "+" ? "plus" : "minus", left, right };
    }
    return left;
  }

  private parseSetOperand(): SetValue {
    const t = this.peek();
    if (this.isCall()) {
      const fn = t.text;
      if (fn === "if_not_exists") {
        this.next();
        this.expectPunct("(");
        const p = this.parseSetOperand();
        this.expectPunct(",");
        const v = this.parseSetValue();
        this.expectPunct(")");
        if (p.kind !== "path") this.fail(`Operator or function requires a document path; operator or function: if_not_exists`);
        return { kind: "if_not_exists", path: p, value: v };
      }
      if (fn === "list_append") {
        this.next();
        this.expectPunct("(");
        const a = this.parseSetValue();
        this.expectPunct(",");
        const b = this.parseSetValue();
        this.expectPunct(")");
        for (const o of [a, b]) if (o.kind === "value" && o.value.L === undefined) this.operandTypeError(fn, o.value);
        return { kind: "list_append", a, b };
      }
      if (ALL_FUNCTIONS.has(fn)) this.fail(`The function is not allowed in an update expression; function: ${fn}`);
      this.fail(`Invalid function name; function: ${fn}`);
    }
    if (t.type === "value") {
      this.next();
      return this.valueRef(t);
    }
    if (t.type === "ident" || t.type === "name") return this.parsePath();
    return this.syntaxError(t);
  }

  /** Paths that are equal, nested in one another, or disagree on map-vs-list at one level. */
  checkOverlaps(paths: Path[]): void {
    for (let i = 0; i < paths.length; i++) {
      for (let j = i + 1; j < paths.length; j++) {
        const a = paths[i].elems;
        const b = paths[j].elems;
        const n = Math.min(a.length, b.length);
        let k = 0;
        while (k < n && a[k] === b[k]) k++;
        if (k === n) {
          this.fail(`Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${showPath(paths[i])}, path two: ${showPath(paths[j])}`);
        }
        if (typeof a[k] !== typeof b[k]) {
          this.fail(`Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${showPath(paths[i])}, path two: ${showPath(paths[j])}`);
        }
      }
    }
  }

  // --- projection -------------------------------------------------------------------------------------
  parseProjection(): Path[] {
    const out: Path[] = [this.parsePath()];
    while (this.isPunct(this.peek(), ",")) {
      this.next();
      out.push(this.parsePath());
    }
    this.expectEnd();
    this.checkOverlaps(out);
    return out;
  }

}

function parse<T>(text: string, kind: ExprKind, scope: ExprScope, f: (p: Parser) => T): T {
  try {
    if (text.trim() === "") throw new ExprError("The expression can not be empty;");
    if (Buffer.byteLength(text, "utf8") > MAX_EXPRESSION) throw new ExprError("Expression size has exceeded the maximum allowed size;");
    return f(new Parser(text, kind, scope));
  } catch (e) {
    if (e instanceof ExprError) throw invalid(`Invalid ${kind}: ${e.message}`);
    throw e;
  }
}

export function parseCondition(text: string, kind: ExprKind, scope: ExprScope): Cond {
  return parse(text, kind, scope, (p) => {
    const c = p.parseCondition();
    p.expectEnd();
    return c;
  });
}

export function parseUpdate(text: string, scope: ExprScope): UpdateExpr {
  return parse(text, "UpdateExpression", scope, (p) => p.parseUpdate());
}

export function parseProjection(text: string, scope: ExprScope): Path[] {
  return parse(text, "ProjectionExpression", scope, (p) => p.parseProjection());
}

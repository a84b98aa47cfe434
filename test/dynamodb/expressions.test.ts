// The expression parser and evaluator, and decimals, tested directly: parse errors with
// DynamoDB's messages, precedence, evaluation on nested documents, sets, numbers at the
// precision limits, update actions. Expected values are DynamoDB facts (AWS docs).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as D from "../../impl/dynamodb/decimal.ts";
import { applyUpdate, evaluate, project } from "../../impl/dynamodb/expr/evaluate.ts";
import { ExprScope, parseCondition, parseProjection, parseUpdate } from "../../impl/dynamodb/expr/parser.ts";
import { RequestExpressions } from "../../impl/dynamodb/request.ts";
import { compareStrings, itemSize, normalize, type AV, type Item } from "../../impl/dynamodb/values.ts";

const V = (values: Record<string, AV> = {}, names: Record<string, string> = {}) => new ExprScope(names, values);
const cond = (text: string, values: Record<string, AV> = {}, names: Record<string, string> = {}) => parseCondition(text, "ConditionExpression", V(values, names));
const err = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
};

const doc: Item = {
  id: { S: "a1" },
  n: { N: "10" },
  s: { S: "hello world" },
  tags: { SS: ["x", "y"] },
  nums: { NS: ["1", "2.5"] },
  lst: { L: [{ S: "first" }, { N: "2" }, { M: { deep: { BOOL: true } } }] },
  mp: { M: { a: { M: { b: { S: "c" } } }, n: { NULL: true } } },
  bin: { B: Buffer.from([1, 2, 3]) },
};

// --- serialization: what parses, and into what -----------------------------------------------
const parsing = suite("expressions: parsing");

parsing("precedence: NOT binds tighter than AND, AND tighter than OR", () => {
  const c = cond("a = :x OR b = :x AND NOT c = :x", { ":x": { N: "1" } });
  assert.is(c.kind, "or");
  const right = (c as { right: { kind: string; right: { kind: string } } }).right;
  assert.is(right.kind, "and");
  assert.is(right.right.kind, "not");
});

parsing("keywords are case-insensitive; functions; nested paths and indexes", () => {
  const c = cond("attribute_exists(a.b[2].#c) and begins_with(s, :p) oR size(l) between :lo AND :hi", { ":p": { S: "x" }, ":lo": { N: "1" }, ":hi": { N: "2" } }, { "#c": "c" });
  assert.is(c.kind, "or");
});

parsing("projection paths; update sections in any order", () => {
  const p = parseProjection("a, b.c, d[1]", V());
  assert.equal(p.map((x) => x.elems), [["a"], ["b", "c"], ["d", 1]]);
  const u = parseUpdate("REMOVE x ADD n :one SET a = :v, b = if_not_exists(b, :v) + :one DELETE tags :s", V({ ":v": { N: "1" }, ":one": { N: "1" }, ":s": { SS: ["x"] } }));
  assert.is(u.set.length, 2);
  assert.is(u.remove.length, 1);
  assert.is(u.add.length, 1);
  assert.is(u.delete.length, 1);
});

const syntaxCases: [string, string][] = [
  ["a = :v :v", 'Invalid ConditionExpression: Syntax error; token: ":v", near: ":v :v"'],
  ["a == :v", 'Invalid ConditionExpression: Syntax error; token: "=", near: "== :v"'],
  ["a IN ()", 'Invalid ConditionExpression: Syntax error; token: ")", near: "()"'],
  ["a. = :v", 'Invalid ConditionExpression: Syntax error; token: "=", near: ". = :v"'],
  ["a[x] = :v", 'Invalid ConditionExpression: Syntax error; token: "x", near: "[x]"'],
];
parsing("syntax errors: the token and the text around it", () => {
  for (const [text, message] of syntaxCases) assert.is(err(() => cond(text, { ":v": { N: "1" } })), message, text);
  // at the end of the text the token is <EOF> (the near window there is unconfirmed)
  for (const text of ["a =", "(a = :v", "a", "a = :v AND", "a BETWEEN :v"]) {
    assert.match(err(() => cond(text, { ":v": { N: "1" } })), /^Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "/, text);
  }
  assert.is(err(() => parseUpdate("ADD hits : incr", V({ ":incr": { N: "1" } }))), 'Invalid UpdateExpression: Syntax error; token: ":", near: "hits : incr"');
  assert.is(err(() => parseUpdate("INVALID SYNTAX HERE", V())), 'Invalid UpdateExpression: Syntax error; token: "INVALID", near: "INVALID SYNTAX"');
  assert.is(err(() => parseUpdate("SET a = :v, updated = :v", V())).startsWith("Invalid UpdateExpression: An expression attribute value used in expression is not defined"), true);
});

parsing.run();

// --- validation -------------------------------------------------------------------------------
const validation = suite("expressions: validation");

validation("reserved words, undefined names and values, empty expressions", () => {
  assert.is(err(() => cond("status = :v", { ":v": { S: "x" } })), "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status");
  assert.is(err(() => cond("a.Name = :v", { ":v": { S: "x" } })), "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Name");
  assert.is(err(() => cond("#n = :v", { ":v": { S: "x" } })), "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #n");
  assert.is(err(() => parseUpdate("SET a = :v", V())), "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v");
  assert.is(err(() => cond("", {})), "Invalid ConditionExpression: The expression can not be empty;");
  assert.is(err(() => parseCondition("  ", "KeyConditionExpression", V())), "Invalid KeyConditionExpression: The expression can not be empty;");
  assert.is(cond("#status = :v", { ":v": { S: "x" } }, { "#status": "status" }).kind, "cmp");
});

validation("functions: unknown names, operand counts, operand types, BETWEEN bounds", () => {
  assert.is(err(() => cond("foo(a)")), "Invalid ConditionExpression: Invalid function name; function: foo");
  assert.is(err(() => cond("begins_with(a)")), "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1");
  assert.is(err(() => cond("begins_with(a, :n)", { ":n": { N: "1" } })), "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
  assert.is(
    err(() => cond("attribute_type(a, :t)", { ":t": { S: "XX" } })),
    "Invalid ConditionExpression: Invalid attribute type name found; type: XX, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}",
  );
  assert.is(
    err(() => cond("a BETWEEN :hi AND :lo", { ":hi": { N: "5" }, ":lo": { N: "1" } })),
    "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}",
  );
  assert.is(err(() => cond("size(a)")), "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size");
});

validation("update expressions: repeated sections, overlapping and conflicting paths", () => {
  const v = { ":v": { N: "1" } };
  assert.is(err(() => parseUpdate("SET a = :v SET b = :v", V(v))), 'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;');
  assert.is(err(() => parseUpdate("SET a = :v, a = :v", V(v))), "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]");
  assert.is(err(() => parseUpdate("SET a.b = :v REMOVE a", V(v))), "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]");
  assert.match(err(() => parseUpdate("SET a.b = :v REMOVE a[0]", V(v))), /^Invalid UpdateExpression: Two document paths conflict with each other/);
  assert.is(err(() => parseUpdate("SET a = list_append(:v, b)", V(v))), "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: N");
  assert.is(err(() => parseUpdate("SET a = size(b)", V())), "Invalid UpdateExpression: The function is not allowed in an update expression; function: size");
});

validation("ExpressionAttributeNames/Values: unused, empty, without expressions, invalid values", () => {
  const unusedV = new RequestExpressions({ ExpressionAttributeValues: { ":v": { N: "1" }, ":w": { N: "2" } } }, { ConditionExpression: "a = :v" });
  unusedV.condition("a = :v");
  assert.is(err(() => unusedV.finish()), "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}");
  const unusedN = new RequestExpressions({ ExpressionAttributeNames: { "#a": "a", "#b": "b" } }, { ProjectionExpression: "#a" });
  unusedN.projection("#a");
  assert.is(err(() => unusedN.finish()), "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
  assert.is(err(() => new RequestExpressions({ ExpressionAttributeValues: { ":v": { N: "1" } } }, {})), "ExpressionAttributeValues can only be specified when using expressions");
  assert.is(err(() => new RequestExpressions({ ExpressionAttributeValues: {} }, { ConditionExpression: "x" })), "ExpressionAttributeValues must not be empty");
  assert.is(
    err(() => new RequestExpressions({ ExpressionAttributeValues: { ":v": { SS: [] } } }, { ConditionExpression: "x" })),
    "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :v",
  );
  assert.is(
    err(() => new RequestExpressions({}, { ConditionExpression: "a = :v" }, { Expected: {} })),
    "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
  );
});

validation("numbers: precision, overflow, underflow, syntax", () => {
  assert.is(err(() => normalize({ N: "1".repeat(39) })), "Attempting to store more than 38 significant digits in a Number");
  assert.is(normalize({ N: "1".repeat(38) }).N, "1".repeat(38));
  assert.is(normalize({ N: `${"1".repeat(38)}000` }).N, `${"1".repeat(38)}000`);
  assert.is(err(() => normalize({ N: "1E126" })), "Number overflow. Attempting to store a number with magnitude larger than supported range");
  assert.is(normalize({ N: "9.9999999999999999999999999999999999999E+125" }).N!.length, 126);
  assert.is(err(() => normalize({ N: "1E-131" })), "Number underflow. Attempting to store a number with magnitude smaller than supported range");
  assert.is(normalize({ N: "1E-130" }).N, `0.${"0".repeat(129)}1`);
  assert.match(err(() => normalize({ N: "abc" })), /numeric value/);
  assert.is(err(() => normalize({})), "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  assert.is(err(() => normalize({ S: "a", N: "1" })), "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
  assert.is(err(() => normalize({ NS: ["1", "1.0"] })), "One or more parameter values were invalid: Input collection [1, 1.0] contains duplicates.");
});

validation.run();

// --- behaviour ----------------------------------------------------------------------------------
const behaviour = suite("expressions: evaluation");

const truth: [string, boolean, Record<string, AV>?][] = [
  ["n = :ten", true, { ":ten": { N: "10.000" } }],
  ["n > :nine", true, { ":nine": { N: "9.99999999999999999999999999999999999" } }],
  ["n < :big", true, { ":big": { N: "1E100" } }],
  ["n <> :ten", false, { ":ten": { N: "1E1" } }],
  ["nope <> :ten", true, { ":ten": { N: "10" } }],
  ["nope = :ten", false, { ":ten": { N: "10" } }],
  ["nope < :ten", false, { ":ten": { N: "10" } }],
  ["s > :n", false, { ":n": { N: "1" } }],
  ["n BETWEEN :a AND :b", true, { ":a": { N: "10" }, ":b": { N: "10" } }],
  ["n IN (:a, :b)", true, { ":a": { N: "1" }, ":b": { N: "10" } }],
  ["s IN (:a)", false, { ":a": { S: "hello" } }],
  ["begins_with(s, :p)", true, { ":p": { S: "hell" } }],
  ["begins_with(bin, :p)", true, { ":p": { B: Buffer.from([1, 2]) } }],
  ["contains(s, :p)", true, { ":p": { S: "o w" } }],
  ["contains(tags, :p)", true, { ":p": { S: "y" } }],
  ["contains(nums, :p)", true, { ":p": { N: "2.50" } }],
  ["contains(lst, :p)", true, { ":p": { S: "first" } }],
  ["contains(tags, :p)", false, { ":p": { S: "z" } }],
  ["attribute_exists(mp.a.b)", true],
  ["attribute_exists(mp.a.c)", false],
  ["attribute_not_exists(lst[5])", true],
  ["attribute_exists(lst[2].deep)", true],
  ["attribute_type(mp.n, :t)", true, { ":t": { S: "NULL" } }],
  ["attribute_type(tags, :t)", true, { ":t": { S: "SS" } }],
  ["size(s) = :n", true, { ":n": { N: "11" } }],
  ["size(tags) = :n", true, { ":n": { N: "2" } }],
  ["size(lst) > :n", true, { ":n": { N: "2" } }],
  ["size(mp) = :n", true, { ":n": { N: "2" } }],
  ["size(bin) = :n", true, { ":n": { N: "3" } }],
  ["size(n) = :n", false, { ":n": { N: "2" } }],
  ["NOT attribute_exists(id) OR n = :ten", true, { ":ten": { N: "10" } }],
  ["(NOT attribute_exists(id) OR n = :one) AND s = :s", false, { ":one": { N: "1" }, ":s": { S: "hello world" } }],
  ["NOT (n = :one OR n = :ten)", false, { ":one": { N: "1" }, ":ten": { N: "10" } }],
  ["lst[1] = :two", true, { ":two": { N: "2" } }],
  ["mp = :m", true, { ":m": { M: { n: { NULL: true }, a: { M: { b: { S: "c" } } } } } }],
  ["tags = :t", true, { ":t": { SS: ["y", "x"] } }],
];
behaviour(`${truth.length} conditions on a nested document`, () => {
  for (const [text, expected, values] of truth) {
    const normalized = Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, normalize(v)]));
    assert.is(evaluate(cond(text, normalized), doc), expected, text);
  }
  assert.is(evaluate(cond("attribute_not_exists(id)"), undefined), true, "no item");
});

behaviour("projection of nested paths and lst elements", () => {
  const p = project(doc, parseProjection("id, mp.a.b, lst[2].deep, lst[0], nothing", V()));
  assert.equal(p, { id: { S: "a1" }, mp: { M: { a: { M: { b: { S: "c" } } } } }, lst: { L: [{ S: "first" }, { M: { deep: { BOOL: true } } }] } });
});

behaviour("updates: arithmetic at 38 digits, if_not_exists, list_append, REMOVE indexes, ADD and DELETE on sets", () => {
  const vals = (v: Record<string, AV>) => V(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x)])));
  let item = applyUpdate(parseUpdate("SET n = n + :d, c = if_not_exists(c, :z) - :d, lst = list_append(:pre, lst)", vals({ ":d": { N: "0.1" }, ":z": { N: "0" }, ":pre": { L: [{ S: "zero" }] } })), doc);
  assert.is(item.n.N, "10.1");
  assert.is(item.c.N, "-0.1");
  assert.is(item.lst.L!.length, 4);
  assert.is(doc.n.N, "10", "the original is untouched");
  item = applyUpdate(parseUpdate("SET big = :a + :b", vals({ ":a": { N: "12345678901234567890123456789012345678" }, ":b": { N: "1" } })), {});
  assert.is(item.big.N, "12345678901234567890123456789012345679");
  assert.is(err(() => applyUpdate(parseUpdate("SET big = :a + :b", vals({ ":a": { N: "9.9999999999999999999999999999999999999E+125" }, ":b": { N: "1E+125" } })), {})), "Number overflow. Attempting to store a number with magnitude larger than supported range");
  assert.is(err(() => applyUpdate(parseUpdate("SET x = s + :b", vals({ ":b": { N: "1" } })), doc)), "An operand in the update expression has an incorrect data type");
  assert.is(err(() => applyUpdate(parseUpdate("SET x = nope + :b", vals({ ":b": { N: "1" } })), doc)), "The provided expression refers to an attribute that does not exist in the item");
  assert.is(err(() => applyUpdate(parseUpdate("SET nope.x = :b", vals({ ":b": { N: "1" } })), doc)), "The document path provided in the update expression is invalid for update");
  item = applyUpdate(parseUpdate("REMOVE lst[0], lst[2], mp.a ADD extra :t, nums :n, cnt :one DELETE tags :x", vals({ ":t": { SS: ["z"] }, ":n": { NS: ["2.5", "3"] }, ":one": { N: "1" }, ":x": { SS: ["x"] } })), doc);
  assert.equal(item.lst.L, [{ N: "2" }]);
  assert.equal(item.mp.M, { n: { NULL: true } });
  assert.equal(item.tags.SS, ["y"]);
  assert.equal(item.extra.SS, ["z"]);
  assert.equal(item.nums.NS, ["1", "2.5", "3"]);
  assert.is(item.cnt.N, "1");
  item = applyUpdate(parseUpdate("DELETE tags :x", vals({ ":x": { SS: ["x", "y"] } })), doc);
  assert.is(item.tags, undefined, "a set emptied by DELETE is removed");
  assert.is(err(() => applyUpdate(parseUpdate("ADD s :x", vals({ ":x": { S: "x" } })), doc)), "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING");
  item = applyUpdate(parseUpdate("SET lst[10] = :v", vals({ ":v": { S: "end" } })), doc);
  assert.is(item.lst.L![3].S, "end", "an index past the end appends");
});

behaviour("decimals and sizes: exact arithmetic and ordering; DynamoDB's item size", () => {
  const d = (s: string) => D.parse(s)!;
  assert.is(D.toString(D.add(d("0.1"), d("0.2"))), "0.3");
  assert.is(D.compare(d("1E2"), d("100.0")), 0);
  assert.is(D.compare(d("-5"), d("-10")), 1);
  assert.is(D.compare(d("12345678901234567890123456789012345678"), d("12345678901234567890123456789012345679")), -1);
  assert.is(D.toString(d("-0")), "0");
  assert.is(D.toString(d("001.500")), "1.5");
  assert.is(compareStrings("\uffff", "\u{10000}") < 0, true, "UTF-8 order puts supplementary characters last");
  // name + value: "a"(1)+"abc"(3); "n"(1)+ 2 digits -> 1 + 1; lst/mp 3 + 1 per element
  assert.is(itemSize({ a: { S: "abc" } }), 4);
  assert.is(itemSize({ n: { N: "12" } }), 3);
  assert.is(itemSize({ l: { L: [{ S: "ab" }] } }), 1 + 3 + 1 + 2);
  assert.is(itemSize({ b: { BOOL: true }, z: { NULL: true } }), 4);
});

behaviour.run();

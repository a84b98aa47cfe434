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

// --- the fact table -------------------------------------------------------------------------------
// Table-driven cases whose expected values are DynamoDB facts: the expression grammar and
// function semantics of the AWS Developer Guide ("Condition and filter expressions,
// operators, and functions", "Update expressions", "Expression attribute names", "Data
// types", "Supported data types and naming rules") and behaviour observed against DynamoDB
// and recorded in ScyllaDB's public Alternator test-suite (test_condition_expression.py,
// test_update_expression.py, test_number.py, test_projection_expression.py).
const facts = suite("expressions: fact table");

const N = (n: string): AV => ({ N: n });
const S = (s: string): AV => ({ S: s });
const norm = (v: Record<string, AV> = {}) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x)]));

// an item like the Developer Guide's ProductCatalog entry, plus edge values
const product: Item = {
  Id: N("123"),
  Title: S("Bicycle 123"),
  Description: S("123 description"),
  Price: N("500"),
  Color: { SS: ["Red", "Black"] },
  Sizes: { NS: ["8", "10", "12.5"] },
  Codes: { BS: [Buffer.from("a"), Buffer.from("b")] },
  ProductCategory: S("Bicycle"),
  InStock: { BOOL: true },
  Discontinued: { BOOL: false },
  Notes: { NULL: true },
  Pictures: { M: { FrontView: S("http://example.com/products/123_front.jpg"), RearView: S("http://example.com/products/123_rear.jpg") } },
  RelatedItems: { L: [N("341"), N("472"), N("649")] },
  ProductReviews: { M: { FiveStar: { L: [S("Excellent! Can't recommend it highly enough! Buy it!"), S("Do yourself a favor and buy this.")] }, OneStar: { L: [S("Terrible product! Do no buy this.")] } } },
  Mixed: { L: [S("hi"), { NS: ["1", "2"] }, { L: [N("3"), N("4")] }] },
  Bin: { B: Buffer.from("hi there") },
  Blank: S(""),
  Big: N("99999999999999999999999999999999999999"),
  Tiny: N("1E-130"),
  Huge: N("9.9999999999999999999999999999999999999E+125"),
  Neg: N("-1E-130"),
  Unicode: S("ñandú"),
  "dotted.name": S("literal"),
};

type Truth = [text: string, expected: boolean, values?: Record<string, AV>, names?: Record<string, string>];
const truths: Truth[] = [
  // comparators (a = b, a <> b, a < b, a <= b, a > b, a >= b)
  ["Price = :p", true, { ":p": N("500") }],
  ["Price = :p", true, { ":p": N("5E2") }],
  ["Price = :p", true, { ":p": N("500.000") }],
  ["Price = :p", false, { ":p": S("500") }],
  ["Price <> :p", true, { ":p": S("500") }],
  ["Price <> :p", false, { ":p": N("0500") }],
  ["Price < :p", true, { ":p": N("500.0000000000000000000000000000000001") }],
  ["Price < :p", false, { ":p": N("500") }],
  ["Price <= :p", true, { ":p": N("500") }],
  ["Price > :p", true, { ":p": N("499.99999999999999999999999999999999999") }],
  ["Price >= :p", false, { ":p": N("1E3") }],
  ["Price > :p", true, { ":p": N("-1E125") }],
  ["Price < :p", false, { ":p": S("9") }],
  ["Title < :t", true, { ":t": S("Bicycle 124") }],
  ["Title > :t", true, { ":t": S("Bicycle") }],
  ["Title >= :t", true, { ":t": S("Bicycle 123") }],
  ["Title < :t", true, { ":t": S("bicycle") }],
  ["Title = :t", false, { ":t": S("bicycle 123") }],
  ["Bin > :b", true, { ":b": { B: Buffer.from("hi") } }],
  ["Bin = :b", true, { ":b": { B: Buffer.from("hi there") } }],
  ["InStock = :t", true, { ":t": { BOOL: true } }],
  ["InStock <> :f", true, { ":f": { BOOL: false } }],
  ["InStock > :f", false, { ":f": { BOOL: false } }],
  ["Notes = :n", true, { ":n": { NULL: true } }],
  ["Color = :c", true, { ":c": { SS: ["Black", "Red"] } }],
  ["Color = :c", false, { ":c": { SS: ["Red"] } }],
  ["Sizes = :s", true, { ":s": { NS: ["12.50", "8", "1E1"] } }],
  ["RelatedItems = :l", true, { ":l": { L: [N("341"), N("472"), N("649")] } }],
  ["RelatedItems = :l", false, { ":l": { L: [N("472"), N("341"), N("649")] } }],
  ["Pictures.FrontView = :u", true, { ":u": S("http://example.com/products/123_front.jpg") }],
  ["RelatedItems[0] < RelatedItems[1]", true],
  ["Price > Id", true],
  ["Absent <> :v", true, { ":v": N("1") }],
  ["Absent < :v", false, { ":v": N("1") }],
  ["Absent >= :v", false, { ":v": N("1") }],
  ["Big > :b", true, { ":b": N("99999999999999999999999999999999999998") }],
  ["Big < :b", true, { ":b": N("1E38") }],
  ["Tiny > :z", true, { ":z": N("0") }],
  ["Neg < :z", true, { ":z": N("0") }],
  ["Neg < Tiny", true],
  ["Huge > Big", true],
  ["Huge = :h", true, { ":h": N("99999999999999999999999999999999999999E+88") }],
  ["Tiny = :t", true, { ":t": N("0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000010") }],
  // BETWEEN (a >= b AND a <= c) and IN (equal to any)
  ["Price BETWEEN :a AND :b", true, { ":a": N("100"), ":b": N("500") }],
  ["Price BETWEEN :a AND :b", false, { ":a": N("501"), ":b": N("600") }],
  ["Price BETWEEN :a AND :b", false, { ":a": S("1"), ":b": S("9") }],
  ["Title BETWEEN :a AND :b", true, { ":a": S("B"), ":b": S("C") }],
  ["Absent BETWEEN :a AND :b", false, { ":a": N("1"), ":b": N("2") }],
  ["NOT Price BETWEEN :a AND :b", true, { ":a": N("1"), ":b": N("2") }],
  ["ProductCategory IN (:a, :b)", true, { ":a": S("Book"), ":b": S("Bicycle") }],
  ["ProductCategory IN (:a)", false, { ":a": S("Book") }],
  ["Price IN (:a, :b, :c)", true, { ":a": S("500"), ":b": N("1"), ":c": N("500.0") }],
  ["Color IN (:c)", true, { ":c": { SS: ["Black", "Red"] } }],
  ["Absent IN (:a)", false, { ":a": S("x") }],
  // logical operators and precedence: NOT, then AND, then OR
  ["Price = :p OR Price = :q AND Id = :q", true, { ":p": N("500"), ":q": N("1") }],
  ["(Price = :p OR Price = :q) AND Id = :q", false, { ":p": N("500"), ":q": N("1") }],
  ["NOT Price = :p AND Id = :i", false, { ":p": N("500"), ":i": N("123") }],
  ["NOT (Price = :p AND Id = :q)", true, { ":p": N("500"), ":q": N("1") }],
  ["NOT NOT attribute_exists(Price)", true],
  ["attribute_exists(Price) AND attribute_exists(Id) AND NOT attribute_exists(Absent)", true],
  ["attribute_not_exists(Price) OR attribute_not_exists(Id) OR attribute_exists(Absent)", false],
  ["(Price = :p OR Id = :p) AND (Id = :i)", true, { ":p": N("500"), ":i": N("123") }],
  ["Price = :p aNd Id = :i Or Id = :p", true, { ":p": N("500"), ":i": N("123") }],
  // attribute_exists / attribute_not_exists on nested paths
  ["attribute_exists(Pictures.SideView)", false],
  ["attribute_exists(Pictures.RearView)", true],
  ["attribute_exists(ProductReviews.FiveStar[1])", true],
  ["attribute_exists(ProductReviews.FiveStar[2])", false],
  ["attribute_not_exists(ProductReviews.OneStar[1])", true],
  ["attribute_exists(Notes)", true],
  ["attribute_exists(Blank)", true],
  ["attribute_exists(RelatedItems.x)", false],
  ["attribute_exists(Pictures[0])", false],
  ["attribute_exists(Title[0])", false],
  ["attribute_exists(#d)", true, {}, { "#d": "dotted.name" }],
  ["attribute_exists(dotted.label)", false],
  ["attribute_exists(#p.#f)", true, {}, { "#p": "Pictures", "#f": "FrontView" }],
  ["attribute_exists(Mixed[2][1])", true],
  ["attribute_exists(Mixed[2][2])", false],
  // attribute_type with each of the ten type names
  ["attribute_type(Title, :t)", true, { ":t": S("S") }],
  ["attribute_type(Price, :t)", true, { ":t": S("N") }],
  ["attribute_type(Bin, :t)", true, { ":t": S("B") }],
  ["attribute_type(Color, :t)", true, { ":t": S("SS") }],
  ["attribute_type(Sizes, :t)", true, { ":t": S("NS") }],
  ["attribute_type(Codes, :t)", true, { ":t": S("BS") }],
  ["attribute_type(Pictures, :t)", true, { ":t": S("M") }],
  ["attribute_type(RelatedItems, :t)", true, { ":t": S("L") }],
  ["attribute_type(InStock, :t)", true, { ":t": S("BOOL") }],
  ["attribute_type(Notes, :t)", true, { ":t": S("NULL") }],
  ["attribute_type(Price, :t)", false, { ":t": S("S") }],
  ["attribute_type(Absent, :t)", false, { ":t": S("S") }],
  ["attribute_type(ProductReviews.FiveStar, :t)", true, { ":t": S("L") }],
  // begins_with: strings and binaries; either operand may be a path or a value
  ["begins_with(Pictures.FrontView, :v)", true, { ":v": S("http://") }],
  ["begins_with(Title, :v)", true, { ":v": S("") }],
  ["begins_with(Title, :v)", false, { ":v": S("bicycle") }],
  ["begins_with(Title, :v)", false, { ":v": S("Bicycle 1234") }],
  ["begins_with(:v, Blank)", true, { ":v": S("anything") }],
  ["begins_with(:v, ProductCategory)", true, { ":v": S("Bicycles and more") }],
  ["begins_with(Bin, :b)", true, { ":b": { B: Buffer.from("hi ") } }],
  ["begins_with(Bin, :b)", false, { ":b": { B: Buffer.from("there") } }],
  ["begins_with(Price, Title)", false],
  ["begins_with(Absent, :v)", false, { ":v": S("a") }],
  ["begins_with(Unicode, :v)", true, { ":v": S("ñan") }],
  // contains: substring of S or B, member of a set, element of a list
  ["contains(Description, :v)", true, { ":v": S("desc") }],
  ["contains(Description, :v)", false, { ":v": S("Desc") }],
  ["contains(Color, :v)", true, { ":v": S("Red") }],
  ["contains(Color, :v)", false, { ":v": S("Re") }],
  ["contains(Sizes, :v)", true, { ":v": N("12.50") }],
  ["contains(Sizes, :v)", false, { ":v": S("8") }],
  ["contains(Codes, :v)", true, { ":v": { B: Buffer.from("b") } }],
  ["contains(RelatedItems, :v)", true, { ":v": N("472") }],
  ["contains(RelatedItems, :v)", false, { ":v": S("472") }],
  ["contains(Bin, :v)", true, { ":v": { B: Buffer.from("here") } }],
  ["contains(Bin, :v)", false, { ":v": { B: Buffer.from("dog") } }],
  ["contains(Bin, :v)", false, { ":v": { NS: ["1", "2"] } }],
  ["contains(Mixed, :v)", true, { ":v": { NS: ["2", "1"] } }],
  ["contains(Mixed, :v)", true, { ":v": { L: [N("3"), N("4")] } }],
  ["contains(Mixed, :v)", true, { ":v": S("hi") }],
  ["contains(Pictures, :v)", false, { ":v": S("FrontView") }],
  ["contains(Price, :v)", false, { ":v": N("5") }],
  ["contains(Absent, :v)", false, { ":v": S("x") }],
  ["contains(ProductReviews.OneStar, :v)", true, { ":v": S("Terrible product! Do no buy this.") }],
  // size: string length, binary bytes, elements of sets/lists/maps; nothing for N, BOOL, NULL
  ["size(ProductCategory) = :n", true, { ":n": N("7") }],
  ["size(Blank) = :n", true, { ":n": N("0") }],
  ["size(Bin) = :n", true, { ":n": N("8") }],
  ["size(Color) = :n", true, { ":n": N("2") }],
  ["size(Sizes) = :n", true, { ":n": N("3") }],
  ["size(Codes) = :n", true, { ":n": N("2") }],
  ["size(RelatedItems) = :n", true, { ":n": N("3") }],
  ["size(Pictures) = :n", true, { ":n": N("2") }],
  ["size(ProductReviews.FiveStar) = :n", true, { ":n": N("2") }],
  ["size(Price) = :n", false, { ":n": N("3") }],
  ["size(InStock) = :n", false, { ":n": N("1") }],
  ["size(Notes) = :n", false, { ":n": N("1") }],
  ["size(Absent) = :n", false, { ":n": N("0") }],
  ["size(Title) = :n", false, { ":n": S("11") }],
  ["size(Title) > :n", true, { ":n": N("10") }],
  ["size(Title) <> :n", true, { ":n": N("4") }],
  ["size(Title) BETWEEN :a AND :b", true, { ":a": N("11"), ":b": N("11") }],
  ["size(Title) IN (:a, :b)", true, { ":a": N("1"), ":b": N("11") }],
  ["size(Color) = size(Codes)", true],
  ["size(RelatedItems) = Sizes", false],
  ["size(Pictures) < Price", true],
];

facts(`${truths.length} conditions evaluated on a ProductCatalog-style item`, () => {
  for (const [text, expected, values, names] of truths) {
    assert.is(evaluate(cond(text, norm(values), names ?? {}), product), expected, text);
  }
});

type ErrorCase = [kind: "cond" | "update" | "projection", text: string, message: string | RegExp, values?: Record<string, AV>, names?: Record<string, string>];
const one = { ":v": N("1") };
const errorsTable: ErrorCase[] = [
  // syntax errors name the token (and the text near it)
  ["cond", "a = :v AND", /^Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "/, one],
  ["cond", "a < > :v", /^Invalid ConditionExpression: Syntax error; token: ">", near: "/, one],
  ["cond", "a != :v", /^Invalid ConditionExpression: Syntax error; token: "!", near: "/, one],
  ["cond", "a === :v", /^Invalid ConditionExpression: Syntax error; token: "=", near: "/, one],
  ["cond", "a = :v)", /^Invalid ConditionExpression: Syntax error; token: "\)", near: "/, one],
  ["cond", "((a = :v)", /^Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "/, one],
  ["cond", "a BETWEEN :v", /^Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "/, one],
  ["cond", "a BETWEEN :v OR :v", /^Invalid ConditionExpression: Syntax error; token: "OR", near: "/, one],
  ["cond", "a IN :v", /^Invalid ConditionExpression: Syntax error; token: ":v", near: "/, one],
  ["cond", "a IN (:v,)", /^Invalid ConditionExpression: Syntax error; token: "\)", near: "/, one],
  ["cond", "NOT", /^Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "/],
  ["cond", "a[-1] = :v", /^Invalid ConditionExpression: Syntax error; token: "-", near: "/, one],
  ["cond", "a[1.5] = :v", /^Invalid ConditionExpression: Syntax error/, one],
  ["cond", "a.[1] = :v", /^Invalid ConditionExpression: Syntax error; token: "\[", near: "/, one],
  ["cond", "a..b = :v", /^Invalid ConditionExpression: Syntax error; token: "\.", near: "/, one],
  ["cond", ":v", /^Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "/, one],
  ["cond", "a = :v b = :v", /^Invalid ConditionExpression: Syntax error; token: "b", near: "/, one],
  ["cond", "a = :v; b = :v", /^Invalid ConditionExpression: Syntax error; token: ";", near: "/, one],
  ["cond", "attribute_exists a", /^Invalid ConditionExpression: Syntax error; token: "a", near: "/],
  // names and values
  ["cond", "#a = :v", "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #a", one],
  ["cond", "a = :w", "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :w", one],
  ["cond", "Size = :v", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Size", one],
  ["cond", "a.Year = :v", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Year", one],
  ["cond", "data = :v", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: data", one],
  ["cond", "#a.count = :v", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: count", one, { "#a": "a" }],
  ["projection", "name", "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name"],
  ["update", "SET total = :v", "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: total", one],
  // functions: names are case-sensitive; operand counts and types; where they may appear
  ["cond", "ATTRIBUTE_EXISTS(a)", "Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS"],
  ["cond", "Begins_With(a, :v)", "Invalid ConditionExpression: Invalid function name; function: Begins_With", one],
  ["cond", "dog(a) = :v", "Invalid ConditionExpression: Invalid function name; function: dog", one],
  ["cond", "attribute_exists(a, b)", "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"],
  ["cond", "attribute_not_exists()", /^Invalid ConditionExpression: (Syntax error|Incorrect number of operands)/],
  ["cond", "contains(a)", "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: contains, number of operands: 1"],
  ["cond", "size(a, a) = :v", "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: size, number of operands: 2", one],
  ["cond", "attribute_type(a)", "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_type, number of operands: 1"],
  ["cond", "attribute_type(a, :v)", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N", one],
  ["cond", "attribute_type(a, :t)", "Invalid ConditionExpression: Invalid attribute type name found; type: string, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}", { ":t": S("string") }],
  ["cond", "attribute_exists(:v)", /^Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists$/, one],
  ["cond", "attribute_not_exists(:v)", /^Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_not_exists$/, one],
  ["cond", "begins_with(a, :v)", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N", one],
  ["cond", "size(a)", "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size"],
  ["cond", "attribute_exists(a) < :v", /^Invalid ConditionExpression: (The function is not allowed to be used this way in an expression|Syntax error)/, one],
  ["cond", "if_not_exists(a, a) = :v", /^Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: if_not_exists$/, one],
  ["cond", "list_append(a, a) = :v", /^Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: list_append$/, one],
  ["cond", "a BETWEEN :hi AND :lo", "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}", { ":hi": S("b"), ":lo": S("a") }],
  ["cond", `a IN (${Array.from({ length: 101 }, () => ":v").join(", ")})`, "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101", one],
  // update expressions
  ["update", "SET a = :v REMOVE a", /^Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: \[a\], path two: \[a\]$/, one],
  ["update", "SET a.b = :v, a = :v", /^Invalid UpdateExpression: Two document paths overlap with each other/, one],
  ["update", "SET a[1] = :v, a[1] = :v", /^Invalid UpdateExpression: Two document paths overlap with each other/, one],
  ["update", "REMOVE a REMOVE b", 'Invalid UpdateExpression: The "REMOVE" section can only be used once in an update expression;'],
  ["update", "ADD a :v ADD b :v", 'Invalid UpdateExpression: The "ADD" section can only be used once in an update expression;', one],
  ["update", "SET a = :v,", /^Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "/, one],
  ["update", "SET a :v", /^Invalid UpdateExpression: Syntax error; token: ":v", near: "/, one],
  ["update", "SET = :v", /^Invalid UpdateExpression: Syntax error; token: "=", near: "/, one],
  ["update", "SET a = :v + :v + :v", /^Invalid UpdateExpression: Syntax error; token: "\+", near: "/, one],
  ["update", "SET a = (:v + :v)", /^Invalid UpdateExpression: Syntax error; token: "\(", near: "/, one],
  ["update", "REMOVE :v", /^Invalid UpdateExpression: Syntax error; token: ":v", near: "/, one],
  ["update", "ADD a", /^Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "/],
  ["update", "ADD a.b[1] :v, c", /^Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "/, one],
  ["update", "DELETE a :v + :v", /^Invalid UpdateExpression: Syntax error; token: "\+", near: "/, one],
  ["update", "UPDATE a = :v", /^Invalid UpdateExpression: Syntax error; token: "UPDATE", near: "/, one],
  ["update", "SET a = dog(b)", "Invalid UpdateExpression: Invalid function name; function: dog"],
  ["update", "SET a = attribute_exists(b)", "Invalid UpdateExpression: The function is not allowed in an update expression; function: attribute_exists"],
  ["update", "SET a = if_not_exists(:v, b)", "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists", one],
  ["update", "ADD a :s", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING", { ":s": S("x") }],
  ["update", "ADD a :l", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: LIST", { ":l": { L: [N("1")] } }],
  ["update", "ADD a :m", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: MAP", { ":m": { M: {} } }],
  ["update", "DELETE a :v", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER", one],
  ["update", "DELETE a :s", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: STRING", { ":s": S("x") }],
  ["update", "", "Invalid UpdateExpression: The expression can not be empty;"],
  // projections
  ["projection", "a, a", /^Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: \[a\], path two: \[a\]$/],
  ["projection", "a, a.b", /^Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: \[a\], path two: \[a, b\]$/],
  ["projection", "a.b, a[0]", /^Invalid ProjectionExpression: Two document paths conflict with each other/],
  ["projection", "a,", /^Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: "/],
  ["projection", "a b", /^Invalid ProjectionExpression: Syntax error; token: "b", near: "/],
  ["projection", ":v", /^Invalid ProjectionExpression: Syntax error; token: ":v", near: "/, one],
  ["projection", "#x", "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #x"],
  ["projection", "", "Invalid ProjectionExpression: The expression can not be empty;"],
];

facts(`${errorsTable.length} expressions refused with DynamoDB's messages`, () => {
  for (const [kind, text, message, values, names] of errorsTable) {
    const scope = V(norm(values), names ?? {});
    const got = err(() => (kind === "cond" ? parseCondition(text, "ConditionExpression", scope) : kind === "update" ? applyUpdate(parseUpdate(text, scope), {}) : parseProjection(text, scope)));
    if (typeof message === "string") assert.is(got, message, text);
    else assert.match(got, message, `${text} -> ${got}`);
  }
});

type UpdateCase = [text: string, values: Record<string, AV>, path: string, expected: AV | undefined | { error: string }];
const updates: UpdateCase[] = [
  // SET arithmetic: exact decimals at 38 digits, DynamoDB's range checks on the result
  ["SET r = :a + :b", { ":a": N("1"), ":b": N("10000000000000000000000") }, "r", N("10000000000000000000001")],
  ["SET r = :b - :a", { ":a": N("1"), ":b": N("10000000000000000000000") }, "r", N("9999999999999999999999")],
  ["SET r = :a + :b", { ":a": N("0.1"), ":b": N("0.2") }, "r", N("0.3")],
  ["SET r = :a - :a", { ":a": N("12.5") }, "r", N("0")],
  ["SET r = :a + :b", { ":a": N("-5"), ":b": N("2.25") }, "r", N("-2.75")],
  ["SET r = :a + :b", { ":a": N("1E-130"), ":b": N("1E-130") }, "r", N("2E-130")],
  ["SET r = :a - :b", { ":a": N("1E-130"), ":b": N("2E-130") }, "r", N("-1E-130")],
  ["SET r = :a + :b", { ":a": N("9.9999999999999999999999999999999999998E+125"), ":b": N("1E+88") }, "r", N("9.9999999999999999999999999999999999999E+125")],
  ["SET r = :a + :b", { ":a": N("99999999999999999999999999999999999999"), ":b": N("1") }, "r", N("1E38")],
  ["SET r = :a + :b", { ":a": N("9E125"), ":b": N("9E125") }, "r", { error: "Number overflow. Attempting to store a number with magnitude larger than supported range" }],
  ["SET r = :a - :b", { ":a": N("9E125"), ":b": N("-9E125") }, "r", { error: "Number overflow. Attempting to store a number with magnitude larger than supported range" }],
  ["SET r = :a - :b", { ":a": N("1E50"), ":b": N("1") }, "r", { error: "Number overflow. Attempting to store a number with magnitude larger than supported range" }],
  ["SET r = :a + :b", { ":a": N("1E50"), ":b": N("1") }, "r", { error: "Number overflow. Attempting to store a number with magnitude larger than supported range" }],
  ["SET r = :a + :b", { ":a": N("1E125"), ":b": N("1E-130") }, "r", { error: "Number overflow. Attempting to store a number with magnitude larger than supported range" }],
  ["SET r = :a - :b", { ":a": N("1.1E-130"), ":b": N("1E-130") }, "r", { error: "Number underflow. Attempting to store a number with magnitude smaller than supported range" }],
  ["ADD Price :a", { ":a": N("0.5") }, "Price", N("500.5")],
  ["ADD Price :a", { ":a": N("-500") }, "Price", N("0")],
  ["ADD Big :a", { ":a": N("1") }, "Big", N("1E38")],
  ["ADD Big :a", { ":a": N("0.1") }, "Big", { error: "Number overflow. Attempting to store a number with magnitude larger than supported range" }],
  ["ADD Fresh :a", { ":a": N("-3") }, "Fresh", N("-3")],
  ["ADD Title :a", { ":a": N("1") }, "Title", { error: "An operand in the update expression has an incorrect data type" }],
  ["SET r = Price + :a", { ":a": N("1E-10") }, "r", N("500.0000000001")],
  ["SET r = Absent + :a", { ":a": N("1") }, "r", { error: "The provided expression refers to an attribute that does not exist in the item" }],
  ["SET r = if_not_exists(Absent, :a) + :a", { ":a": N("2") }, "r", N("4")],
  ["SET r = if_not_exists(Price, :a)", { ":a": N("2") }, "r", N("500")],
  ["SET Pictures.SideView = :s", { ":s": S("side") }, "Pictures", { M: { FrontView: S("http://example.com/products/123_front.jpg"), RearView: S("http://example.com/products/123_rear.jpg"), SideView: S("side") } }],
  ["SET Absent.x = :s", { ":s": S("x") }, "Absent", { error: "The document path provided in the update expression is invalid for update" }],
  ["SET Title.x = :s", { ":s": S("x") }, "Title", { error: "The document path provided in the update expression is invalid for update" }],
  ["SET RelatedItems[1] = :v", { ":v": N("1") }, "RelatedItems", { L: [N("341"), N("1"), N("649")] }],
  ["SET RelatedItems[99] = :v", { ":v": N("1") }, "RelatedItems", { L: [N("341"), N("472"), N("649"), N("1")] }],
  ["SET Pictures[0] = :v", { ":v": N("1") }, "Pictures", { error: "The document path provided in the update expression is invalid for update" }],
  ["SET RelatedItems = list_append(RelatedItems, :l)", { ":l": { L: [N("7")] } }, "RelatedItems", { L: [N("341"), N("472"), N("649"), N("7")] }],
  ["SET RelatedItems = list_append(:l, RelatedItems)", { ":l": { L: [N("7")] } }, "RelatedItems", { L: [N("7"), N("341"), N("472"), N("649")] }],
  ["SET r = list_append(if_not_exists(Absent, :e), :l)", { ":e": { L: [] }, ":l": { L: [S("x")] } }, "r", { L: [S("x")] }],
  ["SET r = list_append(Title, :l)", { ":l": { L: [] } }, "r", { error: "An operand in the update expression has an incorrect data type" }],
  ["SET r = Title", {}, "r", S("Bicycle 123")],
  ["SET r = RelatedItems[2]", {}, "r", N("649")],
  ["REMOVE RelatedItems[0], RelatedItems[2]", {}, "RelatedItems", { L: [N("472")] }],
  ["REMOVE RelatedItems[5]", {}, "RelatedItems", { L: [N("341"), N("472"), N("649")] }],
  ["REMOVE Pictures.RearView, Absent", {}, "Pictures", { M: { FrontView: S("http://example.com/products/123_front.jpg") } }],
  ["REMOVE Title", {}, "Title", undefined],
  ["ADD Color :c", { ":c": { SS: ["Red", "Blue"] } }, "Color", { SS: ["Red", "Black", "Blue"] }],
  ["ADD Sizes :c", { ":c": { NS: ["10.0", "14"] } }, "Sizes", { NS: ["8", "10", "12.5", "14"] }],
  ["ADD Color :c", { ":c": { NS: ["1"] } }, "Color", { error: "An operand in the update expression has an incorrect data type" }],
  ["ADD NewSet :c", { ":c": { BS: [Buffer.from("z")] } }, "NewSet", { BS: [Buffer.from("z")] }],
  ["DELETE Color :c", { ":c": { SS: ["Red", "Purple"] } }, "Color", { SS: ["Black"] }],
  ["DELETE Sizes :c", { ":c": { NS: ["8.00", "10", "12.5"] } }, "Sizes", undefined],
  ["DELETE Absent :c", { ":c": { SS: ["x"] } }, "Absent", undefined],
  ["DELETE Color :c", { ":c": { NS: ["1"] } }, "Color", { error: "An operand in the update expression has an incorrect data type" }],
];

facts(`${updates.length} update expressions applied to the item`, () => {
  for (const [text, values, path, expected] of updates) {
    const run = () => applyUpdate(parseUpdate(text, V(norm(values))), product);
    if (expected && "error" in expected) {
      assert.is(err(run), expected.error, text);
      continue;
    }
    const out = run();
    const got = out[path];
    if (expected === undefined) assert.is(got, undefined, text);
    else if (expected.N !== undefined) assert.is(D.compare(D.parse(got.N!)!, D.parse(expected.N)!), 0, `${text}: ${got?.N}`);
    else assert.equal(got, normalize(expected), text);
  }
  assert.equal(product.RelatedItems, { L: [N("341"), N("472"), N("649")] }, "the original item is untouched");
});

// numbers at DynamoDB's limits: 38 significant digits, magnitudes 1E-130 .. 9.99…E+125
const numberCases: [text: string, outcome: "ok" | "precision" | "overflow" | "underflow" | "syntax", canonical?: string][] = [
  ["3.1415926535897932384626433832795028841", "ok"],
  ["314159265358979323846.26433832795028841", "ok"],
  ["31415926535897932384626433832795028841e30", "ok"],
  ["3.14159265358979323846264338327950288419", "precision"],
  ["314159265358979323846.264338327950288419", "precision"],
  ["314159265358979323846264338327950288419e30", "precision"],
  ["0.00000000000000000000000000000000000000012345678901234567890123456789012345678", "ok"],
  ["1000000000000000000000000000000000000000000000", "ok", "1000000000000000000000000000000000000000000000"],
  ["1e10", "ok", "10000000000"],
  ["1e125", "ok"],
  ["-1e125", "ok"],
  ["9.99999999e125", "ok"],
  ["1e-100", "ok"],
  ["1e-130", "ok"],
  ["-1e-130", "ok"],
  ["1e126", "overflow"],
  ["-1e126", "overflow"],
  ["11e125", "overflow"],
  ["1e-131", "underflow"],
  ["-1e-131", "underflow"],
  ["0.9e-130", "underflow"],
  ["1.0e100000000", "overflow"],
  ["NaN", "syntax"],
  ["Infinity", "syntax"],
  ["-Infinity", "syntax"],
  ["-NaN", "syntax"],
  ["dog", "syntax"],
  ["-dog", "syntax"],
  [" 1", "syntax"],
  ["1 ", "syntax"],
  ["", "syntax"],
  ["3", "ok", "3"],
  ["-7.1234", "ok", "-7.1234"],
  ["-17e5", "ok", "-1700000"],
  ["-17.4E37", "ok"],
  ["+3", "ok", "3"],
  [".123", "ok", "0.123"],
  ["0001.23", "ok", "1.23"],
  ["1e+5", "ok", "100000"],
  ["0e1000", "ok", "0"],
  ["-0.000", "ok", "0"],
  ["12.3400", "ok", "12.34"],
];

facts(`${numberCases.length} numbers at DynamoDB's limits`, () => {
  const messages = {
    precision: "Attempting to store more than 38 significant digits in a Number",
    overflow: "Number overflow. Attempting to store a number with magnitude larger than supported range",
    underflow: "Number underflow. Attempting to store a number with magnitude smaller than supported range",
  };
  for (const [text, outcome, canonical] of numberCases) {
    if (outcome === "ok") {
      const v = normalize({ N: text });
      assert.is(D.compare(D.parse(v.N!)!, D.parse(text)!), 0, text);
      assert.not.match(v.N!, /[eE]/, `${text}: no exponent in the canonical form`);
      if (canonical) assert.is(v.N, canonical, text);
    } else if (outcome === "syntax") assert.match(err(() => normalize({ N: text })), /numeric/, JSON.stringify(text));
    else assert.is(err(() => normalize({ N: text })), messages[outcome], text);
  }
});

facts("the table holds at least 150 cases", () => {
  const total = truths.length + errorsTable.length + updates.length + numberCases.length;
  assert.ok(total >= 150, `${total} cases`);
});

facts.run();

// test-timeout: 120
// DynamoDB's limits and per-item failures through @aws-sdk/client-dynamodb: batch sizes
// (16 MB answers and requests, 25 writes, 100 keys, duplicates), TTL status transitions
// on the clock with AWS's refusals, ValidationError cancellation reasons in transactions,
// and what size() counts.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as C from "@aws-sdk/client-dynamodb";
import { fails, keyTable, setup } from "./support.ts";

const ctx = await setup();
const c = ctx.ddb;

const S = (s: string) => ({ S: s });
const N = (n: number | string) => ({ N: String(n) });

async function scanKeys(TableName: string): Promise<string[]> {
  const keys: string[] = [];
  let start: Record<string, C.AttributeValue> | undefined;
  do {
    const r = await c.send(new C.ScanCommand({ TableName, ProjectionExpression: "pk", ExclusiveStartKey: start }));
    keys.push(...r.Items!.map((i) => i.pk.S!));
    start = r.LastEvaluatedKey;
  } while (start);
  return keys.sort();
}

// --- batches --------------------------------------------------------------------------------------
const batches = suite("batch limits");

batches("BatchGetItem: an answer over 16 MB returns what fits and the rest as UnprocessedKeys, ready to resend", async () => {
  const TableName = await keyTable(c, { sortKey: null });
  const big = "x".repeat(399_000);
  const keys = Array.from({ length: 45 }, (_, i) => `k${String(i).padStart(2, "0")}`);
  for (let i = 0; i < keys.length; i += 25) {
    await c.send(new C.BatchWriteItemCommand({ RequestItems: { [TableName]: keys.slice(i, i + 25).map((k) => ({ PutRequest: { Item: { pk: S(k), d: S(big) } } })) } }));
  }
  const request = { Keys: keys.map((k) => ({ pk: S(k) })), ProjectionExpression: "pk, #d", ExpressionAttributeNames: { "#d": "d" }, ConsistentRead: true };
  const first = await c.send(new C.BatchGetItemCommand({ RequestItems: { [TableName]: request } }));
  // each item is 2+3 + 1+399,000 = 399,006 bytes: 40 fit in 16,000,000
  const got = first.Responses![TableName].map((i) => i.pk.S!);
  assert.is(got.length, 40);
  const rest = first.UnprocessedKeys![TableName];
  assert.is(rest.Keys!.length, 5);
  assert.is(rest.ProjectionExpression, "pk, #d");
  assert.equal(rest.ExpressionAttributeNames, { "#d": "d" });
  assert.is(rest.ConsistentRead, true);
  const second = await c.send(new C.BatchGetItemCommand({ RequestItems: first.UnprocessedKeys }));
  assert.equal(second.UnprocessedKeys, {});
  const all = [...got, ...second.Responses![TableName].map((i) => i.pk.S!)].sort();
  assert.equal(all, keys);
  assert.is(second.Responses![TableName][0].d.S!.length, 399_000);
  // a projection that leaves the big attribute out fits all 45
  const small = await c.send(new C.BatchGetItemCommand({ RequestItems: { [TableName]: { Keys: request.Keys, ProjectionExpression: "pk" } } }));
  assert.is(small.Responses![TableName].length, 45);
  assert.equal(small.UnprocessedKeys, {});
});

batches("BatchWriteItem: a request over 16 MB is refused whole; one under it is written", async () => {
  const TableName = await keyTable(c, { sortKey: null });
  // each control character is 1 byte stored and 6 (\u0001) in the request's JSON
  const escaped = (chars: number) => "\u0001".repeat(chars);
  const put = (n: number, chars: number) => Array.from({ length: n }, (_, i) => ({ PutRequest: { Item: { pk: S(`w${i}`), d: S(escaped(chars)) } } }));
  await fails(
    c.send(new C.BatchWriteItemCommand({ RequestItems: { [TableName]: put(25, 108_000) } })),
    "ValidationException",
    "Total size of the BatchWriteItem request has exceeded the maximum allowed size of 16 MB",
  );
  assert.equal(await scanKeys(TableName), [], "nothing written");
  await c.send(new C.BatchWriteItemCommand({ RequestItems: { [TableName]: put(25, 100_000) } }));
  assert.is((await scanKeys(TableName)).length, 25);
});

batches("BatchWriteItem: 25 requests, one operation per item; BatchGetItem: 100 keys, no duplicates", async () => {
  const a = await keyTable(c, { sortKey: null });
  const b = await keyTable(c, { sortKey: null });
  const puts = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ PutRequest: { Item: { pk: S(`${prefix}${i}`) } } }));
  await fails(c.send(new C.BatchWriteItemCommand({ RequestItems: { [a]: puts(13, "a"), [b]: puts(13, "b") } })), "ValidationException", "Too many items requested for the BatchWriteItem call");
  await fails(c.send(new C.BatchWriteItemCommand({ RequestItems: { [a]: puts(26, "a") } })), "ValidationException", /Member must have length less than or equal to 25/);
  await fails(
    c.send(new C.BatchWriteItemCommand({ RequestItems: { [a]: [{ PutRequest: { Item: { pk: S("same"), v: N(1) } } }, { DeleteRequest: { Key: { pk: S("same") } } }] } })),
    "ValidationException",
    "Provided list of item keys contains duplicates",
  );
  await fails(
    c.send(new C.BatchWriteItemCommand({ RequestItems: { [a]: [{ PutRequest: { Item: { pk: S("same"), v: N(1) } } }, { PutRequest: { Item: { pk: S("same"), v: N(2) } } }] } })),
    "ValidationException",
    "Provided list of item keys contains duplicates",
  );
  assert.equal(await scanKeys(a), [], "nothing written");
  // the same key in two tables is two items
  await c.send(new C.BatchWriteItemCommand({ RequestItems: { [a]: [{ PutRequest: { Item: { pk: S("same") } } }], [b]: [{ PutRequest: { Item: { pk: S("same") } } }] } }));
  const keys = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ pk: S(`${prefix}${i}`) }));
  await fails(c.send(new C.BatchGetItemCommand({ RequestItems: { [a]: { Keys: keys(60, "a") }, [b]: { Keys: keys(41, "b") } } })), "ValidationException", "Too many items requested for the BatchGetItem call");
  await fails(
    c.send(new C.BatchGetItemCommand({ RequestItems: { [a]: { Keys: [{ pk: S("same") }, { pk: S("same") }] } } })),
    "ValidationException",
    "Provided list of item keys contains duplicates",
  );
  const r = await c.send(new C.BatchGetItemCommand({ RequestItems: { [a]: { Keys: keys(59, "a").concat([{ pk: S("same") }]) }, [b]: { Keys: keys(39, "b").concat([{ pk: S("same") }]) } } }));
  assert.is(r.Responses![a].length + r.Responses![b].length, 2);
});

batches.run();

// --- transactions ------------------------------------------------------------------------------------
const tx = suite("transactions: ValidationError reasons");

async function canceled(input: C.TransactWriteItemsCommandInput): Promise<C.CancellationReason[]> {
  const e = await fails(c.send(new C.TransactWriteItemsCommand(input)), "TransactionCanceledException");
  const reasons = e.CancellationReasons as C.CancellationReason[];
  assert.is(e.message, `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(", ")}]`);
  return reasons;
}

tx("an update that fails on the item's data is that item's ValidationError, in request order, and nothing is written", async () => {
  const TableName = await keyTable(c, { sortKey: null });
  await c.send(new C.PutItemCommand({ TableName, Item: { pk: S("s"), n: S("not a number"), v: N(1) } }));
  await c.send(new C.PutItemCommand({ TableName, Item: { pk: S("big"), n: N("9.9E+125") } }));
  await c.send(new C.PutItemCommand({ TableName, Item: { pk: S("checked"), v: N(1) } }));
  const reasons = await canceled({
    TransactItems: [
      { Put: { TableName, Item: { pk: S("new") } } },
      { Update: { TableName, Key: { pk: S("s") }, UpdateExpression: "SET n = n + :one", ExpressionAttributeValues: { ":one": N(1) } } },
      { ConditionCheck: { TableName, Key: { pk: S("checked") }, ConditionExpression: "v = :two", ExpressionAttributeValues: { ":two": N(2) }, ReturnValuesOnConditionCheckFailure: "ALL_OLD" } },
      { Update: { TableName, Key: { pk: S("big") }, UpdateExpression: "SET n = n + :n", ExpressionAttributeValues: { ":n": N("9.9E+125") } } },
      { Update: { TableName, Key: { pk: S("nested") }, UpdateExpression: "SET a.b = :one", ExpressionAttributeValues: { ":one": N(1) } } },
      { Update: { TableName, Key: { pk: S("copy") }, UpdateExpression: "SET a = absent" } },
      { Delete: { TableName, Key: { pk: S("gone") } } },
    ],
  });
  assert.equal(
    reasons.map((r) => r.Code),
    ["None", "ValidationError", "ConditionalCheckFailed", "ValidationError", "ValidationError", "ValidationError", "None"],
  );
  assert.is(reasons[1].Message, "An operand in the update expression has an incorrect data type");
  assert.equal(reasons[2].Item, { pk: S("checked"), v: N(1) });
  assert.is(reasons[3].Message, "Number overflow. Attempting to store a number with magnitude larger than supported range");
  assert.is(reasons[4].Message, "The document path provided in the update expression is invalid for update");
  assert.is(reasons[5].Message, "The provided expression refers to an attribute that does not exist in the item");
  assert.is(reasons[0].Message, undefined);
  assert.equal(await scanKeys(TableName), ["big", "checked", "s"], "nothing written");
  // the same update alone, as UpdateItem, is a ValidationException
  await fails(
    c.send(new C.UpdateItemCommand({ TableName, Key: { pk: S("s") }, UpdateExpression: "SET n = n + :one", ExpressionAttributeValues: { ":one": N(1) } })),
    "ValidationException",
    "An operand in the update expression has an incorrect data type",
  );
});

tx("an update making the item too large or an index key the wrong type is a ValidationError", async () => {
  const TableName = await keyTable(c, {
    sortKey: null,
    extra: {
      AttributeDefinitions: [{ AttributeName: "g", AttributeType: "S" }],
      GlobalSecondaryIndexes: [{ IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
    },
  });
  await c.send(new C.PutItemCommand({ TableName, Item: { pk: S("a"), d: S("y".repeat(300_000)) } }));
  const reasons = await canceled({
    TransactItems: [
      { Update: { TableName, Key: { pk: S("b") }, UpdateExpression: "SET g = :n", ExpressionAttributeValues: { ":n": N(5) } } },
      { Update: { TableName, Key: { pk: S("a") }, UpdateExpression: "SET e = :more", ExpressionAttributeValues: { ":more": S("z".repeat(200_000)) } } },
      { Update: { TableName, Key: { pk: S("c") }, UpdateExpression: "SET g = :s", ExpressionAttributeValues: { ":s": S("fine") } } },
    ],
  });
  assert.equal(reasons.map((r) => r.Code), ["ValidationError", "ValidationError", "None"]);
  assert.match(reasons[0].Message!, /^One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: N IndexName: byG$/);
  assert.is(reasons[1].Message, "Item size to update has exceeded the maximum allowed size");
  assert.equal(await scanKeys(TableName), ["a"]);
});

tx("errors in the request itself still fail the whole request, whatever the items' data", async () => {
  const TableName = await keyTable(c, { sortKey: null });
  await c.send(new C.PutItemCommand({ TableName, Item: { pk: S("s"), n: S("text") } }));
  const items: C.TransactWriteItem[] = [{ Update: { TableName, Key: { pk: S("s") }, UpdateExpression: "SET n = n + :one", ExpressionAttributeValues: { ":one": N(1) } } }];
  await fails(
    c.send(new C.TransactWriteItemsCommand({ TransactItems: [...items, { Update: { TableName, Key: { pk: S("t") }, UpdateExpression: "SET = :x", ExpressionAttributeValues: { ":x": N(1) } } }] })),
    "ValidationException",
    /^Invalid UpdateExpression: Syntax error/,
  );
  await fails(
    c.send(new C.TransactWriteItemsCommand({ TransactItems: [...items, { Update: { TableName, Key: { pk: S("t") }, UpdateExpression: "ADD n :s", ExpressionAttributeValues: { ":s": S("x") } } }] })),
    "ValidationException",
    "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING",
  );
  await fails(
    c.send(new C.TransactWriteItemsCommand({ TransactItems: [...items, { Put: { TableName, Item: { pk: S("t"), d: S("q".repeat(410_000)) } } }] })),
    "ValidationException",
    "Item size has exceeded the maximum allowed size",
  );
  await fails(
    c.send(new C.TransactWriteItemsCommand({ TransactItems: [...items, { Delete: { TableName, Key: { pk: S("s") } } }] })),
    "ValidationException",
    "Transaction request cannot include multiple operations on one item",
  );
});

tx("TransactGetItems answers in request order, missing items as empty responses", async () => {
  const TableName = await keyTable(c, { sortKey: null });
  await c.send(new C.PutItemCommand({ TableName, Item: { pk: S("b"), v: N(2) } }));
  await c.send(new C.PutItemCommand({ TableName, Item: { pk: S("a"), v: N(1) } }));
  const r = await c.send(new C.TransactGetItemsCommand({ TransactItems: ["b", "x", "a"].map((k) => ({ Get: { TableName, Key: { pk: S(k) } } })) }));
  assert.equal(r.Responses!.map((x) => x.Item?.pk.S ?? null), ["b", null, "a"]);
});

tx.run();

// --- size() --------------------------------------------------------------------------------------------
const size = suite("size()");

size("strings count UTF-16 code units; binaries bytes; sets, lists and maps their elements", async () => {
  const TableName = await keyTable(c, { sortKey: null });
  const item = {
    pk: S("p"),
    word: S("hello"),
    uni: S("é𝄞"), // 2 code points, 3 UTF-16 units, 6 UTF-8 bytes
    bin: { B: new Uint8Array([0, 1, 2, 3, 255]) },
    ss: { SS: ["a", "b", "c"] },
    ns: { NS: ["1", "2"] },
    bs: { BS: [new Uint8Array([1]), new Uint8Array([2]), new Uint8Array([3]), new Uint8Array([4])] },
    l: { L: [N(1), S("x"), { NULL: true as const }, { L: [] }] },
    m: { M: { a: N(1), b: { M: { c: N(2), d: N(3) } } } },
    num: N(12345),
    flag: { BOOL: true },
    nul: { NULL: true as const },
  };
  await c.send(new C.PutItemCommand({ TableName, Item: item }));
  const holds = async (expr: string, n: number) => {
    const r = await c.send(new C.ScanCommand({ TableName, FilterExpression: expr, ExpressionAttributeValues: { ":n": N(n) } }));
    return r.Count === 1;
  };
  const expected: Record<string, number> = { word: 5, uni: 3, bin: 5, ss: 3, ns: 2, bs: 4, l: 4, m: 2 };
  for (const [attr, n] of Object.entries(expected)) {
    assert.ok(await holds(`size(${attr}) = :n`, n), `size(${attr}) = ${n}`);
    assert.not.ok(await holds(`size(${attr}) = :n`, n + 1), `size(${attr}) <> ${n + 1}`);
  }
  assert.ok(await holds("size(m.b) = :n", 2), "a nested map");
  assert.ok(await holds("size(l[3]) = :n", 0), "an empty list");
  for (const attr of ["num", "flag", "nul", "absent"]) {
    for (const n of [0, 1, 4, 5]) assert.not.ok(await holds(`size(${attr}) = :n`, n), `size(${attr}) has no value`);
  }
  // in a condition too
  await c.send(new C.PutItemCommand({ TableName, Item: { ...item, v: N(2) }, ConditionExpression: "size(uni) = :three", ExpressionAttributeValues: { ":three": N(3) } }));
  await fails(
    c.send(new C.PutItemCommand({ TableName, Item: item, ConditionExpression: "size(uni) = :six", ExpressionAttributeValues: { ":six": N(6) } })),
    "ConditionalCheckFailedException",
  );
});

size.run();

const end = suite("teardown");
end.after(() => ctx.close());
end("stops the emulator", () => undefined);
end.run();

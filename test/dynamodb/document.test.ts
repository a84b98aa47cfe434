// test-timeout: 120
// DynamoDB through the document client of @aws-sdk/lib-dynamodb 3.1162.0: JS values
// marshalled by the SDK (numbers, sets, nested maps and lists, binaries, null, undefined
// removed), and put / get / update / delete / query / scan / batch / transact commands.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as C from "@aws-sdk/client-dynamodb";
import * as L from "@aws-sdk/lib-dynamodb";
import { clientConfig } from "../support/emulator.ts";
import { fails, keyTable, setup } from "./support.ts";

const ctx = await setup();
const c = ctx.ddb;
// A document client shares its base client's config (translateConfig included), so each
// gets a base client of its own.
const base = () => new C.DynamoDBClient(clientConfig(ctx.emu));
const doc = L.DynamoDBDocumentClient.from(base(), { marshallOptions: { removeUndefinedValues: true } });
const strict = L.DynamoDBDocumentClient.from(base()); // removeUndefinedValues off: the SDK refuses undefined
const wrapped = L.DynamoDBDocumentClient.from(base(), { unmarshallOptions: { wrapNumbers: true } });


const marshalling = suite("document client: marshalling");

marshalling("JS numbers, sets, nested maps and lists, binaries, null and booleans round-trip", async () => {
  const TableName = await keyTable(c, { prefix: "doc", sortKey: null });
  const item = {
    pk: "a",
    int: 42,
    neg: -7.25,
    tiny: 1e-7,
    big: 12345678901234,
    flag: false,
    nothing: null,
    tags: new Set(["x", "y"]),
    nums: new Set([1, 2.5, 3]),
    bins: new Set([new Uint8Array([1]), new Uint8Array([2, 3])]),
    bytes: new Uint8Array([0, 255, 7]),
    nested: { a: { b: [1, "two", { three: true }], empty: {} }, list: [] },
    empty: "",
  };
  await doc.send(new L.PutCommand({ TableName, Item: item }));
  // what is stored is DynamoDB's typed form: check it with the low-level client
  const raw = (await c.send(new C.GetItemCommand({ TableName, Key: { pk: { S: "a" } } }))).Item!;
  assert.equal(raw.int, { N: "42" });
  assert.equal(raw.neg, { N: "-7.25" });
  assert.equal(raw.tiny, { N: "0.0000001" }, "JS writes 1e-7; DynamoDB answers in plain notation");
  assert.equal(raw.tags, { SS: ["x", "y"] });
  assert.equal(raw.nums.NS!.slice().sort(), ["1", "2.5", "3"]);
  assert.is(raw.bins.BS!.length, 2);
  assert.equal(raw.nothing, { NULL: true });
  assert.equal(raw.flag, { BOOL: false });
  assert.equal(raw.nested.M!.a.M!.b.L, [{ N: "1" }, { S: "two" }, { M: { three: { BOOL: true } } }]);
  assert.equal(raw.nested.M!.list, { L: [] });
  assert.equal(raw.empty, { S: "" });

  const got = (await doc.send(new L.GetCommand({ TableName, Key: { pk: "a" } }))).Item!;
  assert.is(got.int, 42);
  assert.is(got.neg, -7.25);
  assert.is(got.tiny, 1e-7);
  assert.is(got.big, 12345678901234);
  assert.is(got.flag, false);
  assert.is(got.nothing, null);
  assert.equal([...got.tags].sort(), ["x", "y"]);
  assert.equal([...got.nums].sort(), [1, 2.5, 3]);
  assert.instance(got.bytes, Uint8Array);
  assert.equal([...got.bytes], [0, 255, 7]);
  assert.equal(got.nested, { a: { b: [1, "two", { three: true }], empty: {} }, list: [] });
  assert.is(got.empty, "");
});

marshalling("removeUndefinedValues drops undefined members; without it the SDK refuses them", async () => {
  const TableName = await keyTable(c, { prefix: "doc", sortKey: null });
  await doc.send(new L.PutCommand({ TableName, Item: { pk: "u", keep: 1, gone: undefined, inner: { x: undefined, y: 2 }, list: [1, undefined, 3] } }));
  const raw = (await c.send(new C.GetItemCommand({ TableName, Key: { pk: { S: "u" } } }))).Item!;
  assert.equal(Object.keys(raw).sort(), ["inner", "keep", "list", "pk"]);
  assert.equal(raw.inner, { M: { y: { N: "2" } } });
  assert.equal(raw.list, { L: [{ N: "1" }, { N: "3" }] });
  try {
    await strict.send(new L.PutCommand({ TableName, Item: { pk: "v", gone: undefined } }));
    assert.unreachable("undefined without removeUndefinedValues");
  } catch (e) {
    assert.match((e as Error).message, /removeUndefinedValues/);
  }
});

marshalling("numbers beyond JS precision: NumberValue in, wrapNumbers out, 38 digits kept exactly", async () => {
  const TableName = await keyTable(c, { prefix: "doc", sortKey: null });
  const digits38 = "12345678901234567890.123456789012345678";
  await doc.send(new L.PutCommand({ TableName, Item: { pk: "n", exact: L.NumberValue.from(digits38), huge: L.NumberValue.from("9.9999999999999999999999999999999999999E+125") } }));
  const got = (await wrapped.send(new L.GetCommand({ TableName, Key: { pk: "n" } }))).Item!;
  assert.is(got.exact.toString(), digits38);
  assert.is(got.huge.toString(), `${"9".repeat(38)}${"0".repeat(88)}`);
  // the default unmarshaller turns an integer beyond 2^53 into a BigInt, which works only
  // because DynamoDB answers in plain notation (BigInt("9.9E+125") would throw)
  const plain = (await doc.send(new L.GetCommand({ TableName, Key: { pk: "n" }, ProjectionExpression: "huge" }))).Item!;
  assert.is(plain.huge, BigInt(`${"9".repeat(38)}${"0".repeat(88)}`));
  try {
    await doc.send(new L.GetCommand({ TableName, Key: { pk: "n" }, ProjectionExpression: "exact" }));
    assert.unreachable("a fraction beyond 2^53 needs wrapNumbers");
  } catch (e) {
    assert.match((e as Error).message, /wrapNumbers/);
  }
  await fails(
    doc.send(new L.PutCommand({ TableName, Item: { pk: "m", x: L.NumberValue.from("1".repeat(39)) } })),
    "ValidationException",
    "Attempting to store more than 38 significant digits in a Number",
  );
  await fails(doc.send(new L.PutCommand({ TableName, Item: { pk: "m", x: L.NumberValue.from("1E126") } })), "ValidationException", /^Number overflow/);
});

marshalling.run();

const ops = suite("document client: operations");

ops("put with condition, get with projection, update with arithmetic and sets, delete with ALL_OLD", async () => {
  const TableName = await keyTable(c, { prefix: "doc" });
  await doc.send(new L.PutCommand({ TableName, Item: { pk: "p", sk: 1, count: 1, tags: new Set(["a"]), profile: { name: "n", visits: [1] } }, ConditionExpression: "attribute_not_exists(pk)" }));
  const again = await fails(
    doc.send(new L.PutCommand({ TableName, Item: { pk: "p", sk: 1 }, ConditionExpression: "attribute_not_exists(pk)", ReturnValuesOnConditionCheckFailure: "ALL_OLD" })),
    "ConditionalCheckFailedException",
    "The conditional request failed",
  );
  assert.is((again.Item as Record<string, { N?: string }>).count.N, "1", "the old item comes back in DynamoDB's typed form");
  const got = await doc.send(new L.GetCommand({ TableName, Key: { pk: "p", sk: 1 }, ProjectionExpression: "#c, profile.visits[0]", ExpressionAttributeNames: { "#c": "count" } }));
  assert.equal(got.Item, { count: 1, profile: { visits: [1] } });
  const upd = await doc.send(
    new L.UpdateCommand({
      TableName,
      Key: { pk: "p", sk: 1 },
      UpdateExpression: "SET #c = #c + :inc, profile.visits = list_append(profile.visits, :more), profile.#n = :name ADD tags :t REMOVE nope",
      ExpressionAttributeNames: { "#c": "count", "#n": "name" },
      ExpressionAttributeValues: { ":inc": 0.5, ":more": [2, 3], ":name": "m", ":t": new Set(["b"]) },
      ReturnValues: "ALL_NEW",
    }),
  );
  assert.is(upd.Attributes!.count, 1.5);
  assert.equal(upd.Attributes!.profile, { name: "m", visits: [1, 2, 3] });
  assert.equal([...upd.Attributes!.tags].sort(), ["a", "b"]);
  const updated = await doc.send(new L.UpdateCommand({ TableName, Key: { pk: "p", sk: 1 }, UpdateExpression: "DELETE tags :t", ExpressionAttributeValues: { ":t": new Set(["a"]) }, ReturnValues: "UPDATED_OLD" }));
  assert.equal([...updated.Attributes!.tags].sort(), ["a", "b"]);
  const del = await doc.send(new L.DeleteCommand({ TableName, Key: { pk: "p", sk: 1 }, ReturnValues: "ALL_OLD" }));
  assert.equal([...del.Attributes!.tags], ["b"]);
  assert.is((await doc.send(new L.GetCommand({ TableName, Key: { pk: "p", sk: 1 } }))).Item, undefined);
});

ops("query and scan with filters, pagination helpers, numeric sort keys", async () => {
  const TableName = await keyTable(c, { prefix: "doc" });
  for (let i = 0; i < 30; i++) await doc.send(new L.PutCommand({ TableName, Item: { pk: i % 2 ? "odd" : "even", sk: i * 1.5, even: i % 2 === 0, n: i } }));
  const q = await doc.send(new L.QueryCommand({ TableName, KeyConditionExpression: "pk = :p AND sk BETWEEN :lo AND :hi", ExpressionAttributeValues: { ":p": "odd", ":lo": 3, ":hi": 15 }, ScanIndexForward: false }));
  assert.equal(q.Items!.map((x) => x.sk), [13.5, 10.5, 7.5, 4.5]);
  const pages: number[] = [];
  const seen: number[] = [];
  for await (const page of L.paginateQuery({ client: doc, pageSize: 4 }, { TableName, KeyConditionExpression: "pk = :p", FilterExpression: "n > :m", ExpressionAttributeValues: { ":p": "even", ":m": 10 } })) {
    pages.push(page.Count!);
    for (const it of page.Items!) seen.push(it.n);
  }
  assert.equal(seen, [12, 14, 16, 18, 20, 22, 24, 26, 28]);
  assert.is(pages.length, 4, "15 items read 4 at a time: 4 pages (the last one ends the read)");
  let scanned = 0;
  for await (const page of L.paginateScan({ client: doc, pageSize: 7 }, { TableName, FilterExpression: "even = :t", ExpressionAttributeValues: { ":t": true } })) scanned += page.Count!;
  assert.is(scanned, 15);
  const count = await doc.send(new L.ScanCommand({ TableName, Select: "COUNT" }));
  assert.is(count.Count, 30);
  assert.is(count.Items, undefined);
});

ops("batch write and batch get; transact write with a failed condition, then transact get", async () => {
  const TableName = await keyTable(c, { prefix: "doc" });
  await doc.send(new L.BatchWriteCommand({ RequestItems: { [TableName]: Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { pk: "b", sk: i, v: `v${i}` } } })) } }));
  await doc.send(new L.BatchWriteCommand({ RequestItems: { [TableName]: [{ DeleteRequest: { Key: { pk: "b", sk: 0 } } }] } }));
  const got = await doc.send(new L.BatchGetCommand({ RequestItems: { [TableName]: { Keys: [0, 1, 24, 99].map((sk) => ({ pk: "b", sk })), ProjectionExpression: "sk, v" } } }));
  assert.equal(got.Responses![TableName].map((x) => x.sk).sort((a, b) => a - b), [1, 24]);
  assert.equal(got.UnprocessedKeys, {});

  const e = await fails(
    doc.send(
      new L.TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: { pk: "t", sk: 1, v: 1 } } },
          { Update: { TableName, Key: { pk: "b", sk: 1 }, UpdateExpression: "SET v = :v", ConditionExpression: "v = :old", ExpressionAttributeValues: { ":v": "new", ":old": "nope" } } },
        ],
      }),
    ),
    "TransactionCanceledException",
    "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
  );
  assert.equal((e.CancellationReasons as { Code: string }[]).map((r) => r.Code), ["None", "ConditionalCheckFailed"]);
  await doc.send(
    new L.TransactWriteCommand({
      TransactItems: [
        { Put: { TableName, Item: { pk: "t", sk: 1, v: 1 } } },
        { Update: { TableName, Key: { pk: "b", sk: 1 }, UpdateExpression: "SET v = :v", ConditionExpression: "v = :old", ExpressionAttributeValues: { ":v": "new", ":old": "v1" } } },
        { ConditionCheck: { TableName, Key: { pk: "b", sk: 2 }, ConditionExpression: "attribute_exists(v)" } },
        { Delete: { TableName, Key: { pk: "b", sk: 3 } } },
      ],
    }),
  );
  const tg = await doc.send(
    new L.TransactGetCommand({
      TransactItems: [{ Get: { TableName, Key: { pk: "t", sk: 1 } } }, { Get: { TableName, Key: { pk: "b", sk: 1 }, ProjectionExpression: "v" } }, { Get: { TableName, Key: { pk: "b", sk: 3 } } }],
    }),
  );
  assert.equal(
    tg.Responses!.map((r) => r.Item),
    [{ pk: "t", sk: 1, v: 1 }, { v: "new" }, undefined],
  );
});

ops("key size limits: partition key 2048 bytes, sort key 1024 bytes (UTF-8)", async () => {
  const TableName = await keyTable(c, { prefix: "doc", sortKey: "S" });
  await doc.send(new L.PutCommand({ TableName, Item: { pk: "p".repeat(2048), sk: "é".repeat(512) } }));
  await fails(
    doc.send(new L.PutCommand({ TableName, Item: { pk: "p".repeat(2049), sk: "s" } })),
    "ValidationException",
    "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes",
  );
  await fails(
    doc.send(new L.GetCommand({ TableName, Key: { pk: "p", sk: "é".repeat(513) } })),
    "ValidationException",
    "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes",
  );
});

ops.run();

const end = suite("document client: teardown");
end("stops the emulator", async () => {
  for (const d of [doc, strict, wrapped]) d.destroy();
  await ctx.close();
});
end.run();

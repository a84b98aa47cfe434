// Numeric sort keys are ordered by value, whatever their text: integers (compared without
// parsing), decimals, exponents and negative numbers mixed in one partition; item sizes
// count a number's significant digits.
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as C from "@aws-sdk/client-dynamodb";
import { keyTable, setup, type Setup } from "./support.ts";

let env: Setup;
test.before(async () => {
  env = await setup();
});
test.after(async () => env.close());

test("a numeric sort key orders integers, decimals, exponents and negatives by value, both ways", async () => {
  const c = env.ddb;
  const TableName = await keyTable(c);
  const big = "9".repeat(38);
  const written = ["-100", "12", "-12", "0", "-3", "3", "-0.5", "1E2", "99", "100.5", big, `-${big}`, "007", "1e-130", "-2.5E1"];
  for (let i = 0; i < written.length; i += 25) {
    const batch = written.slice(i, i + 25).map((n) => ({ PutRequest: { Item: { pk: { S: "p" }, sk: { N: n } } } }));
    await c.send(new C.BatchWriteItemCommand({ RequestItems: { [TableName]: batch } }));
  }
  const query = async (forward: boolean) =>
    (
      await c.send(
        new C.QueryCommand({ TableName, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": { S: "p" } }, ScanIndexForward: forward }),
      )
    ).Items!.map((i) => i.sk.N);
  const ascending = [`-${big}`, "-100", "-25", "-12", "-3", "-0.5", "0", "1E-130".replace("1E-130", `0.${"0".repeat(129)}1`), "3", "7", "12", "99", "100", "100.5", big];
  // "1E2" and "100" name one key: the later write replaced the earlier
  assert.equal(await query(true), ascending);
  assert.equal(await query(false), [...ascending].reverse());
  // a key written as "007" is found as 7, and 1E2 as 100
  const get = async (n: string) => (await c.send(new C.GetItemCommand({ TableName, Key: { pk: { S: "p" }, sk: { N: n } } }))).Item?.sk.N;
  assert.is(await get("7"), "7");
  assert.is(await get("1E2"), "100");
  assert.is(await get("-12.0"), "-12");
  assert.is(await get("13"), undefined);
  const between = await c.send(
    new C.QueryCommand({
      TableName,
      KeyConditionExpression: "pk = :p AND sk BETWEEN :a AND :b",
      ExpressionAttributeValues: { ":p": { S: "p" }, ":a": { N: "-12" }, ":b": { N: "12" } },
    }),
  );
  assert.equal(between.Items!.map((i) => i.sk.N), ["-12", "-3", "-0.5", "0", `0.${"0".repeat(129)}1`, "3", "7", "12"]);
});

test("numbers are stored in DynamoDB's form and sized by significant digits", async () => {
  const c = env.ddb;
  const TableName = await keyTable(c, { sortKey: null });
  const put = async (n: string) => {
    await c.send(new C.PutItemCommand({ TableName, Item: { pk: { S: n }, v: { N: n } } }));
    return (await c.send(new C.GetItemCommand({ TableName, Key: { pk: { S: n } } }))).Item!.v.N;
  };
  assert.is(await put("-0"), "0");
  assert.is(await put("0012"), "12");
  assert.is(await put("1200"), "1200");
  assert.is(await put("-45"), "-45");
  // 39 digits is one too many; 38 with trailing zeros beyond is fine
  await c.send(new C.PutItemCommand({ TableName, Item: { pk: { S: "x" }, v: { N: "1" + "0".repeat(40) } } }));
  try {
    await c.send(new C.PutItemCommand({ TableName, Item: { pk: { S: "y" }, v: { N: "1".repeat(39) } } }));
    assert.unreachable("39 significant digits are refused");
  } catch (e) {
    assert.is((e as Error).name, "ValidationException");
  }
  // DescribeTable's size: "pk" + "s" (2 + 1), then "v" + a number of 5 significant
  // digits (1 + ceil(5 / 2) + 1); trailing zeros are not significant
  const small = await keyTable(c, { sortKey: null });
  await c.send(new C.PutItemCommand({ TableName: small, Item: { pk: { S: "s" }, v: { N: "-12345000" } } }));
  const d = await c.send(new C.DescribeTableCommand({ TableName: small }));
  assert.is(d.Table!.TableSizeBytes, 2 + 1 + 1 + 4);
});

test.run();

// test-timeout: 180
// Query reads O(log n + page) entries: one page from a partition of 100,000 items costs the
// same work as one from a partition of 1,000. Work is counted by the store (entries read,
// search probes), not timed; a very loose timing ratio is checked as well.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as C from "@aws-sdk/client-dynamodb";
import { queryWork } from "../../impl/dynamodb/store.ts";
import { keyTable, setup } from "./support.ts";

const ctx = await setup();
const c = ctx.ddb;

async function load(n: number): Promise<string> {
  const TableName = await keyTable(c, { prefix: "cost" });
  const batches: C.WriteRequest[][] = [];
  for (let i = 0; i < n; i += 25) {
    // one hot partition holding every item, so the search really runs over n entries
    batches.push(Array.from({ length: Math.min(25, n - i) }, (_, j) => ({ PutRequest: { Item: { pk: { S: "hot" }, sk: { N: String(i + j) }, v: { S: "x" } } } })));
  }
  for (let i = 0; i < batches.length; i += 16) {
    await Promise.all(batches.slice(i, i + 16).map((RequestItems) => c.send(new C.BatchWriteItemCommand({ RequestItems: { [TableName]: RequestItems } }))));
  }
  return TableName;
}

const cost = suite("query cost");
const tables: Record<string, string> = {};

cost("load a 1k-item and a 100k-item table (one partition each)", async () => {
  tables.small = await load(1_000);
  tables.big = await load(100_000);
  const d = await c.send(new C.DescribeTableCommand({ TableName: tables.big }));
  assert.is(d.Table!.ItemCount, 100_000);
});

async function measure(TableName: string, forward: boolean, start: string) {
  const before = { ...queryWork };
  const r = await c.send(
    new C.QueryCommand({ TableName, KeyConditionExpression: "pk = :p AND sk >= :s", ExpressionAttributeValues: { ":p": { S: "hot" }, ":s": { N: start } }, Limit: 10, ScanIndexForward: forward }),
  );
  assert.is(r.Items!.length, 10);
  assert.ok(r.LastEvaluatedKey, "Limit stopped the read");
  return { visited: queryWork.entriesVisited - before.entriesVisited, probes: queryWork.probes - before.probes, last: r.LastEvaluatedKey! };
}

cost("a page of 10 reads ~10 entries and O(log n) probes in both tables, in both directions", async () => {
  for (const forward of [true, false]) {
    const small = await measure(tables.small, forward, "500");
    const big = await measure(tables.big, forward, "50000");
    assert.ok(small.visited <= 11 && big.visited <= 11, `entries read: small ${small.visited}, big ${big.visited}`);
    // a binary search over 100x the entries costs a handful more probes, never 100x
    assert.ok(big.probes <= small.probes + 20, `probes: small ${small.probes}, big ${big.probes}`);
    assert.ok(big.probes < 200, `probes ${big.probes}`);
  }
});

cost("continuing from LastEvaluatedKey is just as cheap", async () => {
  const first = await measure(tables.big, true, "99000");
  const before = { ...queryWork };
  const r = await c.send(
    new C.QueryCommand({ TableName: tables.big, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": { S: "hot" } }, Limit: 10, ExclusiveStartKey: first.last }),
  );
  assert.is(r.Items![0].sk.N, "99010");
  assert.ok(queryWork.entriesVisited - before.entriesVisited <= 11);
  assert.ok(queryWork.probes - before.probes < 200);
});

cost("timing, very loosely: the big table is not 100x slower", async () => {
  const time = async (TableName: string) => {
    const t0 = performance.now();
    for (let k = 0; k < 30; k++) await measure(TableName, true, String(k * 7));
    return performance.now() - t0;
  };
  await time(tables.small);
  const a = await time(tables.small);
  const b = await time(tables.big);
  assert.ok(b < a * 10 + 100, `big ${b.toFixed(1)} ms vs small ${a.toFixed(1)} ms`);
});

cost("stops the emulator", async () => {
  await ctx.close();
});

cost.run();

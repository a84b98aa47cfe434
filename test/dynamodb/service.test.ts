// test-timeout: 120
// DynamoDB through @aws-sdk/client-dynamodb: tables, items with conditions and return
// values, Query and Scan on tables and indexes, batches, transactions, TTL on the clock,
// and a KCL-style lease table with legacy conditional writes.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as C from "@aws-sdk/client-dynamodb";
import { fails, keyTable, setup, tableName } from "./support.ts";

const ctx = await setup();
const c = ctx.ddb;


// --- tables ------------------------------------------------------------------------------------
const tables = suite("tables");

tables("CreateTable answers CREATING; DescribeTable ACTIVE with counts, ARNs, billing summary", async () => {
  const TableName = tableName();
  const r = await c.send(
    new C.CreateTableCommand({
      TableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "g", AttributeType: "S" },
      ],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      GlobalSecondaryIndexes: [{ IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "KEYS_ONLY" } }],
      Tags: [{ Key: "team", Value: "data" }],
      DeletionProtectionEnabled: true,
    }),
  );
  assert.is(r.TableDescription!.TableStatus, "CREATING");
  const d = (await c.send(new C.DescribeTableCommand({ TableName }))).Table!;
  assert.is(d.TableStatus, "ACTIVE");
  assert.is(d.TableArn, `arn:aws:dynamodb:us-east-1:000000000000:table/${TableName}`);
  assert.is(d.BillingModeSummary!.BillingMode, "PAY_PER_REQUEST");
  assert.is(d.GlobalSecondaryIndexes![0].IndexStatus, "ACTIVE");
  assert.is(d.GlobalSecondaryIndexes![0].IndexArn, `${d.TableArn}/index/byG`);
  assert.is(d.ItemCount, 0);
  await c.send(new C.PutItemCommand({ TableName, Item: { pk: { S: "a" }, g: { S: "x" } } }));
  const d2 = (await c.send(new C.DescribeTableCommand({ TableName }))).Table!;
  assert.is(d2.ItemCount, 1);
  assert.is(d2.TableSizeBytes, 2 + 1 + 1 + 1, "pk+a, g+x");
  assert.is(d2.GlobalSecondaryIndexes![0].ItemCount, 1);
  const tags = await c.send(new C.ListTagsOfResourceCommand({ ResourceArn: d.TableArn }));
  assert.equal(tags.Tags, [{ Key: "team", Value: "data" }]);
  await fails(c.send(new C.DeleteTableCommand({ TableName })), "ValidationException");
  await c.send(new C.UpdateTableCommand({ TableName, DeletionProtectionEnabled: false }));
  const del = await c.send(new C.DeleteTableCommand({ TableName }));
  assert.is(del.TableDescription!.TableStatus, "DELETING");
  await fails(c.send(new C.DescribeTableCommand({ TableName })), "ResourceNotFoundException", `Requested resource not found: Table: ${TableName} not found`);
});

tables("validation: existing table, key schema, billing mode", async () => {
  const t = await keyTable(c);
  await fails(
    c.send(new C.CreateTableCommand({ TableName: t, BillingMode: "PAY_PER_REQUEST", AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }], KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }] })),
    "ResourceInUseException",
    `Table already exists: ${t}`,
  );
  await fails(
    c.send(new C.CreateTableCommand({ TableName: tableName(), AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }], KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }] })),
    "ValidationException",
    "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
  );
  await fails(
    c.send(new C.CreateTableCommand({ TableName: tableName(), BillingMode: "PAY_PER_REQUEST", AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "x", AttributeType: "S" }], KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }] })),
    "ValidationException",
    "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
  );
});

tables("ListTables pages; DescribeLimits; DescribeEndpoints", async () => {
  await keyTable(c);
  await keyTable(c);
  const all = (await c.send(new C.ListTablesCommand({}))).TableNames!;
  assert.ok(all.length >= 2);
  const first = await c.send(new C.ListTablesCommand({ Limit: 1 }));
  assert.equal(first.TableNames, all.slice(0, 1));
  assert.is(first.LastEvaluatedTableName, all[0]);
  const second = await c.send(new C.ListTablesCommand({ Limit: 100, ExclusiveStartTableName: all[0] }));
  assert.equal(second.TableNames, all.slice(1));
  assert.is(second.LastEvaluatedTableName, undefined);
  const l = await c.send(new C.DescribeLimitsCommand({}));
  assert.is(l.TableMaxReadCapacityUnits, 40000);
});

tables.run();

// --- items ------------------------------------------------------------------------------------------
const items = suite("items");

items("put, get with projection, update with return values, delete with ALL_OLD; numbers normalised", async () => {
  const TableName = await keyTable(c);
  const Key = { pk: { S: "a" }, sk: { N: "1" } };
  await c.send(new C.PutItemCommand({ TableName, Item: { ...Key, n: { N: "01.50" }, m: { M: { x: { L: [{ S: "y" }] } } }, b: { B: new Uint8Array([1, 2]) } } }));
  const g = await c.send(new C.GetItemCommand({ TableName, Key, ProjectionExpression: "n, m.x[0], b" }));
  assert.equal(g.Item, { n: { N: "1.5" }, m: { M: { x: { L: [{ S: "y" }] } } }, b: { B: new Uint8Array([1, 2]) } });
  const u = await c.send(
    new C.UpdateItemCommand({ TableName, Key, UpdateExpression: "SET n = n + :d ADD c :d REMOVE b", ExpressionAttributeValues: { ":d": { N: "1" } }, ReturnValues: "UPDATED_NEW" }),
  );
  assert.equal(u.Attributes, { n: { N: "2.5" }, c: { N: "1" } });
  const d = await c.send(new C.DeleteItemCommand({ TableName, Key, ReturnValues: "ALL_OLD" }));
  assert.is(d.Attributes!.n.N, "2.5");
  assert.is((await c.send(new C.GetItemCommand({ TableName, Key }))).Item, undefined);
});

items("conditions: ConditionalCheckFailedException with the old item; errors with DynamoDB's texts", async () => {
  const TableName = await keyTable(c);
  const Key = { pk: { S: "a" }, sk: { N: "1" } };
  await c.send(new C.PutItemCommand({ TableName, Item: { ...Key, v: { N: "1" } } }));
  const e = await fails(
    c.send(new C.PutItemCommand({ TableName, Item: { ...Key, v: { N: "2" } }, ConditionExpression: "attribute_not_exists(pk)", ReturnValuesOnConditionCheckFailure: "ALL_OLD" })),
    "ConditionalCheckFailedException",
    "The conditional request failed",
  );
  assert.equal(e.Item, { ...Key, v: { N: "1" } });
  await fails(c.send(new C.GetItemCommand({ TableName, Key: { pk: { S: "a" } } })), "ValidationException", "The provided key element does not match the schema");
  await fails(c.send(new C.PutItemCommand({ TableName, Item: { pk: { S: "a" } } })), "ValidationException", "One or more parameter values were invalid: Missing the key sk in the item");
  await fails(c.send(new C.PutItemCommand({ TableName, Item: { pk: { S: "a" }, sk: { S: "x" } } })), "ValidationException", "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S");
  await fails(
    c.send(new C.UpdateItemCommand({ TableName, Key, UpdateExpression: "SET v = :v", ExpressionAttributeValues: { ":v": { N: "1" }, ":w": { N: "2" } } })),
    "ValidationException",
    "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}",
  );
  await fails(c.send(new C.UpdateItemCommand({ TableName, Key, UpdateExpression: "SET pk = :v", ExpressionAttributeValues: { ":v": { S: "b" } } })), "ValidationException", "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
  await fails(c.send(new C.PutItemCommand({ TableName, Item: { ...Key, big: { S: "x".repeat(400 * 1024) } } })), "ValidationException", "Item size has exceeded the maximum allowed size");
  await fails(c.send(new C.GetItemCommand({ TableName: "nope", Key })), "ResourceNotFoundException", "Requested resource not found");
});

items("KCL lease table: on-demand, GSI added by UpdateTable, legacy Expected and expressions, steal fails with the old item", async () => {
  const TableName = tableName("leases");
  await c.send(new C.CreateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST", AttributeDefinitions: [{ AttributeName: "leaseKey", AttributeType: "S" }], KeySchema: [{ AttributeName: "leaseKey", KeyType: "HASH" }] }));
  const up = await c.send(
    new C.UpdateTableCommand({
      TableName,
      AttributeDefinitions: [{ AttributeName: "leaseOwner", AttributeType: "S" }],
      GlobalSecondaryIndexUpdates: [{ Create: { IndexName: "LeaseOwnerToLeaseKeyIndex", KeySchema: [{ AttributeName: "leaseOwner", KeyType: "HASH" }], Projection: { ProjectionType: "KEYS_ONLY" } } }],
    }),
  );
  assert.is(up.TableDescription!.GlobalSecondaryIndexes![0].IndexStatus, "CREATING");
  const d = (await c.send(new C.DescribeTableCommand({ TableName }))).Table!;
  assert.is(d.GlobalSecondaryIndexes![0].IndexStatus, "ACTIVE");
  // create the lease if absent (legacy Expected Exists=false)
  await c.send(new C.PutItemCommand({ TableName, Item: { leaseKey: { S: "shard-0" }, leaseCounter: { N: "0" }, checkpoint: { S: "TRIM_HORIZON" } }, Expected: { leaseKey: { Exists: false } } }));
  // take it: counter must match (legacy), owner set with AttributeUpdates
  await c.send(
    new C.UpdateItemCommand({
      TableName,
      Key: { leaseKey: { S: "shard-0" } },
      Expected: { leaseCounter: { Value: { N: "0" } } },
      AttributeUpdates: { leaseOwner: { Action: "PUT", Value: { S: "worker-a" } }, leaseCounter: { Action: "ADD", Value: { N: "1" } } },
    }),
  );
  // renew with an expression
  await c.send(
    new C.UpdateItemCommand({
      TableName,
      Key: { leaseKey: { S: "shard-0" } },
      ConditionExpression: "leaseCounter = :c AND leaseOwner = :o",
      UpdateExpression: "SET leaseCounter = leaseCounter + :one",
      ExpressionAttributeValues: { ":c": { N: "1" }, ":o": { S: "worker-a" }, ":one": { N: "1" } },
    }),
  );
  const owned = await c.send(new C.QueryCommand({ TableName, IndexName: "LeaseOwnerToLeaseKeyIndex", KeyConditions: { leaseOwner: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "worker-a" }] } } }));
  assert.equal(owned.Items, [{ leaseKey: { S: "shard-0" }, leaseOwner: { S: "worker-a" } }]);
  // a stale steal fails and returns the current item
  const e = await fails(
    c.send(
      new C.UpdateItemCommand({
        TableName,
        Key: { leaseKey: { S: "shard-0" } },
        ConditionExpression: "leaseCounter = :c",
        UpdateExpression: "SET leaseOwner = :me",
        ExpressionAttributeValues: { ":c": { N: "1" }, ":me": { S: "worker-b" } },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    ),
    "ConditionalCheckFailedException",
  );
  assert.is((e.Item as Record<string, C.AttributeValue>).leaseCounter.N, "2");
  const scan = await c.send(new C.ScanCommand({ TableName, ScanFilter: { leaseOwner: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "worker-a" }] } } }));
  assert.is(scan.Count, 1);
});

items.run();

// --- query and scan ----------------------------------------------------------------------------------
const reads = suite("query and scan");

reads("Query: numeric sort order, ranges, reverse, Limit and LastEvaluatedKey, filters, COUNT", async () => {
  const TableName = await keyTable(c);
  const ns = ["-5", "0.5", "2", "10", "100", "1E3"];
  await c.send(new C.BatchWriteItemCommand({ RequestItems: { [TableName]: ns.map((n) => ({ PutRequest: { Item: { pk: { S: "p" }, sk: { N: n }, odd: { BOOL: n === "2" } } } })) } }));
  const q = (extra: Partial<C.QueryCommandInput>) =>
    c.send(new C.QueryCommand({ TableName, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": { S: "p" } }, ...extra } as C.QueryCommandInput));
  assert.equal((await q({})).Items!.map((i) => i.sk.N), ["-5", "0.5", "2", "10", "100", "1000"]);
  assert.equal((await q({ ScanIndexForward: false, Limit: 2 })).Items!.map((i) => i.sk.N), ["1000", "100"]);
  const between = await q({ KeyConditionExpression: "pk = :p AND sk BETWEEN :a AND :b", ExpressionAttributeValues: { ":p": { S: "p" }, ":a": { N: "0" }, ":b": { N: "10" } } });
  assert.equal(between.Items!.map((i) => i.sk.N), ["0.5", "2", "10"]);
  const p1 = await q({ Limit: 4 });
  assert.equal(p1.LastEvaluatedKey, { pk: { S: "p" }, sk: { N: "10" } });
  const p2 = await q({ ExclusiveStartKey: p1.LastEvaluatedKey });
  assert.equal(p2.Items!.map((i) => i.sk.N), ["100", "1000"]);
  const f = await q({ FilterExpression: "odd = :t", ExpressionAttributeValues: { ":p": { S: "p" }, ":t": { BOOL: true } } });
  assert.is(f.Count, 1);
  assert.is(f.ScannedCount, 6);
  const count = await q({ Select: "COUNT" });
  assert.is(count.Count, 6);
  assert.is(count.Items, undefined);
  await fails(q({ KeyConditionExpression: "sk = :p", ExpressionAttributeValues: { ":p": { N: "1" } } }), "ValidationException", "Query condition missed key schema element: pk");
  await fails(q({ KeyConditionExpression: "pk = :p OR pk = :p" }), "ValidationException", "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR");
});

reads("parallel Scan: segments cover every item once", async () => {
  const TableName = await keyTable(c, { sortKey: null });
  for (let i = 0; i < 50; i += 25) {
    await c.send(new C.BatchWriteItemCommand({ RequestItems: { [TableName]: Array.from({ length: 25 }, (_, j) => ({ PutRequest: { Item: { pk: { S: `k${i + j}` } } } })) } }));
  }
  const seen: string[] = [];
  for (let s = 0; s < 4; s++) {
    let start: Record<string, C.AttributeValue> | undefined;
    do {
      const r = await c.send(new C.ScanCommand({ TableName, Segment: s, TotalSegments: 4, Limit: 7, ExclusiveStartKey: start }));
      seen.push(...r.Items!.map((i) => i.pk.S!));
      start = r.LastEvaluatedKey;
    } while (start);
  }
  assert.is(seen.length, 50);
  assert.is(new Set(seen).size, 50);
});

// Query cost against table size: test/dynamodb/query-cost.test.ts (work counters, 1k vs 100k items).

reads.run();

// --- batches, transactions, TTL --------------------------------------------------------------------------
const tx = suite("transactions and TTL");

tx("TransactWriteItems: all or nothing, cancellation reasons in order, idempotent token", async () => {
  const TableName = await keyTable(c, { sortKey: null });
  await c.send(new C.PutItemCommand({ TableName, Item: { pk: { S: "a" }, v: { N: "1" } } }));
  const e = await fails(
    c.send(
      new C.TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName, Item: { pk: { S: "b" } } } },
          { ConditionCheck: { TableName, Key: { pk: { S: "a" } }, ConditionExpression: "v = :two", ExpressionAttributeValues: { ":two": { N: "2" } }, ReturnValuesOnConditionCheckFailure: "ALL_OLD" } },
        ],
      }),
    ),
    "TransactionCanceledException",
    "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
  );
  const reasons = e.CancellationReasons as C.CancellationReason[];
  assert.is(reasons[0].Code, "None");
  assert.is(reasons[1].Code, "ConditionalCheckFailed");
  assert.equal(reasons[1].Item, { pk: { S: "a" }, v: { N: "1" } });
  assert.is((await c.send(new C.GetItemCommand({ TableName, Key: { pk: { S: "b" } } }))).Item, undefined, "nothing written");
  const input: C.TransactWriteItemsCommandInput = {
    ClientRequestToken: "tok-1",
    TransactItems: [{ Update: { TableName, Key: { pk: { S: "a" } }, UpdateExpression: "ADD v :one", ExpressionAttributeValues: { ":one": { N: "1" } } } }],
  };
  await c.send(new C.TransactWriteItemsCommand(input));
  await c.send(new C.TransactWriteItemsCommand(input));
  assert.is((await c.send(new C.GetItemCommand({ TableName, Key: { pk: { S: "a" } } }))).Item!.v.N, "2", "the repeated token applied once");
  await fails(
    c.send(new C.TransactWriteItemsCommand({ ...input, TransactItems: [{ Delete: { TableName, Key: { pk: { S: "a" } } } }] })),
    "IdempotentParameterMismatchException",
  );
  await fails(
    c.send(new C.TransactWriteItemsCommand({ TransactItems: [{ Delete: { TableName, Key: { pk: { S: "a" } } } }, { Put: { TableName, Item: { pk: { S: "a" } } } }] })),
    "ValidationException",
    "Transaction request cannot include multiple operations on one item",
  );
});

tx("8 concurrent writers with conditional increments: the counter equals the successes", async () => {
  const TableName = await keyTable(c, { sortKey: null });
  await c.send(new C.PutItemCommand({ TableName, Item: { pk: { S: "ctr" }, n: { N: "0" } } }));
  let ok = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = 0; i < 10; i++) {
        const cur = (await c.send(new C.GetItemCommand({ TableName, Key: { pk: { S: "ctr" } }, ConsistentRead: true }))).Item!.n.N!;
        try {
          await c.send(
            new C.TransactWriteItemsCommand({
              TransactItems: [{ Update: { TableName, Key: { pk: { S: "ctr" } }, ConditionExpression: "n = :cur", UpdateExpression: "SET n = n + :one", ExpressionAttributeValues: { ":cur": { N: cur }, ":one": { N: "1" } } } }],
            }),
          );
          ok++;
        } catch (e) {
          assert.is((e as Error).name, "TransactionCanceledException");
        }
      }
    }),
  );
  const n = (await c.send(new C.GetItemCommand({ TableName, Key: { pk: { S: "ctr" } } }))).Item!.n.N;
  assert.is(Number(n), ok);
  assert.ok(ok > 0);
});

tx("TTL: expired items are deleted by the clock", async () => {
  const TableName = await keyTable(c, { sortKey: null });
  const now = Math.floor(ctx.clock.now() / 1000);
  await c.send(new C.PutItemCommand({ TableName, Item: { pk: { S: "old" }, exp: { N: String(now + 60) } } }));
  await c.send(new C.PutItemCommand({ TableName, Item: { pk: { S: "new" }, exp: { N: String(now + 3600) } } }));
  await c.send(new C.UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { Enabled: true, AttributeName: "exp" } }));
  const d = await c.send(new C.DescribeTimeToLiveCommand({ TableName }));
  assert.equal(d.TimeToLiveDescription, { TimeToLiveStatus: "ENABLED", AttributeName: "exp" });
  ctx.clock.advance(120_000);
  const left = await c.send(new C.ScanCommand({ TableName }));
  assert.equal(left.Items!.map((i) => i.pk.S), ["new"]);
  await c.send(new C.BatchGetItemCommand({ RequestItems: { [TableName]: { Keys: [{ pk: { S: "new" } }] } } })).then((r) => assert.is(r.Responses![TableName].length, 1));
});

tx.run();

const end = suite("teardown");
end.after(() => ctx.close());
end("stops the emulator", () => undefined);
end.run();

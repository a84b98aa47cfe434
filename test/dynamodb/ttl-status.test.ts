// test-timeout: 60
// TTL status transitions through @aws-sdk/client-dynamodb: with --dynamodb-status-delay-ms,
// UpdateTimeToLive leaves the table ENABLING or DISABLING until that delay passes on the
// clock; the refusals DynamoDB answers meanwhile and afterwards; and, with no delay, the
// change is immediate.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as C from "@aws-sdk/client-dynamodb";
import { fails, keyTable, setup } from "./support.ts";

const DELAY = 5_000;
const slow = await setup({ options: { "dynamodb-status-delay-ms": DELAY } });
const quick = await setup();

const ttl = suite("TTL status");

const describe = async (c: C.DynamoDBClient, TableName: string) => (await c.send(new C.DescribeTimeToLiveCommand({ TableName }))).TimeToLiveDescription;
const update = (c: C.DynamoDBClient, TableName: string, Enabled: boolean, AttributeName = "exp") =>
  c.send(new C.UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { Enabled, AttributeName } }));

ttl("enabling: ENABLING until the status delay passes, then ENABLED; expired items go only once enabled", async () => {
  const c = slow.ddb;
  const TableName = await keyTable(c, { sortKey: null });
  slow.clock.advance(DELAY); // the table itself is CREATING that long
  const now = Math.floor(slow.clock.now() / 1000);
  await c.send(new C.PutItemCommand({ TableName, Item: { pk: { S: "old" }, exp: { N: String(now - 60) } } }));
  const r = await update(c, TableName, true);
  assert.equal(r.TimeToLiveSpecification, { Enabled: true, AttributeName: "exp" });
  assert.equal(await describe(c, TableName), { TimeToLiveStatus: "ENABLING", AttributeName: "exp" });
  await fails(update(c, TableName, true), "ValidationException", "TimeToLive is already enabled");
  await fails(update(c, TableName, true, "other"), "ValidationException", "TimeToLive is active on a different AttributeName: current AttributeName is exp");
  await fails(update(c, TableName, false), "ValidationException", "Time to live has been modified multiple times within a fixed interval");
  slow.clock.advance(DELAY - 1);
  assert.is((await describe(c, TableName))!.TimeToLiveStatus, "ENABLING");
  slow.clock.advance(1);
  assert.equal(await describe(c, TableName), { TimeToLiveStatus: "ENABLED", AttributeName: "exp" });
  assert.is((await c.send(new C.GetItemCommand({ TableName, Key: { pk: { S: "old" } } }))).Item?.pk.S, "old", "not swept yet");
  slow.clock.advance(10_000); // the TTL sweep interval
  assert.is((await c.send(new C.GetItemCommand({ TableName, Key: { pk: { S: "old" } } }))).Item, undefined, "swept once ENABLED");
  await fails(update(c, TableName, true), "ValidationException", "TimeToLive is already enabled");
});

ttl("disabling: DISABLING (still naming the attribute) until the delay passes, then DISABLED; no sweeping meanwhile", async () => {
  const c = slow.ddb;
  const TableName = await keyTable(c, { sortKey: null });
  slow.clock.advance(DELAY);
  await fails(update(c, TableName, false), "ValidationException", "TimeToLive is already disabled");
  await update(c, TableName, true);
  slow.clock.advance(DELAY);
  const now = Math.floor(slow.clock.now() / 1000);
  await c.send(new C.PutItemCommand({ TableName, Item: { pk: { S: "old" }, exp: { N: String(now - 60) } } }));
  await update(c, TableName, false);
  assert.equal(await describe(c, TableName), { TimeToLiveStatus: "DISABLING", AttributeName: "exp" });
  await fails(update(c, TableName, false), "ValidationException", "TimeToLive is already disabled");
  await fails(update(c, TableName, true), "ValidationException", "Time to live has been modified multiple times within a fixed interval");
  slow.clock.advance(DELAY);
  assert.equal(await describe(c, TableName), { TimeToLiveStatus: "DISABLED" });
  slow.clock.advance(30_000);
  assert.is((await c.send(new C.GetItemCommand({ TableName, Key: { pk: { S: "old" } } }))).Item?.pk.S, "old", "TTL off: kept");
  await fails(update(c, TableName, false), "ValidationException", "TimeToLive is already disabled");
  // re-enabled, on another attribute this time
  await update(c, TableName, true, "expires");
  assert.equal(await describe(c, TableName), { TimeToLiveStatus: "ENABLING", AttributeName: "expires" });
  slow.clock.advance(DELAY);
  assert.equal(await describe(c, TableName), { TimeToLiveStatus: "ENABLED", AttributeName: "expires" });
});

ttl("a table deleted while its TTL is changing: the pending change is dropped with it", async () => {
  const c = slow.ddb;
  const TableName = await keyTable(c, { sortKey: null });
  slow.clock.advance(DELAY);
  await update(c, TableName, true);
  await c.send(new C.DeleteTableCommand({ TableName }));
  slow.clock.advance(DELAY);
  await fails(describe(c, TableName), "ResourceNotFoundException");
});

ttl("with no status delay the change is immediate, and the same refusals apply", async () => {
  const c = quick.ddb;
  const TableName = await keyTable(c, { sortKey: null });
  await update(c, TableName, true);
  assert.equal(await describe(c, TableName), { TimeToLiveStatus: "ENABLED", AttributeName: "exp" });
  await fails(update(c, TableName, true), "ValidationException", "TimeToLive is already enabled");
  await fails(update(c, TableName, true, "other"), "ValidationException", "TimeToLive is active on a different AttributeName: current AttributeName is exp");
  await update(c, TableName, false);
  assert.equal(await describe(c, TableName), { TimeToLiveStatus: "DISABLED" });
  await fails(update(c, TableName, false), "ValidationException", "TimeToLive is already disabled");
});

ttl.run();

const end = suite("teardown");
end.after(async () => {
  await slow.close();
  await quick.close();
});
end("stops the emulators", () => undefined);
end.run();

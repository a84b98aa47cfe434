// test-timeout: 180
// boto3 and the AWS CLI (v1) against the emulator's DynamoDB: tables, items with Decimal
// numbers and sets, conditions, Query/Scan with boto3's condition builders, batch_writer,
// transactions, errors. Programs run with execFile (never spawnSync: the emulator lives in
// this process's event loop). Skipped, with the reason printed, where python3/boto3 or aws
// is missing.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { setup } from "./support.ts";
import { runPython, runTool as run, toolsPresent } from "../support/tools.ts";

const ctx = await setup();
const url = ctx.emu.url;

const { hasBoto3, hasCli } = await toolsPresent();

const python = (code: string) => runPython(code, url);

const aws = (args: string[]) => run("aws", ["--endpoint-url", url, "--output", "json", "dynamodb", ...args]);
async function awsOk(args: string[]) {
  const r = await aws(args);
  assert.is(r.status, 0, `aws dynamodb ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : {};
}

test("boto3: resource API with Decimals and sets, conditions, query builders, batch_writer, transactions", async () => {
  if (!hasBoto3) return console.log("skipped: python3 with boto3 is not installed");
  const out = await python(`
import boto3, json, sys
from decimal import Decimal
from boto3.dynamodb.conditions import Key, Attr
r = boto3.resource("dynamodb", endpoint_url=sys.argv[1])
c = r.meta.client
t = r.create_table(TableName="boto-orders", BillingMode="PAY_PER_REQUEST",
  AttributeDefinitions=[{"AttributeName": "customer", "AttributeType": "S"}, {"AttributeName": "seq", "AttributeType": "N"}],
  KeySchema=[{"AttributeName": "customer", "KeyType": "HASH"}, {"AttributeName": "seq", "KeyType": "RANGE"}])
t.wait_until_exists()
t.put_item(Item={"customer": "ann", "seq": 1, "total": Decimal("19.99"), "tags": {"new", "gift"}, "lines": [{"sku": "a", "qty": 2}]})
try:
    t.put_item(Item={"customer": "ann", "seq": 1}, ConditionExpression=Attr("customer").not_exists())
    cond = None
except c.exceptions.ConditionalCheckFailedException as e:
    cond = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
with t.batch_writer() as b:
    for i in range(2, 40):
        b.put_item(Item={"customer": "ann" if i % 2 else "bob", "seq": i, "total": Decimal(i) / 4})
upd = t.update_item(Key={"customer": "ann", "seq": 1}, UpdateExpression="SET #t = #t + :d ADD tags :t", ExpressionAttributeNames={"#t": "total"},
  ExpressionAttributeValues={":d": Decimal("0.01"), ":t": {"vip"}}, ReturnValues="UPDATED_NEW")["Attributes"]
q = t.query(KeyConditionExpression=Key("customer").eq("ann") & Key("seq").between(5, 15), FilterExpression=Attr("total").gt(2), ScanIndexForward=False)
s = t.scan(FilterExpression=Attr("customer").eq("bob") & Attr("seq").lt(10), Select="COUNT")
try:
    c.transact_write_items(TransactItems=[
        {"Put": {"TableName": "boto-orders", "Item": {"customer": "zed", "seq": 1}}},
        {"ConditionCheck": {"TableName": "boto-orders", "Key": {"customer": "ann", "seq": 1}, "ConditionExpression": "#t > :x", "ExpressionAttributeNames": {"#t": "total"}, "ExpressionAttributeValues": {":x": 100}}}])
    tx = None
except c.exceptions.TransactionCanceledException as e:
    tx = [e.response["Error"]["Message"], [x["Code"] for x in e.response["CancellationReasons"]]]
try:
    t.put_item(Item={"customer": "ann", "seq": 2, "n": Decimal("1E126")})
    big = None
except c.exceptions.ClientError as e:
    big = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
try:
    c.describe_table(TableName="nope")
    missing = None
except c.exceptions.ResourceNotFoundException as e:
    missing = [e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
got = t.get_item(Key={"customer": "ann", "seq": 1}, ConsistentRead=True)["Item"]
d = c.describe_table(TableName="boto-orders")["Table"]
print(json.dumps({"cond": cond, "upd": upd, "q": [int(i["seq"]) for i in q["Items"]], "qcount": q["Count"], "qscanned": q["ScannedCount"],
  "s": [s["Count"], s["ScannedCount"]], "tx": tx, "big": big, "missing": missing, "got": got, "items": d["ItemCount"], "status": d["TableStatus"]}, default=str))`);
  assert.equal(out.cond, ["ConditionalCheckFailedException", "The conditional request failed"]);
  assert.is(out.upd.total, "20");
  assert.equal([...out.upd.tags.replace(/[{}' ]/g, "").split(",")].sort(), ["gift", "new", "vip"]);
  // ann has the odd seqs; 5..15 reversed, total = seq/4 > 2 leaves seq 9..15
  assert.equal(out.q, [15, 13, 11, 9]);
  assert.is(out.qcount, 4);
  assert.is(out.qscanned, 6);
  assert.equal(out.s, [4, 39], "bob has 2,4,6,8 below 10; Scan reads all 39 items");
  assert.equal(out.tx, ["Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]", ["None", "ConditionalCheckFailed"]]);
  assert.equal(out.big, ["ValidationException", "Number overflow. Attempting to store a number with magnitude larger than supported range"]);
  assert.equal(out.missing, ["ResourceNotFoundException", "Requested resource not found: Table: nope not found", 400]);
  assert.is(out.got.total, "20");
  assert.equal(out.got.lines, [{ sku: "a", qty: "2" }]);
  assert.is(out.items, 39);
  assert.is(out.status, "ACTIVE");
});

test("AWS CLI v1: create-table, put-item, get-item, update-item, query, scan, batch, errors, delete-table", async () => {
  if (!hasCli) return console.log("skipped: the aws command (AWS CLI) is not installed");
  const created = await awsOk([
    "create-table",
    "--table-name", "cli-music",
    "--attribute-definitions", "AttributeName=Artist,AttributeType=S", "AttributeName=Song,AttributeType=S",
    "--key-schema", "AttributeName=Artist,KeyType=HASH", "AttributeName=Song,KeyType=RANGE",
    "--billing-mode", "PAY_PER_REQUEST",
  ]);
  assert.is(created.TableDescription.TableName, "cli-music");
  await awsOk(["wait", "table-exists", "--table-name", "cli-music"]);
  await awsOk(["put-item", "--table-name", "cli-music", "--item", JSON.stringify({ Artist: { S: "Acme Band" }, Song: { S: "Happy Day" }, Year: { N: "2020.0" }, Genres: { SS: ["pop", "rock"] } })]);
  await awsOk(["put-item", "--table-name", "cli-music", "--item", JSON.stringify({ Artist: { S: "Acme Band" }, Song: { S: "Another" }, Year: { N: "1999" } })]);
  const got = await awsOk(["get-item", "--table-name", "cli-music", "--key", JSON.stringify({ Artist: { S: "Acme Band" }, Song: { S: "Happy Day" } }), "--consistent-read"]);
  assert.equal(got.Item.Year, { N: "2020" }, "numbers come back normalised");
  const upd = await awsOk([
    "update-item", "--table-name", "cli-music",
    "--key", JSON.stringify({ Artist: { S: "Acme Band" }, Song: { S: "Happy Day" } }),
    "--update-expression", "SET #y = #y + :one, Plays = if_not_exists(Plays, :zero)",
    "--expression-attribute-names", JSON.stringify({ "#y": "Year" }),
    "--expression-attribute-values", JSON.stringify({ ":one": { N: "1" }, ":zero": { N: "0" } }),
    "--return-values", "ALL_NEW",
  ]);
  assert.equal(upd.Attributes.Year, { N: "2021" });
  assert.equal(upd.Attributes.Plays, { N: "0" });
  const q = await awsOk([
    "query", "--table-name", "cli-music",
    "--key-condition-expression", "Artist = :a AND begins_with(Song, :p)",
    "--expression-attribute-values", JSON.stringify({ ":a": { S: "Acme Band" }, ":p": { S: "Ha" } }),
  ]);
  assert.is(q.Count, 1);
  assert.is(q.Items[0].Song.S, "Happy Day");
  // the CLI pages Scan by itself (--page-size sets Limit, follows LastEvaluatedKey)
  const s = await awsOk(["scan", "--table-name", "cli-music", "--page-size", "1"]);
  assert.is(s.Count, 2);
  await awsOk([
    "batch-write-item",
    "--request-items",
    JSON.stringify({ "cli-music": [{ PutRequest: { Item: { Artist: { S: "B" }, Song: { S: "x" } } } }, { DeleteRequest: { Key: { Artist: { S: "Acme Band" }, Song: { S: "Another" } } } }] }),
  ]);
  const bg = await awsOk(["batch-get-item", "--request-items", JSON.stringify({ "cli-music": { Keys: [{ Artist: { S: "B" }, Song: { S: "x" } }, { Artist: { S: "Acme Band" }, Song: { S: "Another" } }] } })]);
  assert.is(bg.Responses["cli-music"].length, 1);
  const failed = await aws([
    "put-item", "--table-name", "cli-music",
    "--item", JSON.stringify({ Artist: { S: "B" }, Song: { S: "x" } }),
    "--condition-expression", "attribute_not_exists(Artist)",
  ]);
  assert.is(failed.status, 255, "CLI v1 exits 255 on a service error");
  assert.match(failed.stderr, /\(ConditionalCheckFailedException\) when calling the PutItem operation.*: The conditional request failed/);
  const badKey = await aws(["get-item", "--table-name", "cli-music", "--key", JSON.stringify({ Artist: { S: "B" } })]);
  assert.match(badKey.stderr, /\(ValidationException\) when calling the GetItem operation.*: The provided key element does not match the schema/);
  const listed = await awsOk(["list-tables"]);
  assert.ok(listed.TableNames.includes("cli-music"));
  const del = await awsOk(["delete-table", "--table-name", "cli-music"]);
  assert.is(del.TableDescription.TableStatus, "DELETING");
  const gone = await aws(["describe-table", "--table-name", "cli-music"]);
  assert.match(gone.stderr, /ResourceNotFoundException/);
});

test("stops the emulator", async () => {
  await ctx.close();
});

test.run();

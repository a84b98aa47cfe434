// Constraint validation: the exact ValidationException texts AWS's JSON services send,
// through the real Kinesis SDK and raw requests; the Validator on a fixture of its own;
// and every pattern of the ten bundled models compiling as JavaScript.
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  KinesisClient,
  PutRecordCommand,
  PutRecordsCommand,
} from "@aws-sdk/client-kinesis";
import RandExp from "randexp";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { shapes as dynamodbShapes } from "../../generated/dynamodb/schema.ts";
import { shapes as dynamodbStreamsShapes } from "../../generated/dynamodb-streams/schema.ts";
import { shapes as firehoseShapes } from "../../generated/firehose/schema.ts";
import { shapes as kinesisShapes } from "../../generated/kinesis/schema.ts";
import { shapes as lambdaShapes } from "../../generated/lambda/schema.ts";
import { shapes as memorydbShapes } from "../../generated/memorydb/schema.ts";
import { shapes as s3Shapes } from "../../generated/s3/schema.ts";
import { shapes as snsShapes } from "../../generated/sns/schema.ts";
import { shapes as sqsShapes } from "../../generated/sqs/schema.ts";
import { shapes as stsShapes } from "../../generated/sts/schema.ts";
import type { Emulator } from "../../runtime/emulator.ts";
import type { Constraints, ShapeTable } from "../../runtime/schema.ts";
import { compilePattern, formatViolations, printValue, Validator } from "../../runtime/validate/index.ts";
import { clientConfig, testEmulator } from "../support/emulator.ts";

let emu: Emulator;
let kinesis: KinesisClient;
const putRecordCalls: unknown[] = [];

test.before(async () => {
  emu = await testEmulator({
    handlers: {
      kinesis: {
        PutRecord: async (input: unknown) => {
          putRecordCalls.push(input);
          return { ShardId: "shardId-000000000000", SequenceNumber: "49590338271490256608559692538361571095921575989136588898" };
        },
        AddTagsToStream: async () => ({}),
      },
    },
  });
  kinesis = new KinesisClient(clientConfig(emu));
});

test.after(async () => {
  kinesis?.destroy();
  await emu?.stop();
});

/** The error a call fails with (fails the test when it succeeds). */
async function failure(p: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  assert.unreachable("the call succeeded; a ValidationException was expected");
  throw new Error("unreachable");
}

async function raw(target: string, body: string): Promise<{ status: number; doc: Record<string, unknown> }> {
  const res = await fetch(`${emu.url}/`, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `Kinesis_20131202.${target}` },
    body,
  });
  return { status: res.status, doc: (await res.json()) as Record<string, unknown> };
}

const data = new Uint8Array([1, 2, 3]);

// --- through the SDK ---

test("ShardCount 0: the exact AWS text", async () => {
  const err = await failure(kinesis.send(new CreateStreamCommand({ StreamName: "s", ShardCount: 0 })));
  assert.is(err.name, "ValidationException");
  assert.is(
    err.message,
    "1 validation error detected: Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1",
  );
  assert.is(err.$metadata?.httpStatusCode, 400);
});

test("two violations are counted and joined with '; '", async () => {
  const err = await failure(kinesis.send(new CreateStreamCommand({ StreamName: "bad name", ShardCount: -3 })));
  assert.is(err.name, "ValidationException");
  const head = "2 validation errors detected: ";
  assert.ok(err.message.startsWith(head), err.message);
  const parts = err.message.slice(head.length).split("; ").sort();
  assert.equal(parts, [
    "Value '-3' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1",
    "Value 'bad name' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_.-]+$",
  ]);
});

test("more than ten violations: ten listed, all counted", async () => {
  const Records = Array.from({ length: 12 }, () => ({ Data: data, PartitionKey: "" }));
  const err = await failure(kinesis.send(new PutRecordsCommand({ StreamName: "s", Records })));
  assert.is(err.name, "ValidationException");
  const head = "12 validation errors detected: ";
  assert.ok(err.message.startsWith(head), err.message);
  const parts = err.message.slice(head.length).split("; ");
  assert.is(parts.length, 10, err.message);
  const allowed = new Set(
    Array.from(
      { length: 12 },
      (_, i) =>
        `Value '' at 'records.${i + 1}.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    ),
  );
  for (const p of parts) assert.ok(allowed.has(p), `unexpected item: ${p}`);
  assert.is(new Set(parts).size, 10, "items repeat");
});

test("a missing required member: Value null (raw request)", async () => {
  const { status, doc } = await raw("CreateStream", '{"ShardCount":1}');
  assert.is(status, 400);
  assert.equal(doc, {
    __type: "ValidationException",
    message: "1 validation error detected: Value null at 'streamName' failed to satisfy constraint: Member must not be null",
  });
});

test("a missing required member inside a list item (raw request)", async () => {
  const { status, doc } = await raw("PutRecords", '{"StreamName":"s","Records":[{"Data":"AQID","PartitionKey":"p"},{"Data":"AQID"}]}');
  assert.is(status, 400);
  assert.is(
    doc.message,
    "1 validation error detected: Value null at 'records.2.member.partitionKey' failed to satisfy constraint: Member must not be null",
  );
});

test("a pattern violation prints the model's pattern as written", async () => {
  const err = await failure(kinesis.send(new CreateStreamCommand({ StreamName: "no/slashes", ShardCount: 1 })));
  assert.is(err.name, "ValidationException");
  assert.is(
    err.message,
    "1 validation error detected: Value 'no/slashes' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_.-]+$",
  );
});

test("an enum violation lists the values in model order, with the nested path", async () => {
  const err = await failure(
    kinesis.send(
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      new CreateStreamCommand({ StreamName: "s", StreamModeDetails: { StreamMode: "SOMETIMES" as any } }),
    ),
  );
  assert.is(err.name, "ValidationException");
  assert.is(
    err.message,
    "1 validation error detected: Value 'SOMETIMES' at 'streamModeDetails.streamMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]",
  );
});

test("list items are addressed as .N.member. (1-based)", async () => {
  const Records = [
    { Data: data, PartitionKey: "ok" },
    { Data: data, PartitionKey: "k".repeat(257) },
    { Data: data, PartitionKey: "fine" },
  ];
  const err = await failure(kinesis.send(new PutRecordsCommand({ StreamName: "s", Records })));
  assert.is(
    err.message,
    `1 validation error detected: Value '${"k".repeat(257)}' at 'records.2.member.partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256`,
  );
});

test("a map key violation lists the key's constraints", async () => {
  const key = "t".repeat(129);
  const err = await failure(kinesis.send(new AddTagsToStreamCommand({ StreamName: "s", Tags: { [key]: "v" } })));
  assert.is(err.name, "ValidationException");
  assert.is(
    err.message,
    `1 validation error detected: Value '{${key}=v}' at 'tags' failed to satisfy constraint: ` +
      "Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1]",
  );
});

test("a map with a good key passes", async () => {
  await kinesis.send(new AddTagsToStreamCommand({ StreamName: "s", Tags: { team: "data", ["t".repeat(128)]: "" } }));
});

test("length counts code points, not UTF-16 units", async () => {
  const smile = "\u{1F600}";
  // 256 code points, 512 UTF-16 units: within PartitionKey's max of 256
  putRecordCalls.length = 0;
  const ok = await kinesis.send(new PutRecordCommand({ StreamName: "s", Data: data, PartitionKey: smile.repeat(256) }));
  assert.is(ok.ShardId, "shardId-000000000000");
  assert.is(putRecordCalls.length, 1, "the handler was not reached");
  assert.is((putRecordCalls[0] as { PartitionKey: string }).PartitionKey, smile.repeat(256));

  const err = await failure(kinesis.send(new PutRecordCommand({ StreamName: "s", Data: data, PartitionKey: smile.repeat(257) })));
  assert.is(err.name, "ValidationException");
  assert.is(
    err.message,
    `1 validation error detected: Value '${smile.repeat(257)}' at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256`,
  );
});

test("a valid request reaches the handler untouched", async () => {
  putRecordCalls.length = 0;
  await kinesis.send(new PutRecordCommand({ StreamName: "s", Data: data, PartitionKey: "p", ExplicitHashKey: "0" }));
  assert.is(putRecordCalls.length, 1);
});

// --- the Validator on a fixture of its own ---

const fixture: ShapeTable = {
  Input: {
    type: "structure",
    members: {
      Name: { target: "Name", required: true },
      Count: { target: "Count" },
      Mode: { target: "Mode" },
      Items: { target: "ItemList" },
      Tags: { target: "TagMap" },
      Inner: { target: "Input" },
      Note: { target: "Plain", length: { max: 3 } },
      Bytes: { target: "Bytes" },
    },
  },
  Name: { type: "string", length: { min: 1, max: 5 }, pattern: "^[a-z]+$" },
  Count: { type: "integer", range: { min: 1, max: 10 } },
  Mode: { type: "enum", values: ["ONE", "TWO", "THREE"] },
  ItemList: { type: "list", member: { target: "Item" }, length: { max: 3 } },
  Item: { type: "structure", members: { Key: { target: "Name", required: true } } },
  TagMap: { type: "map", key: { target: "TagKey" }, value: { target: "Plain" } },
  TagKey: { type: "string", length: { min: 1, max: 4 }, pattern: "^[a-z]*$" },
  Plain: { type: "string" },
  Bytes: { type: "blob", length: { max: 2 } },
};
const v = new Validator(fixture);
const check = (value: Record<string, unknown>) => v.validate("Input", value).map((x) => `${x.path}: ${x.constraint}`);

test("Validator: a valid value has no violations", () => {
  assert.equal(
    v.validate("Input", {
      Name: "abc",
      Count: 10,
      Mode: "TWO",
      Items: [{ Key: "a" }],
      Tags: { ab: "anything" },
      Inner: { Name: "x" },
      Note: "abc",
      Bytes: new Uint8Array(2),
    }),
    [],
  );
});

test("Validator: required, range, length, pattern, enum", () => {
  assert.equal(check({}), ["name: Member must not be null"]);
  assert.equal(check({ Name: "abcdef" }), ["name: Member must have length less than or equal to 5"]);
  assert.equal(check({ Name: "" }), ["name: Member must have length greater than or equal to 1"]);
  assert.equal(check({ Name: "ABC" }), ["name: Member must satisfy regular expression pattern: ^[a-z]+$"]);
  assert.equal(check({ Name: "a", Count: 0 }), ["count: Member must have value greater than or equal to 1"]);
  assert.equal(check({ Name: "a", Count: 11 }), ["count: Member must have value less than or equal to 10"]);
  assert.equal(check({ Name: "a", Mode: "one" }), ["mode: Member must satisfy enum value set: [ONE, TWO, THREE]"]);
  assert.equal(check({ Name: "a", Bytes: new Uint8Array(3) }), ["bytes: Member must have length less than or equal to 2"]);
});

test("Validator: a member's own length overrides; code points are counted", () => {
  assert.equal(check({ Name: "a", Note: "\u{1F600}\u{1F600}\u{1F600}" }), []);
  assert.equal(check({ Name: "a", Note: "abcd" }), ["note: Member must have length less than or equal to 3"]);
  assert.equal(check({ Name: "a", Note: "\u{1F600}".repeat(4) }), ["note: Member must have length less than or equal to 3"]);
});

test("Validator: list items, nested and recursive paths", () => {
  assert.equal(check({ Name: "a", Items: [{ Key: "ok" }, {}, { Key: "BAD" }] }), [
    "items.2.member.key: Member must not be null",
    "items.3.member.key: Member must satisfy regular expression pattern: ^[a-z]+$",
  ]);
  assert.equal(check({ Name: "a", Items: [{ Key: "a" }, { Key: "b" }, { Key: "c" }, { Key: "d" }] }), [
    "items: Member must have length less than or equal to 3",
  ]);
  assert.equal(check({ Name: "a", Inner: { Inner: { Count: 0 } } }), [
    "inner.name: Member must not be null",
    "inner.inner.name: Member must not be null",
    "inner.inner.count: Member must have value greater than or equal to 1",
  ]);
});

test("Validator: map keys, one violation per map listing every key rule", () => {
  const text =
    "tags: Map keys must satisfy constraint: [Member must have length less than or equal to 4, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ^[a-z]*$]";
  assert.equal(check({ Name: "a", Tags: { abcde: "x" } }), [text]);
  assert.equal(check({ Name: "a", Tags: { UPPER: "x", "": "y", fine: "z" } }), [text]);
  assert.equal(check({ Name: "a", Tags: { fine: "z" } }), []);
});

test("formatViolations: one, several, more than ten, null printed bare", () => {
  assert.is(
    formatViolations(v.validate("Input", { Count: 0 })),
    "2 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; " +
      "Value '0' at 'count' failed to satisfy constraint: Member must have value greater than or equal to 1",
  );
  const many = v.validate("Input", { Name: "a", Items: Array.from({ length: 3 }, () => ({})), Inner: { Items: Array.from({ length: 3 }, () => ({ Key: "X" })), Inner: { Count: 99, Mode: "x" } } });
  assert.is(many.length, 10);
  const eleven = [...many, ...v.validate("Input", { Name: "a", Count: 0 }).map((x) => ({ ...x, path: "extra" }))];
  assert.is(eleven.length, 11);
  const msg = formatViolations(eleven);
  assert.ok(msg.startsWith("11 validation errors detected: "), msg);
  assert.is(msg.split("; ").length, 10, msg);
  assert.not.ok(msg.includes("'extra'"), "the eleventh was listed");
  assert.is(printValue(null), "null");
  assert.is(printValue("x"), "'x'");
  assert.is(printValue(0), "'0'");
});

// --- every pattern of the bundled models ---

const tables: Record<string, ShapeTable> = {
  dynamodb: dynamodbShapes,
  "dynamodb-streams": dynamodbStreamsShapes,
  firehose: firehoseShapes,
  kinesis: kinesisShapes,
  lambda: lambdaShapes,
  memorydb: memorydbShapes,
  s3: s3Shapes,
  sns: snsShapes,
  sqs: sqsShapes,
  sts: stsShapes,
};

interface PatternUse {
  where: string;
  pattern: string;
  jsPattern?: string;
}

function patternUses(): PatternUse[] {
  const out: PatternUse[] = [];
  for (const [id, shapes] of Object.entries(tables)) {
    for (const [name, shape] of Object.entries(shapes)) {
      const add = (where: string, c: Constraints) => {
        if (c.pattern) out.push({ where: `${id} ${where}`, pattern: c.pattern, jsPattern: c.jsPattern });
        else if (c.jsPattern) out.push({ where: `${id} ${where} (jsPattern without pattern)`, pattern: c.jsPattern, jsPattern: c.jsPattern });
      };
      add(name, shape);
      for (const [m, ms] of Object.entries(shape.members ?? {})) add(`${name}$${m}`, ms);
      if (shape.member) add(`${name}$member`, shape.member);
      if (shape.key) add(`${name}$key`, shape.key);
      if (shape.value) add(`${name}$value`, shape.value);
    }
  }
  return out;
}

test("every pattern and jsPattern of the ten models compiles; Java-only classes are patched", () => {
  const uses = patternUses();
  assert.ok(uses.length > 100, `only ${uses.length} patterns found`);
  const broken: string[] = [];
  const misread: string[] = [];
  for (const u of uses) {
    for (const p of new Set([u.pattern, u.jsPattern].filter((x): x is string => !!x))) {
      try {
        compilePattern(p);
      } catch (err) {
        broken.push(`${u.where}: ${p}: ${(err as Error).message}`);
      }
    }
    // The regex the validator uses: a \p{...} class only means a class with the u flag.
    const used = compilePattern(u.jsPattern ?? u.pattern);
    if (/\\p\{/.test(u.jsPattern ?? u.pattern) && !used.unicode) misread.push(`${u.where}: ${u.jsPattern ?? u.pattern}`);
  }
  assert.equal(broken, [], "patterns that do not compile");
  assert.equal(misread, [], "\\p{...} patterns compiled without the u flag (need a jsPattern patch)");
});

test("samples generated from each pattern match it", () => {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  let sampled = 0;
  const mismatched: string[] = [];
  for (const u of patternUses()) {
    const source = u.jsPattern ?? u.pattern;
    // randexp knows neither \p{..} nor lookbehind, and gives lazy "+?" zero repetitions
    if (/\\p\{|\(\?<[!=]|\+\?/.test(source)) continue;
    const re = compilePattern(source);
    let gen: RandExp;
    try {
      gen = new RandExp(re);
    } catch {
      continue;
    }
    gen.max = 5;
    gen.randInt = (a: number, b: number) => a + (next() % (b - a + 1)); // deterministic
    sampled++;
    for (let i = 0; i < 3; i++) {
      const sample = gen.gen();
      if (!re.test(sample)) mismatched.push(`${u.where}: ${source} vs ${JSON.stringify(sample)}`);
    }
  }
  assert.ok(sampled > 100, `only ${sampled} patterns sampled`);
  assert.equal(mismatched, []);
});

test("hand-picked patterns: Java idioms behave as in Java", () => {
  const use = (table: ShapeTable, shape: string) => {
    const s = table[shape];
    assert.ok(s?.pattern, `${shape} has no pattern`);
    return compilePattern(s.jsPattern ?? s.pattern!);
  };
  // \p{Print} (POSIX printable ASCII) patched by jsPattern; the message still prints the model's text
  const print = use(dynamodbShapes, "AutoScalingPolicyName");
  assert.is(dynamodbShapes.AutoScalingPolicyName.pattern, "^\\p{Print}+$");
  assert.ok(print.test("abc def"));
  assert.ok(print.test("~!@#$%^&*()"));
  assert.not.ok(print.test("\u0001"));
  assert.not.ok(print.test("abc\u0001"));
  assert.not.ok(print.test(""));
  // surrogate-pair range \uD800\uDC00-\uDBFF\uDFFF = U+10000..U+10FFFF
  const roleArn = use(dynamodbShapes, "AutoScalingRoleArn");
  assert.ok(roleArn.test("arn:aws:iam::123456789012:role/x"));
  assert.ok(roleArn.test("arn\u{1F600}"));
  assert.not.ok(roleArn.test("arn\u0001"));
  // \p{L}\p{Z}\p{N}
  const tag = use(firehoseShapes, "TagValue");
  assert.ok(tag.test("héllo wörld 42 _.:/=+-@%"));
  assert.not.ok(tag.test("semi;colon"));
  const tagKey = use(firehoseShapes, "TagKey");
  assert.ok(tagKey.test("team"));
  assert.not.ok(tagKey.test("aws:reserved"));
  // lookbehind
  const jdbc = use(firehoseShapes, "ClusterJDBCURL");
  assert.ok(jdbc.test("jdbc:redshift://examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com:5439/dev"));
  assert.not.ok(jdbc.test("jdbc:redshift://-bad-.redshift.amazonaws.com:5439/dev"));
  const bucket = use(lambdaShapes, "S3Bucket");
  assert.ok(bucket.test("my.bucket"));
  assert.not.ok(bucket.test("my.bucket."));
  // escapes Java allows in classes and the u flag refuses (\_ \:)
  const rule = use(dynamodbShapes, "ContributorInsightsRule");
  assert.ok(rule.test("ab_c.d-e"));
  assert.not.ok(rule.test("ab\\c"));
  const fed = use(stsShapes, "federatedIdType");
  assert.ok(fed.test("user@example.com:x"));
  assert.not.ok(fed.test("white space"));
  // an ordinary one
  const stream = use(kinesisShapes, "StreamName");
  assert.ok(stream.test("my-stream_1.x"));
  assert.not.ok(stream.test("my stream"));
});

test("the \\p{Print} patch through the Validator: message prints the model's pattern", () => {
  const val = new Validator(dynamodbShapes);
  const out = val.validate("AutoScalingPolicyUpdate", {
    PolicyName: "bad\u0001name",
    TargetTrackingScalingPolicyConfiguration: { TargetValue: 50 },
  });
  assert.equal(
    out.map((x) => `${x.path}: ${x.constraint}`),
    ["policyName: Member must satisfy regular expression pattern: ^\\p{Print}+$"],
  );
  assert.equal(
    val.validate("AutoScalingPolicyUpdate", { PolicyName: "good name", TargetTrackingScalingPolicyConfiguration: { TargetValue: 50 } }),
    [],
  );
});

test.run();

// Behaviour scenarios: create → write → read → delete flows of the services with real
// behaviour, recorded per client tier and replayed as sequences against the real
// implementations.
//
// Recording runs the steps through the client against an emulator whose clock is frozen
// at the recording time and whose ids are seeded, and stores each step's input, the
// request the client sent and what it decoded (or the error it threw), under
// recordings/<client>@<version>/<service>/scenarios/<name>.json. Replaying starts an
// emulator the same way and sends the recorded requests in the client's place, in order:
// since time and ids repeat, the receipt handles, iterators and ids in the recorded
// requests are the ones the emulator hands out again, and the client must decode the same
// answers. Each step's own checks run on what it decoded, in both runs.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { Clock } from "../../runtime/clock.ts";
import type { Emulator } from "../../runtime/emulator.ts";
import { CREDENTIALS, testEmulator } from "../support/emulator.ts";
import { diff, RECORDED_ENDPOINT, show } from "../support/roundtrip.ts";
import { fromJson, type OperationRecording, RECORDINGS, toJson, Transport, type RecordedRequest } from "./recording.ts";
import type { CaseOutcome } from "./replay.ts";
import { loadSdk } from "./replay.ts";
import type { Tier } from "./tiers.ts";
import { services } from "../../generated/registry.ts";

type Rec = Record<string, unknown>;

/** The instant scenarios run at (the emulator's frozen clock), and the seed of its ids. */
export const SCENARIO_TIME = Date.UTC(2026, 0, 15, 12, 0, 0);
export const SCENARIO_SEED = "conformance";

export interface Step {
  op: string;
  /** the input, from what earlier steps decoded */
  input: (previous: Rec[]) => Rec;
  /** the modeled error the step must throw (the client's name for it) */
  error?: string;
  /** what the decoded output must show; returns the problems */
  check?: (output: Rec, previous: Rec[]) => string[];
}

export interface Scenario {
  service: string;
  name: string;
  steps: Step[];
}

const bytes = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));
const expect = (ok: boolean, what: string): string[] => (ok ? [] : [what]);

export const SCENARIOS: readonly Scenario[] = [
  {
    service: "kinesis",
    name: "stream-lifecycle",
    steps: [
      { op: "CreateStream", input: () => ({ StreamName: "orders", ShardCount: 1 }) },
      {
        op: "DescribeStreamSummary",
        input: () => ({ StreamName: "orders" }),
        check: (o) => expect((o.StreamDescriptionSummary as Rec)?.StreamStatus === "ACTIVE", "the stream is ACTIVE"),
      },
      { op: "PutRecord", input: () => ({ StreamName: "orders", PartitionKey: "p1", Data: bytes("first order") }) },
      { op: "PutRecord", input: () => ({ StreamName: "orders", PartitionKey: "p2", Data: bytes("second order") }) },
      { op: "ListShards", input: () => ({ StreamName: "orders" }), check: (o) => expect((o.Shards as unknown[])?.length === 1, "one shard") },
      {
        op: "GetShardIterator",
        input: (p) => ({ StreamName: "orders", ShardId: ((p[4].Shards as Rec[])[0] as Rec).ShardId, ShardIteratorType: "TRIM_HORIZON" }),
      },
      {
        op: "GetRecords",
        input: (p) => ({ ShardIterator: p[5].ShardIterator }),
        check: (o) => {
          const data = ((o.Records as Rec[]) ?? []).map((r) => Buffer.from(r.Data as Uint8Array).toString("utf8"));
          return expect(show(data) === show(["first order", "second order"]), `the two records in order (got ${show(data)})`);
        },
      },
      { op: "DeleteStream", input: () => ({ StreamName: "orders" }) },
      { op: "DescribeStreamSummary", input: () => ({ StreamName: "orders" }), error: "ResourceNotFoundException" },
    ],
  },
  {
    service: "sqs",
    name: "queue-lifecycle",
    steps: [
      { op: "CreateQueue", input: () => ({ QueueName: "jobs", Attributes: { VisibilityTimeout: "30" } }) },
      { op: "GetQueueUrl", input: () => ({ QueueName: "jobs" }), check: (o, p) => expect(o.QueueUrl === p[0].QueueUrl, "the URL CreateQueue answered") },
      {
        op: "SendMessage",
        input: (p) => ({
          QueueUrl: p[0].QueueUrl,
          MessageBody: "hello worker",
          MessageAttributes: { kind: { DataType: "String", StringValue: "greeting" } },
        }),
      },
      {
        op: "ReceiveMessage",
        input: (p) => ({ QueueUrl: p[0].QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ["All"] }),
        check: (o, p) => {
          const m = ((o.Messages as Rec[]) ?? [])[0];
          return [
            ...expect(m?.Body === "hello worker", "the message body"),
            ...expect(m?.MessageId === p[2].MessageId, "the MessageId SendMessage answered"),
            ...expect(((m?.MessageAttributes as Rec)?.kind as Rec)?.StringValue === "greeting", "the message attribute"),
          ];
        },
      },
      { op: "DeleteMessage", input: (p) => ({ QueueUrl: p[0].QueueUrl, ReceiptHandle: ((p[3].Messages as Rec[])[0] as Rec).ReceiptHandle }) },
      {
        op: "GetQueueAttributes",
        input: (p) => ({ QueueUrl: p[0].QueueUrl, AttributeNames: ["All"] }),
        check: (o) => {
          const a = (o.Attributes as Rec) ?? {};
          return expect(a.ApproximateNumberOfMessages === "0" && a.ApproximateNumberOfMessagesNotVisible === "0", `no message left (${show(a)})`);
        },
      },
      { op: "DeleteQueue", input: (p) => ({ QueueUrl: p[0].QueueUrl }) },
      { op: "GetQueueUrl", input: () => ({ QueueName: "jobs" }), error: "QueueDoesNotExist" },
    ],
  },
  {
    service: "dynamodb",
    name: "table-lifecycle",
    steps: [
      {
        op: "CreateTable",
        input: () => ({
          TableName: "users",
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "sk", AttributeType: "N" },
          ],
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "sk", KeyType: "RANGE" },
          ],
          BillingMode: "PAY_PER_REQUEST",
        }),
      },
      { op: "PutItem", input: () => ({ TableName: "users", Item: { pk: { S: "u1" }, sk: { N: "1" }, name: { S: "Ada" }, tags: { SS: ["a", "b"] } } }) },
      { op: "PutItem", input: () => ({ TableName: "users", Item: { pk: { S: "u1" }, sk: { N: "2" }, name: { S: "Grace" } } }) },
      {
        op: "GetItem",
        input: () => ({ TableName: "users", Key: { pk: { S: "u1" }, sk: { N: "1" } }, ConsistentRead: true }),
        check: (o) => expect(((o.Item as Rec)?.name as Rec)?.S === "Ada", "the item put"),
      },
      {
        op: "UpdateItem",
        input: () => ({
          TableName: "users",
          Key: { pk: { S: "u1" }, sk: { N: "2" } },
          UpdateExpression: "SET #n = :n ADD visits :one",
          ExpressionAttributeNames: { "#n": "name" },
          ExpressionAttributeValues: { ":n": { S: "Grace H." }, ":one": { N: "1" } },
          ReturnValues: "ALL_NEW",
        }),
        check: (o) => expect(((o.Attributes as Rec)?.visits as Rec)?.N === "1", "the counter added"),
      },
      {
        op: "Query",
        input: () => ({ TableName: "users", KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": { S: "u1" } } }),
        check: (o) => expect(o.Count === 2 && show((o.Items as Rec[]).map((i) => (i.sk as Rec).N)) === show(["1", "2"]), "both items in key order"),
      },
      { op: "DeleteItem", input: () => ({ TableName: "users", Key: { pk: { S: "u1" }, sk: { N: "1" } } }) },
      { op: "DeleteTable", input: () => ({ TableName: "users" }) },
      { op: "DescribeTable", input: () => ({ TableName: "users" }), error: "ResourceNotFoundException" },
    ],
  },
];

export interface ScenarioStepRecording {
  operation: string;
  input: unknown;
  request: RecordedRequest;
  /** what the client decoded (tagged JSON), or the error it threw */
  output?: unknown;
  error?: string;
}

export interface ScenarioRecording {
  client: string;
  service: string;
  scenario: string;
  steps: ScenarioStepRecording[];
}

const stepCase = (i: number) => `step ${i + 1}`;

async function scenarioEmulator(service: string): Promise<Emulator> {
  return testEmulator({ services: [service], clock: new Clock({ start: SCENARIO_TIME, frozen: true }), idSeed: SCENARIO_SEED });
}

/** Runs one scenario through a tier's client; `transport` records or replays. */
async function runScenario(t: Tier, s: Scenario, transport: Transport, stored?: ScenarioRecording): Promise<{ outcomes: CaseOutcome[]; decoded: (Rec | undefined)[]; errors: (string | undefined)[] }> {
  const sdk = await loadSdk(t);
  const svc = services.find((x) => x.id === s.service)!;
  const Client = sdk[`${svc.sdkId.replace(/\s+/g, "")}Client`];
  const emu = await scenarioEmulator(s.service);
  const client = new Client({
    endpoint: RECORDED_ENDPOINT,
    region: "us-east-1",
    credentials: CREDENTIALS,
    maxAttempts: 1,
    requestHandler: transport.wrap(new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 30_000 }) as never, () => emu.ports.edge),
  });
  const decoded: (Rec | undefined)[] = [];
  const errors: (string | undefined)[] = [];
  const outcomes: CaseOutcome[] = [];
  try {
    for (let i = 0; i < s.steps.length; i++) {
      const step = s.steps[i];
      const key = `${t.dir}/${s.service}/${s.name} [${stepCase(i)} ${step.op}]`;
      const problems: string[] = [];
      const input = stored ? (fromJson(stored.steps[i]?.input) as Rec) : step.input(decoded as Rec[]);
      transport.current = { operation: step.op, caseName: stepCase(i), input };
      const Command = sdk[`${step.op}Command`];
      let output: Rec | undefined;
      let error: string | undefined;
      try {
        const { $metadata: _m, ...rest } = (await client.send(new Command(structuredClone(input)))) as Rec;
        output = rest;
      } catch (e) {
        error = (e as Error).name;
        if (!step.error) problems.push(`the client threw ${error}: ${(e as Error).message}`);
      }
      decoded.push(output);
      errors.push(error);
      if (step.error && error !== step.error) problems.push(`expected ${step.error}, got ${error ?? "no error"}`);
      if (output && step.check) problems.push(...step.check(output, decoded as Rec[]));
      if (stored) {
        const was = stored.steps[i];
        if (!was) problems.push("not recorded");
        else if (was.error !== undefined || error !== undefined) {
          if (was.error !== error) problems.push(`recorded error ${was.error ?? "none"}, now ${error ?? "none"}`);
        } else {
          const d = diff(fromJson(was.output), output);
          if (d.length) problems.push(`the client decoded a different answer than when recorded:\n${d.slice(0, 6).map((x) => `    at '${x.path}': recorded ${show(x.expected)}, now ${show(x.actual)}`).join("\n")}`);
        }
      }
      outcomes.push(problems.length ? { key, operation: s.name, passed: false, problems: problems.join("\n") } : { key, operation: s.name, passed: true });
    }
  } finally {
    client.destroy();
    await emu.stop();
  }
  return { outcomes, decoded, errors };
}

/** The scenarios of a tier's service. */
export const scenariosOf = (service: string) => SCENARIOS.filter((s) => s.service === service);

/** Records a tier's scenarios (written under its recordings); returns each step's outcome. */
export async function recordScenarios(t: Tier): Promise<CaseOutcome[]> {
  const dir = join(RECORDINGS, t.dir, t.service, "scenarios");
  rmSync(dir, { recursive: true, force: true });
  const all: CaseOutcome[] = [];
  for (const s of scenariosOf(t.service)) {
    const transport = Transport.recorder(t.dir, t.service);
    const { outcomes, decoded, errors } = await runScenario(t, s, transport);
    all.push(...outcomes);
    const steps: ScenarioStepRecording[] = s.steps.map((step, i) => {
      const c = transport.recorded.get(step.op)?.cases[stepCase(i)];
      if (!c) throw new Error(`${t.dir} ${s.name}: step ${i + 1} (${step.op}) sent nothing`);
      const out: ScenarioStepRecording = { operation: step.op, input: c.input, request: c.request };
      if (errors[i] !== undefined) out.error = errors[i];
      else out.output = toJson(decoded[i]);
      return out;
    });
    mkdirSync(dir, { recursive: true });
    const rec: ScenarioRecording = { client: t.dir, service: t.service, scenario: s.name, steps };
    writeFileSync(join(dir, `${s.name}.json`), `${JSON.stringify(rec, null, 1)}\n`);
  }
  return all;
}

export function loadScenario(t: Tier, name: string): ScenarioRecording | undefined {
  try {
    return JSON.parse(readFileSync(join(RECORDINGS, t.dir, t.service, "scenarios", `${name}.json`), "utf8")) as ScenarioRecording;
  } catch {
    return undefined;
  }
}

/** The scenario files of a tier's service. */
export function recordedScenarios(t: Tier): string[] {
  try {
    return readdirSync(join(RECORDINGS, t.dir, t.service, "scenarios")).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
  } catch {
    return [];
  }
}

/** Replays a tier's recorded scenarios against the real implementations; `override` replaces a stored recording. */
export async function replayScenarios(t: Tier, override?: ScenarioRecording): Promise<CaseOutcome[]> {
  const all: CaseOutcome[] = [];
  for (const s of scenariosOf(t.service)) {
    const stored = override?.scenario === s.name ? override : loadScenario(t, s.name);
    if (!stored) {
      all.push({ key: `${t.dir}/${s.service}/${s.name} [*]`, operation: s.name, passed: false, problems: "not recorded" });
      continue;
    }
    // the recorded requests, keyed as the transport looks them up: operation -> "step N"
    const byOp = new Map<string, OperationRecording>();
    stored.steps.forEach((st, i) => {
      let r = byOp.get(st.operation);
      if (!r) byOp.set(st.operation, (r = { client: t.dir, service: t.service, operation: st.operation, cases: {} }));
      r.cases[stepCase(i)] = { input: st.input, request: st.request };
    });
    const { outcomes } = await runScenario(t, s, Transport.replayer(t.dir, t.service, byOp), stored);
    all.push(...outcomes);
  }
  return all;
}

// The replay can fail: one changed byte that matters in a recorded request (the
// X-Amz-Target, a required member in the body, a header-bound member, a Query form field)
// makes the replay of that case fail, while the same recording unchanged passes.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadRecordings, type OperationRecording, type RecordedRequest } from "./recording.ts";
import { runTier } from "./replay.ts";
import { loadScenario, replayScenarios } from "./scenarios.ts";
import { type TierName, tierOf } from "./tiers.ts";

process.env.AWS_EC2_METADATA_DISABLED = "true";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/** Replays one case of one operation, its request changed by `change` first; whether it passed, and the problems. */
async function replayOne(tier: TierName, service: string, operation: string, caseName: string, change?: (r: RecordedRequest) => void) {
  const t = tierOf(tier, service);
  const stored = loadRecordings(t.dir, service).get(operation);
  assert.ok(stored, `${t.dir}/${service}/${operation} is recorded`);
  const copy = structuredClone(stored) as OperationRecording;
  const request = copy.cases[caseName]?.request;
  assert.ok(request, `the ${caseName} case is recorded`);
  change?.(request);
  const run = await runTier(t, "replay", new Map([[operation, copy]]));
  const outcome = run.cases.find((c) => c.operation === operation && c.key.endsWith(`[${caseName}]`));
  assert.ok(outcome, `the ${caseName} case ran`);
  return outcome;
}

/** The request's body with the character `offset` places after `marker` changed. */
function changeBodyAfter(r: { body?: string }, marker: string, offset = 0): void {
  const at = r.body!.indexOf(marker);
  assert.ok(at >= 0, `the body has ${marker}`);
  r.body = changeChar(r.body!, at + marker.length + offset);
}

/** `text` with the character at `at` replaced by another of the same byte length. */
function changeChar(text: string, at: number): string {
  const c = text[at];
  const other = c === "a" ? "b" : /[a-z]/.test(c) ? "a" : c === "A" ? "B" : /[A-Z]/.test(c) ? "A" : c === "0" ? "1" : "0";
  return text.slice(0, at) + other + text.slice(at + 1);
}

const cases: [string, TierName, string, string, string, (r: RecordedRequest) => void, RegExp][] = [
  [
    "the X-Amz-Target header",
    "latest",
    "kinesis",
    "PutRecord",
    "full",
    (r) => (r.headers["x-amz-target"] = changeChar(r.headers["x-amz-target"], r.headers["x-amz-target"].length - 1)),
    /UnknownOperationException/,
  ],
  [
    "a required member in the JSON body",
    "latest",
    "kinesis",
    "PutRecord",
    "required",
    (r) => changeBodyAfter(r, '"PartitionKey":"'),
    /at 'PartitionKey'/,
  ],
  [
    "a header-bound member (Cache-Control)",
    "latest",
    "s3",
    "PutObject",
    "full",
    (r) => (r.headers["cache-control"] = changeChar(r.headers["cache-control"], 0)),
    /at 'CacheControl'/,
  ],
  [
    "a member in the path (the object key)",
    "middle",
    "s3",
    "GetObject",
    "required",
    (r) => (r.path = changeChar(r.path, r.path.lastIndexOf("/") + 1)),
    /at 'Key'/,
  ],
  [
    "a field of a Query form body",
    "old",
    "sqs",
    "SendMessage",
    "required",
    (r) => changeBodyAfter(r, "MessageBody="),
    /at 'MessageBody'/,
  ],
];

for (const [what, tier, service, operation, caseName, change, symptom] of cases) {
  test(`${tier} ${service} ${operation} [${caseName}]: passes as recorded, fails with one changed byte in ${what}`, async () => {
    const clean = await replayOne(tier, service, operation, caseName);
    assert.ok(clean.passed, `unchanged: ${clean.problems}`);
    const changed = await replayOne(tier, service, operation, caseName, change);
    assert.not.ok(changed.passed, "the changed request still passed");
    assert.match(String(changed.problems), symptom, "it fails for the changed byte");
  });
}

test("a scenario replays as recorded, and fails when one byte of a receipt handle changes", async () => {
  const t = tierOf("latest", "sqs");
  const stored = loadScenario(t, "queue-lifecycle");
  assert.ok(stored, "the SQS scenario is recorded");
  const clean = await replayScenarios(t, stored);
  assert.ok(clean.every((c) => c.passed), clean.map((c) => c.problems).join("\n"));
  const changed = structuredClone(stored);
  const step = changed.steps.findIndex((s) => s.operation === "DeleteMessage");
  changeBodyAfter(changed.steps[step].request, '"ReceiptHandle":"', 4);
  const outcomes = await replayScenarios(t, changed);
  const failed = outcomes.find((c) => c.key.includes(`step ${step + 1} DeleteMessage`));
  assert.ok(failed && !failed.passed, "the changed DeleteMessage still passed");
  assert.match(String(failed.problems), "ReceiptHandleIsInvalid");
});

test.run();

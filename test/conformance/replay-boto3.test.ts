// Replays what boto3 and the AWS CLI v1 sent (test/conformance/boto3/) against the emulator:
// per client and service, every recorded request goes to an emulator whose handlers assert
// the input stored with it, and the boto3 client parses the answers (outputs, modeled errors,
// event streams). A failure expected-failures.json does not list fails the test, and so does
// a listed one that passes. Without python3/boto3 or the CLI at the recorded versions, the
// cases are skipped with the reason printed.
// test-timeout: 400
import { test } from "uvu";
import * as assert from "uvu/assert";
import { PYTHON_CLIENTS, pythonMissing, pythonTier, runPythonTier } from "./boto3/python.ts";
import { expectedFailures, judge } from "./replay.ts";
import { CLIENTS } from "./tiers.ts";

const expected = expectedFailures();

for (const client of PYTHON_CLIENTS) {
  for (const service of Object.keys(CLIENTS)) {
    const t = pythonTier(client, service);
    test(`${t.dir}: every recorded ${service} request replays, its input arrives as stored, boto3 parses outputs and errors`, async () => {
      const missing = await pythonMissing(client);
      if (missing) {
        console.log(`${t.dir}/${service}: skipped: ${missing}`);
        return;
      }
      const run = await runPythonTier(client, service);
      const v = judge(run, expected);
      const excluded = Object.keys(run.excluded);
      console.log(
        `${t.dir}/${service}: ${run.recorded.length} of ${run.operations.length} operations recorded${excluded.length ? ` (${excluded.length} not in botocore)` : ""}; ` +
          `${run.cases.length} cases, ${run.cases.filter((c) => c.passed).length} passed, ${v.known.length} known failures, ${run.notRecorded} not recordable`,
      );
      const notRecorded = run.cases.filter((c) => c.key.endsWith(" [*]")).map((c) => c.operation);
      assert.equal(notRecorded, [], "operations without a recording file (npm run conformance -- --record " + client + ")");
      assert.ok(
        v.unexpected.length === 0,
        `failures expected-failures.json does not list:\n${v.unexpected.map((c) => `${c.key}\n${c.problems}`).join("\n")}`,
      );
      assert.equal(v.fixed, [], "listed in expected-failures.json, but passing now: remove them");
    });
  }
}

test.run();

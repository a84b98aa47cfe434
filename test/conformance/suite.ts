// The replay tests of one JS SDK tier: per service, every recorded request of that tier's
// client is sent in the client's place to an emulator whose handlers assert the input
// stored with it, and the client decodes the answers (outputs and modeled errors). A
// failure expected-failures.json does not list fails the test, and so does a listed one
// that passes (the list only shrinks).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { expectedFailures, judge, runTier } from "./replay.ts";
import { CLIENTS, type TierName, tierOf } from "./tiers.ts";

process.env.AWS_EC2_METADATA_DISABLED = "true";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export function replaySuite(tier: TierName): void {
  const expected = expectedFailures();
  for (const service of Object.keys(CLIENTS)) {
    const t = tierOf(tier, service);
    test(`${t.dir}: every recorded ${service} request replays, its input arrives as stored, outputs and errors decode`, async () => {
      const run = await runTier(t, "replay");
      const v = judge(run, expected);
      const excluded = Object.keys(run.excluded);
      console.log(
        `${t.dir}/${service}: ${run.recorded.length} of ${run.operations.length} operations recorded${excluded.length ? ` (${excluded.length} not in this client)` : ""}; ` +
          `${run.cases.length} cases, ${run.cases.filter((c) => c.passed).length} passed, ${v.known.length} known failures`,
      );
      // every operation the client has is recorded
      const missing = run.operations.filter((op) => !run.recorded.includes(op) && !excluded.includes(op));
      assert.equal(missing, [], "operations the client has but no recording covers (npm run conformance -- --record)");
      assert.ok(
        v.unexpected.length === 0,
        `failures expected-failures.json does not list:\n${v.unexpected.map((c) => `${c.key}\n${c.problems}`).join("\n")}`,
      );
      assert.equal(v.fixed, [], "listed in expected-failures.json, but passing now: remove them");
    });
  }
  test.run();
}

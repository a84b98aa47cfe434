// Replays the recorded behaviour scenarios (scenarios.ts) of every JS SDK tier against the
// real implementations, as sequences: each step's recorded request in the client's place,
// the client decoding the same answers as when recorded, and the step's checks holding.
// test-timeout: 300
import { test } from "uvu";
import * as assert from "uvu/assert";
import { expectedFailures, judge } from "./replay.ts";
import { recordedScenarios, replayScenarios, SCENARIOS, scenariosOf } from "./scenarios.ts";
import { TIER_NAMES, tierOf } from "./tiers.ts";

process.env.AWS_EC2_METADATA_DISABLED = "true";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const expected = expectedFailures();
const services = [...new Set(SCENARIOS.map((s) => s.service))];

for (const tier of TIER_NAMES) {
  for (const service of services) {
    const t = tierOf(tier, service);
    test(`${t.dir}: the ${service} scenarios replay as sequences against the implementation`, async () => {
      assert.equal(recordedScenarios(t), scenariosOf(service).map((s) => s.name).sort(), "every scenario is recorded (npm run conformance -- --record)");
      const cases = await replayScenarios(t);
      const v = judge({ tier: t, operations: [], excluded: {}, recorded: [], cases }, expected);
      console.log(`${t.dir}/${service} scenarios: ${cases.length} steps, ${cases.filter((c) => c.passed).length} passed, ${v.known.length} known failures`);
      assert.ok(v.unexpected.length === 0, v.unexpected.map((c) => `${c.key}\n${c.problems}`).join("\n"));
      assert.equal(v.fixed, [], "listed in expected-failures.json, but passing now: remove them");
    });
  }
}

test.run();

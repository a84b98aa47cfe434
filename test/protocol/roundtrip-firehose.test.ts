// Every operation of firehose through @aws-sdk/client-firehose: inputs, outputs and modeled errors
// make the round trip SDK -> emulator -> handler -> emulator -> SDK unchanged.
import * as sdk from "@aws-sdk/client-firehose";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { RoundTrip } from "../support/roundtrip.ts";

const rt = await RoundTrip.prepare("firehose", sdk);

test.before(async () => {
  await rt.start();
});
test.after(async () => {
  await rt.stop();
});

for (const op of rt.operations) {
  test(`firehose ${op}: input, output and every modeled error round-trip through the SDK`, async () => {
    const r = await rt.run(op);
    assert.ok(r.failures.length === 0, `\n${r.failures.join("\n")}`);
  });
}

test("firehose: every operation is covered, or excluded with its reason", () => {
  console.log(rt.summary());
  const all = Object.keys(rt.mod.operations).sort();
  assert.equal([...rt.service.operationNames].sort(), all, "registry and generated module list the same operations");
  assert.equal(
    rt.excluded.map(([op]) => op),
    [],
    "the excluded operations",
  );
  assert.equal([...rt.results.keys(), ...rt.excluded.map(([op]) => op)].sort(), all, "every operation ran or is excluded");
  assert.equal(rt.unusedVariants(), {}, "every union variant is used by some case");
  assert.equal(rt.unusedOverrides(), [], "every override is used");
});

test.run();

// test-timeout: 240
// The whole tree (runtime, codegen, generated, impl, tests) typechecks under strict settings.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));

test("tsc --noEmit -p tsconfig.json reports no errors", () => {
  const r = spawnSync(process.execPath, [resolve(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], {
    cwd: root,
    encoding: "utf8",
    timeout: 220_000,
  });
  assert.is(r.stdout + r.stderr, "", "tsc output");
  assert.is(r.status, 0);
});

test.run();

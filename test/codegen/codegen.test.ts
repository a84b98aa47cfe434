// Golden tests of codegen on a tiny fixture model, plus the properties every output
// must have: deterministic, no machine paths, no model documentation, --check catches drift.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { diffGenerated, generate } from "../../codegen/main.ts";
import { loadModels } from "../../codegen/model/load.ts";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const fixtures = join(root, "test/codegen/fixtures/models");
const golden = join(root, "test/codegen/golden");
const tmpRoot = join(root, ".tmp");

function tmpDir(): string {
  mkdirSync(tmpRoot, { recursive: true });
  return mkdtempSync(join(tmpRoot, "codegen-"));
}

function runCodegen(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", join(root, "codegen/main.ts"), ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });
}

test("the fixture model generates exactly the committed golden files", () => {
  const files = generate({ modelsDir: fixtures, outDir: golden });
  assert.equal(diffGenerated(golden, files), [], "regenerate with: npm run codegen -- --models test/codegen/fixtures/models --out test/codegen/golden");
  assert.equal([...files.keys()].sort(), [
    "registry.ts",
    "weather-station/errors.ts",
    "weather-station/index.ts",
    "weather-station/operations.ts",
    "weather-station/schema.ts",
    "weather-station/types.ts",
  ]);
});

test("output is deterministic and free of machine paths, timestamps and model prose", () => {
  const a = generate({ modelsDir: fixtures, outDir: golden });
  const b = generate({ modelsDir: fixtures, outDir: golden });
  assert.equal([...a.entries()], [...b.entries()]);
  for (const [path, content] of a) {
    assert.ok(content.startsWith("// @generated"), `${path} starts with the @generated header`);
    assert.not.ok(content.includes(root), `${path} names no machine path`);
    assert.not.ok(/\d{4}-\d\d-\d\dT\d\d:\d\d/.test(content), `${path} has no timestamp`);
    assert.not.ok(content.includes("Never copied"), `${path} carries no documentation text`);
  }
});

test("every real model's documentation stays out of generated/", () => {
  const modelsDir = join(root, "models");
  if (!existsSync(join(modelsDir, "kinesis-2013-12-02.json"))) {
    console.log("skipped: models/ is empty (run npm run models)");
    return;
  }
  const generatedText = readdirSync(join(root, "generated"), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => readFileSync(join(d.parentPath ?? (d as unknown as { path: string }).path, d.name), "utf8"))
    .join("\n");
  let checked = 0;
  for (const { ast } of loadModels(modelsDir)) {
    const docs: string[] = [];
    for (const shape of Object.values(ast.shapes)) {
      const d = shape.traits?.["smithy.api#documentation"];
      if (typeof d === "string" && d.length > 60) docs.push(d.replace(/<[^>]+>/g, "").trim().slice(0, 50));
      if (docs.length >= 40) break;
    }
    for (const d of docs) {
      if (d.length < 30) continue;
      checked++;
      assert.not.ok(generatedText.includes(d), `documentation text found in generated/: ${d}`);
    }
  }
  assert.ok(checked > 100, `checked ${checked} documentation excerpts`);
});

test("resources contribute their lifecycle operations; service errors reach every operation", () => {
  const files = generate({ modelsDir: fixtures, outDir: golden });
  const ops = files.get("weather-station/operations.ts")!;
  for (const name of ["GetCity", "ListCities", "GetForecast", "PutReading"]) assert.ok(ops.includes(`name: "${name}"`), name);
  const putReading = ops.slice(ops.indexOf('name: "PutReading"'));
  assert.ok(putReading.includes('"ServiceUnavailable"'), "service-level error listed on PutReading");
  const registry = files.get("registry.ts")!;
  assert.ok(registry.includes('targetPrefix: "Weather_20240101"'));
  assert.ok(registry.includes('signingName: "weather"'));
  assert.ok(registry.includes('id: "weather-station"'));
  const errors = files.get("weather-station/errors.ts")!;
  assert.ok(/NoSuchCity[\s\S]*status: 404/.test(errors), "httpError 404 kept");
  assert.ok(/ServiceUnavailable[\s\S]*status: 500[\s\S]*fault: "server"/.test(errors), "server fault defaults to 500");
});

test("patches are applied, and a patch needs a reason and an existing model", () => {
  const schema = generate({ modelsDir: fixtures, outDir: golden }).get("weather-station/schema.ts")!;
  assert.ok(schema.includes('pattern: "^\\\\p{Print}+$"'), "the model's pattern is kept for messages");
  assert.ok(schema.includes('jsPattern: "^[\\\\x20-\\\\x7E]+$"'), "the patch's JavaScript pattern is added");

  const dir = tmpDir();
  try {
    cpSync(fixtures, join(dir, "models"), { recursive: true });
    const patchFile = join(dir, "models/patches/weather.json");
    const patch = JSON.parse(readFileSync(patchFile, "utf8"));
    delete patch.patches[0].reason;
    writeFileSync(patchFile, JSON.stringify(patch));
    assert.throws(() => generate({ modelsDir: join(dir, "models"), outDir: join(dir, "out") }), /has no reason/);
    writeFileSync(patchFile, JSON.stringify({ model: "missing-2020-01-01.json", patches: [] }));
    assert.throws(() => generate({ modelsDir: join(dir, "models"), outDir: join(dir, "out") }), /not in/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--check passes on a current tree and fails naming a changed, a missing and a stale file", () => {
  const dir = tmpDir();
  try {
    const out = join(dir, "generated");
    const write = runCodegen(["--models", fixtures, "--out", out]);
    assert.is(write.status, 0, write.stderr);
    const ok = runCodegen(["--check", "--models", fixtures, "--out", out]);
    assert.is(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /is current/);

    writeFileSync(join(out, "weather-station/types.ts"), readFileSync(join(out, "weather-station/types.ts"), "utf8") + "\n// hand edit\n");
    rmSync(join(out, "weather-station/errors.ts"));
    writeFileSync(join(out, "weather-station/extra.ts"), "export {};\n");
    const bad = runCodegen(["--check", "--models", fixtures, "--out", out]);
    assert.is(bad.status, 1);
    assert.match(bad.stderr, /differs: weather-station\/types\.ts/);
    assert.match(bad.stderr, /missing: weather-station\/errors\.ts/);
    assert.match(bad.stderr, /stale: weather-station\/extra\.ts/);

    // Writing again repairs the tree and removes the stale file.
    assert.is(runCodegen(["--models", fixtures, "--out", out]).status, 0);
    assert.not.ok(existsSync(join(out, "weather-station/extra.ts")));
    assert.is(runCodegen(["--check", "--models", fixtures, "--out", out]).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();

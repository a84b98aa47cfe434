// npm run conformance -- [--record | --report] [words...]
//
//   --record   re-records every client tier (or those whose "<client>@<version>/<service>"
//              contains one of the words) into test/conformance/recordings/: a fixed clock,
//              and the round trip's seeded inputs, so recording twice gives the same files.
//              boto3@<version> and aws-cli@<version> (words "boto3", "aws-cli") take the inputs
//              the latest JS tier recorded: record that tier first (test/conformance/boto3/)
//   --report   replays every recording and prints, per service and client, the operations
//              recorded / replayed / passing / implemented; writes test/conformance/REPORT.md
//   (neither)  replays, and fails on a failure expected-failures.json does not list, or a
//              listed one that passes
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../../runtime/emulator.ts";
import { services } from "../../generated/registry.ts";
import { RECORDINGS } from "./recording.ts";
import { recordScenarios, replayScenarios, scenariosOf } from "./scenarios.ts";
import { expectedFailures, judge, runTier, type TierRun } from "./replay.ts";
import { allTiers, SUBSTITUTES, type Tier } from "./tiers.ts";
import { allPythonTiers, isPythonTier, type PythonClient, pythonMissing, recordPython, runPythonTier } from "./boto3/python.ts";

process.env.AWS_EC2_METADATA_DISABLED = "true";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/** The instant every recording is made at. */
const RECORDING_TIME = Date.UTC(2026, 0, 15, 12, 0, 0);

/** Date with its clock stopped at `at` (new Date() and Date.now()); dates built from values are untouched. */
function freezeDate(at: number): void {
  const Real = Date;
  class Frozen extends Real {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(at);
      else super(...(args as [number]));
    }
    static override now(): number {
      return at;
    }
    // a date made by the engine itself (structuredClone) is a Date too
    static override [Symbol.hasInstance](x: unknown): boolean {
      return x instanceof Real;
    }
  }
  globalThis.Date = Frozen as DateConstructor;
}

const args = process.argv.slice(2);
const mode = args.includes("--record") ? "record" : args.includes("--report") ? "report" : "check";
const words = args.filter((a) => !a.startsWith("--"));
const chosen = [...allTiers(), ...allPythonTiers()].filter((t) => words.length === 0 || words.some((w) => `${t.dir}/${t.service}`.includes(w)));

/** Why a Python client cannot run here (asked once per client), undefined when it can. */
const missingTools = new Map<string, Promise<string | undefined>>();
function toolMissing(t: Tier): Promise<string | undefined> {
  if (!isPythonTier(t)) return Promise.resolve(undefined);
  let m = missingTools.get(t.client);
  if (!m) missingTools.set(t.client, (m = pythonMissing(t.client as PythonClient)));
  return m;
}

/** A tier replayed: a JS client through runTier, boto3 and the CLI through runPythonTier. */
function replayTier(t: Tier): Promise<TierRun> {
  return isPythonTier(t) ? runPythonTier(t.client as PythonClient, t.service) : runTier(t, "replay");
}

function write(run: TierRun): number {
  const dir = join(RECORDINGS, run.tier.dir, run.tier.service);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [op, rec] of run.recordings!) writeFileSync(join(dir, `${op}.json`), `${JSON.stringify(rec, null, 1)}\n`);
  return run.recordings!.size;
}

async function implementedOps(): Promise<Map<string, Set<string>>> {
  const emu = await startEmulator({ host: "127.0.0.1", port: 0, logLevel: "silent" });
  const out = new Map<string, Set<string>>();
  try {
    for (const s of services) out.set(s.id, new Set(await emu.implemented(s)));
  } finally {
    await emu.stop();
  }
  return out;
}

function table(runs: TierRun[], implemented: Map<string, Set<string>>): string {
  const lines = [
    "| Service | Client | Operations | Recorded | Replayed | Passing | Implemented | Scenario steps passing |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of runs) {
    const ops = r.operations.length;
    const isOp = new Set(r.operations);
    const replayed = new Set(r.cases.filter((c) => isOp.has(c.operation) && !c.key.endsWith(" [*]")).map((c) => c.operation));
    const steps = r.cases.filter((c) => !isOp.has(c.operation));
    const scenarios = steps.length ? `${steps.filter((c) => c.passed).length}/${steps.length}` : "–";
    const passing = [...replayed].filter((op) => r.cases.filter((c) => c.operation === op).every((c) => c.passed));
    const impl = r.operations.filter((op) => implemented.get(r.tier.service)?.has(op)).length;
    const tier = isPythonTier(r.tier) ? `${r.tier.dir} (python)` : `${r.tier.dir} (${r.tier.tier})`;
    lines.push(`| ${r.tier.service} | ${tier} | ${ops} | ${r.recorded.length} | ${replayed.size} | ${passing.length} | ${impl} | ${scenarios} |`);
  }
  return lines.join("\n");
}

async function main(): Promise<number> {
  if (mode === "record") {
    freezeDate(RECORDING_TIME);
    for (const t of chosen) {
      if (isPythonTier(t)) {
        // the Python recorder freezes its own clock at the same instant (tool.py RECORDING_TIME)
        const missing = await toolMissing(t);
        if (missing) {
          console.log(`${t.dir}/${t.service}: not recorded: ${missing}`);
          continue;
        }
        const r = await recordPython(t.client as PythonClient, t.service);
        console.log(`${t.dir}/${t.service}: ${r.operations} operations, ${r.cases - r.refused} of ${r.cases} cases recorded (${r.refused} refused by the client, reasons in the files)`);
        continue;
      }
      const run = await runTier(t, "record");
      const failed = run.cases.filter((c) => !c.passed).length;
      console.log(`${t.dir}/${t.service}: ${write(run)} operations recorded; ${run.cases.length} cases, ${failed} failed live${excludedNote(run)}`);
      if (args.includes("--verbose")) for (const c of run.cases.filter((x) => !x.passed)) console.log(`  ${c.key}\n${indent(c.problems ?? "")}`);
      if (scenariosOf(t.service).length) {
        const steps = await recordScenarios(t);
        console.log(`${t.dir}/${t.service}: ${scenariosOf(t.service).length} scenarios recorded; ${steps.length} steps, ${steps.filter((c) => !c.passed).length} failed live`);
      }
    }
    return 0;
  }
  const expected = expectedFailures();
  const runs: TierRun[] = [];
  let bad = 0;
  for (const t of chosen) {
    const missing = await toolMissing(t);
    if (missing) {
      console.log(`${t.dir}/${t.service}: skipped: ${missing}`);
      continue;
    }
    const run = await replayTier(t);
    // the behaviour scenarios of JS tiers replay as sequences, judged with the same list
    if (!isPythonTier(t) && scenariosOf(t.service).length) run.cases.push(...(await replayScenarios(t)));
    runs.push(run);
    const v = judge(run, expected);
    bad += v.unexpected.length + v.fixed.length;
    const refused = "notRecorded" in run ? `, ${run.notRecorded as number} not recordable` : "";
    console.log(`${t.dir}/${t.service}: ${run.cases.length} cases, ${run.cases.filter((c) => c.passed).length} passed, ${v.known.length} known failures, ${v.unexpected.length} unexpected, ${v.fixed.length} listed but passing${refused}`);
    for (const c of v.unexpected) console.log(`  FAIL ${c.key}\n${indent(c.problems ?? "")}`);
    for (const k of v.fixed) console.log(`  NOW PASSES (remove it from expected-failures.json): ${k}`);
  }
  if (mode === "report") {
    const text = table(runs, await implementedOps());
    console.log(`\n${text}`);
    const subs = Object.entries(SUBSTITUTES).map(([k, s]) => `- ${k} → ${s.version}: ${s.reason}`).join("\n");
    const md = `# Conformance report\n\nWritten by \`npm run conformance -- --report\`. Per service and client: the model's operations, those recorded, replayed, passing every case, and implemented with behaviour. The boto3 and aws-cli rows replay what those clients send for the inputs of the latest JS tier; a case the client refuses to send is not counted (each recording file lists them with the reason).\n\n${text}\n\nStand-in versions:\n\n${subs}\n`;
    writeFileSync(join(dirname(fileURLToPath(import.meta.url)), "REPORT.md"), md);
  }
  return bad ? 1 : 0;
}

function excludedNote(run: TierRun): string {
  const n = Object.keys(run.excluded).length;
  return n ? ` (${n} not in this client)` : "";
}

const indent = (s: string) => s.split("\n").map((l) => `      ${l}`).join("\n");


process.exitCode = await main();

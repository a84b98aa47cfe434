// npm run conformance -- [--record | --report] [words...]
//
//   --record   re-records every client tier (or those whose "<client>@<version>/<service>"
//              contains one of the words) into test/conformance/recordings/: a fixed clock,
//              and the round trip's seeded inputs, so recording twice gives the same files
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
import { expectedFailures, judge, runTier, type TierRun } from "./replay.ts";
import { allTiers, SUBSTITUTES } from "./tiers.ts";

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
const chosen = allTiers().filter((t) => words.length === 0 || words.some((w) => `${t.dir}/${t.service}`.includes(w)));

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
    "| Service | Client | Operations | Recorded | Replayed | Passing | Implemented |",
    "|---|---|---:|---:|---:|---:|---:|",
  ];
  for (const r of runs) {
    const ops = r.operations.length;
    const replayed = new Set(r.cases.filter((c) => !c.key.endsWith(" [*]")).map((c) => c.operation));
    const passing = [...replayed].filter((op) => r.cases.filter((c) => c.operation === op).every((c) => c.passed));
    const impl = r.operations.filter((op) => implemented.get(r.tier.service)?.has(op)).length;
    const tier = `${r.tier.dir} (${r.tier.tier})`;
    lines.push(`| ${r.tier.service} | ${tier} | ${ops} | ${r.recorded.length} | ${replayed.size} | ${passing.length} | ${impl} |`);
  }
  return lines.join("\n");
}

async function main(): Promise<number> {
  if (mode === "record") {
    freezeDate(RECORDING_TIME);
    for (const t of chosen) {
      const run = await runTier(t, "record");
      const failed = run.cases.filter((c) => !c.passed).length;
      console.log(`${t.dir}/${t.service}: ${write(run)} operations recorded; ${run.cases.length} cases, ${failed} failed live${excludedNote(run)}`);
      if (args.includes("--verbose")) for (const c of run.cases.filter((x) => !x.passed)) console.log(`  ${c.key}\n${indent(c.problems ?? "")}`);
    }
    return 0;
  }
  const expected = expectedFailures();
  const runs: TierRun[] = [];
  let bad = 0;
  for (const t of chosen) {
    const run = await runTier(t, "replay");
    runs.push(run);
    const v = judge(run, expected);
    bad += v.unexpected.length + v.fixed.length;
    console.log(`${t.dir}/${t.service}: ${run.cases.length} cases, ${run.cases.filter((c) => c.passed).length} passed, ${v.known.length} known failures, ${v.unexpected.length} unexpected, ${v.fixed.length} listed but passing`);
    for (const c of v.unexpected) console.log(`  FAIL ${c.key}\n${indent(c.problems ?? "")}`);
    for (const k of v.fixed) console.log(`  NOW PASSES (remove it from expected-failures.json): ${k}`);
  }
  if (mode === "report") {
    const text = table(runs, await implementedOps());
    console.log(`\n${text}`);
    const subs = Object.entries(SUBSTITUTES).map(([k, s]) => `- ${k} → ${s.version}: ${s.reason}`).join("\n");
    const md = `# Conformance report\n\nWritten by \`npm run conformance -- --report\`. Per service and client: the model's operations, those recorded, replayed, passing every case, and implemented with behaviour.\n\n${text}\n\nStand-in versions:\n\n${subs}\n`;
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

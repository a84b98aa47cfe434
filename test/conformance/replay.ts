// Running one client's round trip through the conformance transport: recording what it
// sends, or replaying what it sent. Each case's outcome is keyed
// "<client>@<version>/<service>/<Operation> [<case>]", as in expected-failures.json.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { services } from "../../generated/registry.ts";
import { RoundTrip } from "../support/roundtrip.ts";
import { type OperationRecording, Transport } from "./recording.ts";
import { type SdkModule, type Tier, tierOptions } from "./tiers.ts";

export interface CaseOutcome {
  key: string;
  operation: string;
  passed: boolean;
  /** the problems, when it failed */
  problems?: string;
}

export interface TierRun {
  tier: Tier;
  /** every operation of the service */
  operations: string[];
  /** operations left out for this client, with the reason */
  excluded: Record<string, string>;
  /** operations with a recording (replay) or recorded now (record) */
  recorded: string[];
  cases: CaseOutcome[];
  /** recordings made (record mode) */
  recordings?: Map<string, OperationRecording>;
}

/** Loads a tier's client package. */
export async function loadSdk(t: Tier): Promise<SdkModule> {
  return (await import(t.pkg)) as SdkModule;
}

/** The cases of one operation from runOperation's failure texts: "Op [case]:\n  problems". */
export function outcomes(t: Tier, operation: string, caseNames: string[], failures: string[]): CaseOutcome[] {
  const failed = new Map<string, string>();
  for (const f of failures) {
    const m = /^(\S+) \[([^\]]+)\]:\n/.exec(f);
    if (m) failed.set(m[2], f.slice(m[0].length));
  }
  return caseNames.map((c) => {
    const key = `${t.dir}/${t.service}/${operation} [${c}]`;
    const problems = failed.get(c);
    return problems === undefined ? { key, operation, passed: true } : { key, operation, passed: false, problems };
  });
}

/**
 * Runs every operation of the tier's service through its client: `record` makes the
 * recordings (returned, not written), `replay` sends the stored ones in the client's place.
 * `recordings` replaces the stored ones (the suite's own can-fail checks).
 */
export async function runTier(t: Tier, mode: "record" | "replay", recordings?: Map<string, OperationRecording>): Promise<TierRun> {
  const svc = services.find((s) => s.id === t.service)!;
  const mod = await svc.load();
  const sdk = await loadSdk(t);
  const transport = mode === "record" ? Transport.recorder(t.dir, t.service) : Transport.replayer(t.dir, t.service, recordings);
  const options = { ...tierOptions(t, sdk, mod), transport };
  const rt = await RoundTrip.prepare(t.service, sdk, options);
  const run: TierRun = { tier: t, operations: Object.keys(mod.operations).sort(), excluded: { ...options.exclude }, recorded: [], cases: [] };
  await rt.start();
  try {
    for (const op of rt.operations) {
      if (mode === "replay" && !transport.recordings.has(op)) {
        run.cases.push({ key: `${t.dir}/${t.service}/${op} [*]`, operation: op, passed: false, problems: "not recorded" });
        continue;
      }
      const r = await rt.run(op);
      run.cases.push(...outcomes(t, op, r.names, r.failures));
    }
  } finally {
    await rt.stop();
  }
  if (mode === "record") {
    run.recordings = transport.recorded;
    run.recorded = [...transport.recorded.keys()].sort();
  } else run.recorded = [...transport.recordings.keys()].sort();
  return run;
}

// ---------------------------------------------------------------------------------------
// expected failures

export const EXPECTED_FAILURES_FILE = join(dirname(fileURLToPath(import.meta.url)), "expected-failures.json");

/** case key -> why it fails (a key "<client>@<version>/<service>/<Operation> [*]" covers every case of the operation) */
export function expectedFailures(): Record<string, string> {
  const raw = JSON.parse(readFileSync(EXPECTED_FAILURES_FILE, "utf8")) as { failures: Record<string, string> };
  return raw.failures;
}

export interface Verdict {
  /** failed and not listed */
  unexpected: CaseOutcome[];
  /** listed, and passed */
  fixed: string[];
  /** listed, and failed */
  known: CaseOutcome[];
}

/** Compares a run's outcomes with the expected failures of its client and service. */
export function judge(run: TierRun, expected: Record<string, string>): Verdict {
  const prefix = `${run.tier.dir}/${run.tier.service}/`;
  const v: Verdict = { unexpected: [], fixed: [], known: [] };
  const seen = new Set<string>();
  for (const c of run.cases) {
    const wildcard = `${prefix}${c.operation} [*]`;
    const listed = c.key in expected ? c.key : wildcard in expected ? wildcard : undefined;
    if (listed) seen.add(listed);
    if (c.passed) {
      if (listed === c.key) v.fixed.push(c.key);
    } else if (listed) v.known.push(c);
    else v.unexpected.push(c);
  }
  // a wildcard whose operation passes every case now
  for (const k of Object.keys(expected)) {
    if (!k.startsWith(prefix) || !k.endsWith(" [*]")) continue;
    const op = k.slice(prefix.length, -4);
    const cases = run.cases.filter((c) => c.operation === op);
    if (cases.length && cases.every((c) => c.passed)) v.fixed.push(k);
  }
  return v;
}

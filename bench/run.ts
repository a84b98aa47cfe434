// npm run bench: throughput of the emulator as a ratio to a bare node:http server answering
// the same requests with a body of the same size, measured in the same run and
// interleaved (these machines are shared and noisy: only ratios mean anything); and the
// time from process start to the ready line. Workloads run the whole pipeline with no-op
// handlers, or the services' real behaviour in an emulator started for that workload.
//
// Beside throughput, each server's CPU time per request (from /proc) is shown, with its
// ratio: it moves less than throughput when the machine's other tenants come and go.
//
// Both servers run as plain JavaScript built into dist/ (scripts/build.ts, run first), as
// `npm start` runs the emulator, so neither pays for tsx.
//
//   npm run bench                        every workload, 4 interleaved rounds of 3 s per server
//   BENCH_SECONDS=10 npm run bench
//   BENCH_ONLY=GetRecords npm run bench   the workloads whose name contains the text
//   BENCH_NODE_FLAGS="--max-semi-space-size=64" npm run bench   node flags for the emulators
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { build } from "../scripts/build.ts";
import { answerKey } from "./answer-key.ts";
import { type CycleState, type Step, WORKLOADS, type Workload } from "./workloads.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = 16;
const ROUNDS = 4;

interface Server {
  url: string;
  child: ChildProcess;
}

/** Starts dist/<name>.js, a server of bench/servers/ as built by scripts/build.ts. */
function startServer(name: string): Promise<Server> {
  const script = `dist/${name}.js`;
  return new Promise((resolve, reject) => {
    const flags = process.env.BENCH_NODE_FLAGS && name !== "bench-bare" ? process.env.BENCH_NODE_FLAGS.split(" ") : [];
    const child = spawn(process.execPath, [...flags, script], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve({ url: JSON.parse(line).url as string, child }));
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function stopServer(s: Server): Promise<void> {
  return new Promise((resolve) => {
    s.child.once("exit", () => resolve());
    s.child.kill("SIGTERM");
  });
}

/**
 * The workload's cycle as autocannon requests. A body that depends only on the setup's
 * state is made once; one that depends on an earlier answer of the cycle is made per
 * request from the connection's own state.
 */
function cycleRequests(w: Workload, state: CycleState): autocannon.Request[] {
  let dynamic = false;
  return w.steps.map((step) => {
    const headers = requestHeaders(step);
    const body = step.body;
    const req: autocannon.Request = { method: (step.method ?? "POST") as autocannon.Request["method"], path: step.path ?? "/", headers };
    if (typeof body === "string") req.body = body || undefined;
    else if (!dynamic) req.body = body(state);
    else req.setupRequest = (r, context) => ({ ...r, body: body(context as CycleState) });
    if (step.capture) {
      const capture = step.capture;
      req.onResponse = (_status, answer, context) => capture(answer, context as CycleState);
      dynamic = true;
    }
    return req;
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc; undefined where there is no /proc. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // fields after the command's closing parenthesis: utime is the 14th field, stime the 15th
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
const CLOCK_TICKS = 100;

interface LoadResult {
  rps: number;
  p99: number;
  errors: number;
  /** the server's CPU time per answered request, in µs (undefined without /proc) */
  cpuUs?: number;
}

async function load(s: Server, w: Workload, state: CycleState, seconds: number): Promise<LoadResult> {
  const before = cpuSeconds(s.child.pid);
  const r = await autocannon({
    url: s.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: cycleRequests(w, state),
    initialContext: state,
  });
  const after = cpuSeconds(s.child.pid);
  const cpuUs = before !== undefined && after !== undefined && r.requests.total > 0 ? ((after - before) * 1e6) / r.requests.total : undefined;
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx, cpuUs };
}

/**
 * Runs one cycle against the emulator and checks every answer is a 200; the answers (by
 * target) are what the baseline server then sends back for the same requests.
 */
async function probe(url: string, w: Workload, state: CycleState): Promise<Record<string, { body: string; contentType: string }>> {
  const answers: Record<string, { body: string; contentType: string }> = {};
  const s = { ...state };
  for (const step of w.steps) {
    const body = typeof step.body === "string" ? step.body : step.body(s);
    const method = step.method ?? "POST";
    const path = step.path ?? "/";
    // latin1 both ways: an upload's bytes are the text's char codes, and an answer's text keeps its size in bytes
    const res = await fetch(url + path, { method, headers: requestHeaders(step), body: body ? Buffer.from(body, "latin1") : undefined });
    const text = Buffer.from(await res.arrayBuffer()).toString("latin1");
    const key = answerKey(method, path, step.target);
    if (res.status !== 200) throw new Error(`${w.name}: ${key} answered ${res.status} ${text.slice(0, 500)}`);
    step.capture?.(text, s);
    answers[key] = { body: text, contentType: res.headers.get("content-type") ?? "application/json" };
  }
  return answers;
}

function requestHeaders(step: Step): Record<string, string> {
  return { "content-type": step.contentType, ...(step.target ? { "x-amz-target": step.target } : {}), ...step.headers };
}

async function readyTimes(runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const child = spawn(process.execPath, ["bin/awsemu.mjs", "--port", "0", "--log-level", "silent"], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((resolve) => {
      lines.on("line", (l) => {
        if (l.includes(" ready on ")) resolve();
      });
    });
    out.push(performance.now() - started);
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  await build();
  const only = process.env.BENCH_ONLY;
  const workloads = only ? WORKLOADS.filter((w) => w.name.includes(only)) : WORKLOADS;
  console.log(`bench: ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per server and workload, node ${process.version}`);
  const ready = await readyTimes(5);
  console.log(`ready line after process start: median ${median(ready).toFixed(0)} ms (runs: ${ready.map((x) => x.toFixed(0)).join(", ")} ms)`);

  const bare = await startServer("bench-bare");
  const noop = await startServer("bench-emulator");
  try {
    const rows: string[][] = [["workload", "bare req/s", "emulator req/s", "ratio", "emulator p99 ms", "CPU µs/req emu / bare", "CPU ratio"]];
    const throughput = new Map<string, number>();
    for (const w of workloads) {
      // each service workload gets an emulator of its own, holding only the state its
      // setup made (not what earlier workloads left behind)
      const own = w.emulator === "service" ? await startServer("bench-service") : undefined;
      try {
        const emu = own ?? noop;
        const state = w.setup ? await w.setup(emu.url) : {};
        const answers = await probe(emu.url, w, state);
        const told = await fetch(`${bare.url}/_bench/answers`, { method: "POST", body: JSON.stringify(answers) });
        if (told.status !== 204) throw new Error(`the baseline server refused the answers: ${told.status}`);
        await load(bare, w, state, 1); // warm-up
        await load(emu, w, state, 1);
        const b: LoadResult[] = [];
        const e: LoadResult[] = [];
        for (let i = 0; i < ROUNDS; i++) {
          b.push(await load(bare, w, state, SECONDS));
          e.push(await load(emu, w, state, SECONDS));
        }
        const mean = (xs: LoadResult[], f: (r: LoadResult) => number | undefined) => {
          const v = xs.map(f).filter((x): x is number => x !== undefined);
          return v.length === xs.length ? v.reduce((x, y) => x + y, 0) / v.length : undefined;
        };
        const bm = mean(b, (r) => r.rps)!;
        const em = mean(e, (r) => r.rps)!;
        const bc = mean(b, (r) => r.cpuUs);
        const ec = mean(e, (r) => r.cpuUs);
        const p99 = Math.max(...e.map((r) => r.p99));
        const errors = [...b, ...e].reduce((n, r) => n + r.errors, 0);
        throughput.set(w.name, em);
        const cpu = bc !== undefined && ec !== undefined ? [`${ec.toFixed(0)} / ${bc.toFixed(0)}`, `${(bc / ec).toFixed(2)}x`] : ["-", "-"];
        rows.push([w.name, bm.toFixed(0), em.toFixed(0), `${(em / bm).toFixed(2)}x`, p99.toFixed(1), ...cpu]);
        if (errors) console.log(`  ${w.name}: ${errors} errors or non-2xx answers during the run`);
      } finally {
        if (own) await stopServer(own);
      }
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join("  "));
    for (const w of workloads) {
      const base = w.flatWith && throughput.get(w.flatWith);
      if (!base) continue;
      console.log(`flat cost: "${w.name}" runs at ${(throughput.get(w.name)! / base).toFixed(2)}x the throughput of "${w.flatWith}"`);
    }
  } finally {
    await Promise.all([stopServer(bare), stopServer(noop)]);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

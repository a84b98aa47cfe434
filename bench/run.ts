// npm run bench: throughput of the emulator's whole pipeline with no-op handlers, as a
// ratio to a bare node:http server answering the same requests with a body of the same
// size, measured in the same run (these machines are shared and noisy: only ratios mean
// anything); and the time from process start to the ready line.
//
// Both servers run as plain JavaScript built into dist/ (scripts/build.ts, run first), as
// `npm start` runs the emulator, so neither pays for tsx.
//
//   npm run bench                       every workload, 5 s per measurement
//   BENCH_SECONDS=10 npm run bench
//   BENCH_ONLY=GetRecords npm run bench  the workloads whose name contains the text
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { build } from "../scripts/build.ts";
import { type CycleState, WORKLOADS, type Workload } from "./workloads.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
const ROUNDS = 2;

interface Server {
  url: string;
  child: ChildProcess;
}

/** Starts dist/<name>.js, a server of bench/servers/ as built by scripts/build.ts. */
function startServer(name: string): Promise<Server> {
  const script = `dist/${name}.js`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
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
    const headers = { "content-type": step.contentType, "x-amz-target": step.target };
    const body = step.body;
    const req: autocannon.Request = { method: "POST", path: "/", headers };
    if (typeof body === "string") req.body = body;
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

async function load(url: string, w: Workload, state: CycleState, seconds: number): Promise<{ rps: number; p99: number; errors: number }> {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: cycleRequests(w, state),
    initialContext: state,
  });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx };
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
    const res = await fetch(url, { method: "POST", headers: { "content-type": step.contentType, "x-amz-target": step.target }, body });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${w.name}: ${step.target} answered ${res.status} ${text}`);
    step.capture?.(text, s);
    answers[step.target] = { body: text, contentType: res.headers.get("content-type") ?? "application/json" };
  }
  return answers;
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
  const emulators = { noop: await startServer("bench-emulator"), service: await startServer("bench-service") };
  try {
    const rows: string[][] = [["workload", "bare req/s", "emulator req/s", "ratio", "emulator p99 ms"]];
    const throughput = new Map<string, number>();
    for (const w of workloads) {
      const emu = emulators[w.emulator];
      const state = w.setup ? await w.setup(emu.url) : {};
      const answers = await probe(emu.url, w, state);
      const told = await fetch(`${bare.url}/_bench/answers`, { method: "POST", body: JSON.stringify(answers) });
      if (told.status !== 204) throw new Error(`the baseline server refused the answers: ${told.status}`);
      await load(bare.url, w, state, 1); // warm-up
      await load(emu.url, w, state, 1);
      const b: number[] = [];
      const e: number[] = [];
      let p99 = 0;
      let errors = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const rb = await load(bare.url, w, state, SECONDS);
        const re = await load(emu.url, w, state, SECONDS);
        b.push(rb.rps);
        e.push(re.rps);
        p99 = Math.max(p99, re.p99);
        errors += rb.errors + re.errors;
      }
      const bm = b.reduce((x, y) => x + y, 0) / b.length;
      const em = e.reduce((x, y) => x + y, 0) / e.length;
      throughput.set(w.name, em);
      rows.push([w.name, bm.toFixed(0), em.toFixed(0), `${(em / bm).toFixed(2)}x`, p99.toFixed(1)]);
      if (errors) console.log(`  ${w.name}: ${errors} errors or non-2xx answers during the run`);
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join("  "));
    for (const w of workloads) {
      const base = w.flatWith && throughput.get(w.flatWith);
      if (!base) continue;
      console.log(`flat cost: "${w.name}" runs at ${(throughput.get(w.name)! / base).toFixed(2)}x the throughput of "${w.flatWith}"`);
    }
  } finally {
    await Promise.all([stopServer(bare), stopServer(emulators.noop), stopServer(emulators.service)]);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

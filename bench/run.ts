// npm run bench: throughput of the emulator's whole pipeline with no-op handlers, as a
// ratio to a bare node:http server answering the same requests with a body of the same
// size, measured in the same run (these machines are shared and noisy: only ratios mean
// anything); and the time from process start to the ready line.
//
// Both servers run as plain JavaScript built into dist/ (scripts/build.ts, run first), as
// `npm start` runs the emulator, so neither pays for tsx.
//
//   npm run bench                 every workload, 5 s per measurement
//   BENCH_SECONDS=10 npm run bench
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { build } from "../scripts/build.ts";
import { WORKLOADS, type Workload } from "./workloads.ts";

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

async function load(url: string, w: Workload, seconds: number): Promise<{ rps: number; p99: number; errors: number }> {
  const r = await autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    duration: seconds,
    headers: { "content-type": w.contentType, "x-amz-target": w.target },
    body: w.body,
  });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

/** Checks the emulator answers the workload as the baseline does before timing anything. */
async function check(url: string, w: Workload): Promise<void> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": w.contentType, "x-amz-target": w.target }, body: w.body });
  const text = await res.text();
  if (res.status !== 200 || text !== w.expectedBody) throw new Error(`${w.name}: expected 200 ${w.expectedBody}, got ${res.status} ${text}`);
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
  console.log(`bench: ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per server and workload, node ${process.version}`);
  const ready = await readyTimes(5);
  console.log(`ready line after process start: median ${median(ready).toFixed(0)} ms (runs: ${ready.map((x) => x.toFixed(0)).join(", ")} ms)`);

  const bare = await startServer("bench-bare");
  const emu = await startServer("bench-emulator");
  try {
    const rows: string[][] = [["workload", "bare req/s", "emulator req/s", "ratio", "emulator p99 ms"]];
    for (const w of WORKLOADS) {
      await check(emu.url, w);
      await load(bare.url, w, 1); // warm-up
      await load(emu.url, w, 1);
      const b: number[] = [];
      const e: number[] = [];
      let p99 = 0;
      let errors = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const rb = await load(bare.url, w, SECONDS);
        const re = await load(emu.url, w, SECONDS);
        b.push(rb.rps);
        e.push(re.rps);
        p99 = Math.max(p99, re.p99);
        errors += rb.errors + re.errors;
      }
      const bm = b.reduce((x, y) => x + y, 0) / b.length;
      const em = e.reduce((x, y) => x + y, 0) / e.length;
      rows.push([w.name, bm.toFixed(0), em.toFixed(0), `${(em / bm).toFixed(2)}x`, p99.toFixed(1)]);
      if (errors) console.log(`  ${w.name}: ${errors} errors or non-2xx answers during the run`);
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join("  "));
  } finally {
    await Promise.all([stopServer(bare), stopServer(emu)]);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

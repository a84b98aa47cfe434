// npm test: runs every test/**/*.test.ts in a child process of its own, two at a time,
// each with a wall-clock limit (uvu has none, and an open socket keeps a process alive),
// and ends with the plain line "N passed, N failed".
//
//   npm test                      every test file
//   npm test -- runtime codegen   files whose path contains one of the words
//   TEST_CONCURRENCY=1 npm test   one file at a time
//
// A file sets its own limit with a comment in its first lines: `// test-timeout: 300`.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const DEFAULT_TIMEOUT_S = 180;
const concurrency = Math.max(1, Number(process.env.TEST_CONCURRENCY ?? 2) || 2);

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === "node_modules" || name === "golden" || name === "fixtures" || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

function timeoutOf(file: string): number {
  const head = readFileSync(file, "utf8").slice(0, 2000);
  const m = /\/\/\s*test-timeout:\s*(\d+)/.exec(head);
  return m ? Number(m[1]) : DEFAULT_TIMEOUT_S;
}

interface Result {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  output: string;
  note?: string;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

function runFile(file: string): Promise<Result> {
  const limit = timeoutOf(file);
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", file], {
      cwd: root,
      env: {
        ...process.env,
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        FORCE_COLOR: "0",
        NO_COLOR: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => chunks.push(c));
    let timedOut = false;
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup("SIGKILL");
    }, limit * 1000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      killGroup("SIGKILL"); // anything the test left behind in its process group
      const output = Buffer.concat(chunks).toString("utf8").replace(ANSI, "");
      const num = (label: string) => {
        const m = new RegExp(`^\\s*${label}:\\s+(\\d+)`, "m").exec(output);
        return m ? Number(m[1]) : undefined;
      };
      const total = num("Total");
      const passed = num("Passed") ?? 0;
      const skipped = num("Skipped") ?? 0;
      let failed = total !== undefined ? Math.max(0, total - passed - skipped) : 0;
      let note: string | undefined;
      if (timedOut) {
        note = `killed after the ${limit} s limit`;
        failed = Math.max(failed, 1);
      } else if (code !== 0) {
        note = `exited with ${code ?? signal}`;
        failed = Math.max(failed, 1);
      } else if (total === undefined) {
        note = "printed no uvu summary";
        failed = Math.max(failed, 1);
      }
      done({ file, passed, failed, skipped, seconds: (performance.now() - started) / 1000, output, note });
    });
  });
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  let files = findTests(join(root, "test"));
  if (filters.length) files = files.filter((f) => filters.some((w) => relative(root, f).includes(w)));
  if (files.length === 0) {
    console.log("no test files matched");
    console.log("0 passed, 0 failed");
    process.exit(1);
  }
  const started = performance.now();
  const results: Result[] = [];
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      const r = await runFile(file);
      results.push(r);
      const status = r.failed ? "FAIL" : "ok";
      const summary = `${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}`;
      const show = r.failed || process.env.TEST_VERBOSE ? r.output.trimEnd() : printedLines(r.output);
      process.stdout.write(
        `\n── ${status} ${relative(root, file)} (${r.seconds.toFixed(1)} s): ${summary}${r.note ? ` — ${r.note}` : ""}\n` +
          (show ? `${show}\n` : ""),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const skipped = results.reduce((n, r) => n + r.skipped, 0);
  const failedFiles = results.filter((r) => r.failed).map((r) => relative(root, r.file));
  console.log(`\n${files.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (failedFiles.length) console.log(`failed: ${failedFiles.join(", ")}`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(failed ? 1 : 0);
}

/** For a passing file, only the lines a test printed on purpose (skips, coverage counts). */
function printedLines(output: string): string {
  return output
    .split("\n")
    .filter((l) => l.trim() && !/^\s*(Total|Passed|Skipped|Duration):/.test(l) && !/^[\s✓✘•·]*(\(\d+ \/ \d+\))?\s*$/.test(l))
    .join("\n");
}

main().catch((err) => {
  console.error(err);
  console.log("0 passed, 1 failed");
  process.exit(1);
});

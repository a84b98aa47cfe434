// Runs a module script in a child process (through tsx) with a wall-clock limit, for
// tests that must see a process exit by itself.
import { spawn } from "node:child_process";

export async function runScript(script: string, cwd: string, limitMs = 20_000): Promise<{ code: number | string; out: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true" },
  });
  let out = "";
  child.stdout.on("data", (c) => (out += c));
  child.stderr.on("data", (c) => (out += c));
  let timer: NodeJS.Timeout | undefined;
  const code = await new Promise<number | string>((resolve) => {
    timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve(`still running after ${limitMs / 1000} s`);
    }, limitMs);
    child.on("exit", (c) => resolve(c ?? "killed"));
  });
  clearTimeout(timer);
  return { code, out };
}

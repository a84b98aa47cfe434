// Running boto3 (python3) and the AWS CLI from a test whose own process hosts the
// emulator: execFile, never spawnSync, which would block the event loop that serves the
// requests. Credentials are a 12-digit key (account 123456789012) in eu-west-1; no
// retries, no metadata lookups, no user configuration.
import { execFile } from "node:child_process";

export interface ToolResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function toolEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ACCESS_KEY_ID: "123456789012",
    AWS_SECRET_ACCESS_KEY: "secret",
    AWS_DEFAULT_REGION: "eu-west-1",
    AWS_MAX_ATTEMPTS: "1",
    AWS_RETRY_MODE: "standard",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  };
}

/** Runs a program to its end (60 s at most); status -1 when it could not run or was killed. */
export function runTool(file: string, args: string[]): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(file, args, { encoding: "utf8", env: toolEnv(), timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : -1) : 0;
      resolve({ status: code, stdout, stderr });
    });
  });
}

/** Whether python3 with boto3, and the AWS CLI, are installed (asked once per test file). */
export async function toolsPresent(): Promise<{ hasBoto3: boolean; hasCli: boolean }> {
  const [boto3, cli] = await Promise.all([runTool("python3", ["-c", "import boto3"]), runTool("aws", ["--version"])]);
  return { hasBoto3: boto3.status === 0, hasCli: cli.status === 0 };
}

/**
 * Runs a python3 program with the emulator's URL as its argument; its last line of output
 * is JSON, returned parsed. The program must exit 0 (stderr is the failure message).
 */
export async function runPython(code: string, url: string): Promise<any> {
  const r = await runTool("python3", ["-c", code, url]);
  if (r.status !== 0) throw new Error(`python3 exited with ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

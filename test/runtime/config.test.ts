// Flags and EMU_* environment variables (runtime/config.ts), and what the CLI does with a
// configuration it refuses.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ConfigError, parseConfig, type ServiceOption, usage } from "../../runtime/config.ts";

const IDS = ["dynamodb", "dynamodb-streams", "firehose", "kinesis", "lambda", "memorydb", "s3", "sns", "sqs", "sts"];
const parse = (argv: string[], env: Record<string, string> = {}) => parseConfig(argv, env, IDS);

/** The ConfigError message parsing fails with (fails the test when it parses). */
function refusal(argv: string[], env: Record<string, string> = {}): string {
  try {
    parse(argv, env);
  } catch (err) {
    assert.instance(err, ConfigError);
    return (err as Error).message;
  }
  assert.unreachable(`accepted: ${argv.join(" ")} ${JSON.stringify(env)}`);
  throw new Error("unreachable");
}

test("defaults", () => {
  const c = parse([]);
  assert.is(c.port, 4566);
  assert.is(c.host, "127.0.0.1");
  assert.is(c.region, "us-east-1");
  assert.is(c.accountId, "000000000000");
  assert.is(c.services, undefined);
  assert.equal(c.servicePorts, {});
  assert.is(c.auth, "off");
  assert.is(c.dataDir, undefined);
  assert.is(c.maxBodyBytes, 16 * 1024 * 1024);
});

test("flags, as '--flag value' and '--flag=value'", () => {
  const c = parse([
    "--port",
    "5000",
    "--host=0.0.0.0",
    "--region",
    "eu-west-1",
    "--account-id=123456789012",
    "--services",
    "kinesis, sqs",
    "--log-level",
    "debug",
    "--max-body-bytes",
    "1000",
    "--auth",
    "off",
  ]);
  assert.is(c.port, 5000);
  assert.is(c.host, "0.0.0.0");
  assert.is(c.region, "eu-west-1");
  assert.is(c.accountId, "123456789012");
  assert.equal(c.services, ["kinesis", "sqs"]);
  assert.is(c.logLevel, "debug");
  assert.is(c.maxBodyBytes, 1000);
  assert.is(c.auth, "off");
});

test("EMU_* environment variables", () => {
  const c = parse([], {
    EMU_PORT: "6000",
    EMU_HOST: "::1",
    EMU_REGION: "ap-southeast-2",
    EMU_ACCOUNT_ID: "111122223333",
    EMU_SERVICES: "dynamodb,dynamodb-streams",
    EMU_LOG_LEVEL: "warn",
    EMU_MAX_BODY_BYTES: "2048",
    EMU_DYNAMODB_PORT: "8000",
    EMU_DYNAMODB_STREAMS_PORT: "8001",
  });
  assert.is(c.port, 6000);
  assert.is(c.host, "::1");
  assert.is(c.region, "ap-southeast-2");
  assert.is(c.accountId, "111122223333");
  assert.equal(c.services, ["dynamodb", "dynamodb-streams"]);
  assert.is(c.logLevel, "warn");
  assert.is(c.maxBodyBytes, 2048);
  assert.equal(c.servicePorts, { dynamodb: 8000, "dynamodb-streams": 8001 });
});

test("a flag beats its environment variable; an empty variable counts as unset", () => {
  const c = parse(["--port", "5001", "--region=us-west-2", "--kinesis-port", "4568"], {
    EMU_PORT: "6000",
    EMU_REGION: "eu-central-1",
    EMU_KINESIS_PORT: "4567",
    EMU_ACCOUNT_ID: "",
  });
  assert.is(c.port, 5001);
  assert.is(c.region, "us-west-2");
  assert.equal(c.servicePorts, { kinesis: 4568 });
  assert.is(c.accountId, "000000000000");
  // and a bad variable is not an error when the flag overrides it
  assert.is(parse(["--port", "1"], { EMU_PORT: "nope" }).port, 1);
});

test("--<service>-port gives a service a port of its own; only when given", () => {
  assert.equal(parse(["--kinesis-port", "4567"]).servicePorts, { kinesis: 4567 });
  assert.equal(parse(["--kinesis-port=4567", "--sqs-port", "9324"]).servicePorts, { kinesis: 4567, sqs: 9324 });
  assert.equal(parse(["--kinesis-port", "0"]).servicePorts, { kinesis: 0 });
  assert.equal(parse([]).servicePorts, {});
  assert.match(refusal(["--bogus-port", "1"]), "--bogus-port");
  assert.match(refusal(["--services", "sqs", "--kinesis-port", "4567"]), "kinesis");
});

test("--services with unknown ids is refused, naming them", () => {
  const m = refusal(["--services", "kinesis,dynamo,s4"]);
  assert.match(m, "dynamo");
  assert.match(m, "s4");
  assert.match(refusal([], { EMU_SERVICES: "lambda,elasticache" }), "elasticache");
});

test("bad ports are refused", () => {
  for (const bad of ["abc", "-1", "65536", "80.5", "1e3", "0x50", "", " 80"]) {
    const m = refusal(["--port", bad]);
    assert.match(m, `'${bad}'`);
    assert.match(m, "port");
  }
  assert.match(refusal([], { EMU_PORT: "99999" }), "99999");
  assert.match(refusal(["--kinesis-port", "x"]), "--kinesis-port");
});

test("other bad values are refused", () => {
  assert.match(refusal(["--region", "mars"]), "mars");
  assert.match(refusal(["--account-id", "123"]), "123");
  assert.match(refusal(["--log-level", "loud"]), "loud");
  assert.match(refusal(["--max-body-bytes", "0"]), "--max-body-bytes");
  assert.match(refusal(["--auth", "maybe"]), "maybe");
  assert.match(refusal(["--nope"]), "--nope");
  assert.match(refusal(["--port"]), "--port");
  assert.match(refusal(["stray"]), "stray");
});

test("a service's own options: flags and EMU_* variables, checked by type; only given ones are set", () => {
  const options: ServiceOption[] = [
    { flag: "kinesis-status-delay-ms", help: "delay of status changes (default 0)", type: "integer" },
    { flag: "kinesis-throughput-limits", help: "enforce per-shard limits (default false)", type: "boolean" },
  ];
  const p = (argv: string[], env: Record<string, string> = {}) => parseConfig(argv, env, IDS, options);
  assert.equal(p([]).options, {});
  assert.equal(p(["--kinesis-status-delay-ms", "500"]).options, { "kinesis-status-delay-ms": 500 });
  assert.equal(p([], { EMU_KINESIS_THROUGHPUT_LIMITS: "true" }).options, { "kinesis-throughput-limits": true });
  assert.equal(p(["--kinesis-throughput-limits=false"], { EMU_KINESIS_THROUGHPUT_LIMITS: "true" }).options, { "kinesis-throughput-limits": false });
  assert.throws(() => p(["--kinesis-status-delay-ms", "-1"]), /kinesis-status-delay-ms: '-1' is not an integer of at least 0/);
  assert.throws(() => p(["--kinesis-status-delay-ms", "1.5"]), /not an integer/);
  assert.throws(() => p(["--kinesis-throughput-limits", "yes"]), /'yes' is not true or false/);
  assert.throws(() => parse(["--kinesis-status-delay-ms", "5"]), /unknown flag --kinesis-status-delay-ms/);
  const text = usage(options);
  assert.match(text, /--kinesis-status-delay-ms N +delay of status changes \(default 0\) +EMU_KINESIS_STATUS_DELAY_MS/);
});

test("--data-dir is refused: persistence is not implemented yet", () => {
  const m = refusal(["--data-dir", "/tmp/emu"]);
  assert.match(m, "--data-dir");
  assert.match(m, "not implemented");
  assert.match(refusal([], { EMU_DATA_DIR: "/tmp/emu" }), "not implemented");
});

test("--auth verify needs --auth-keys (or EMU_AUTH_KEYS)", () => {
  const m = refusal(["--auth", "verify"]);
  assert.match(m, "--auth verify");
  assert.match(m, "--auth-keys");
  assert.match(refusal([], { EMU_AUTH: "verify" }), "EMU_AUTH_KEYS");
  assert.is(parse(["--auth", "verify", "--auth-keys", "AKID:secret"]).auth, "verify");
});

// --- the CLI ---

const root = fileURLToPath(new URL("../../", import.meta.url));

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | string; out: string; err: string }> {
  const child = spawn(process.execPath, ["bin/awsemu.mjs", ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (c) => (out += c));
  child.stderr.on("data", (c) => (err += c));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? String(signal), out, err });
    });
  });
}

test("the CLI refuses a bad configuration with exit code 2 and the reason", async () => {
  const r = await cli(["--data-dir", "/tmp/emu-data"]);
  assert.is(r.code, 2, r.out + r.err);
  assert.match(r.err, "not implemented");
  const s = await cli(["--services", "kinesis,nosuch"]);
  assert.is(s.code, 2);
  assert.match(s.err, "nosuch");
  const e = await cli([], { EMU_AUTH: "verify" });
  assert.is(e.code, 2);
  assert.match(e.err, "--auth-keys");
});

test("the CLI prints its usage for --help and exits 0", async () => {
  const r = await cli(["--help"]);
  assert.is(r.code, 0);
  assert.match(r.out, "--<service>-port");
  assert.match(r.out, "EMU_PORT");
});

test("the CLI starts with the configuration, serves, and stops on SIGTERM", async () => {
  const child = spawn(process.execPath, ["bin/awsemu.mjs", "--port", "0", "--services", "kinesis", "--region", "eu-west-1"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stderr.on("data", (c) => (out += c));
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? String(signal))));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (c) => {
      out += c;
      const m = /ready on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", () => reject(new Error(`exited before ready: ${out}`)));
  });
  assert.match(out, /region\s+eu-west-1/);
  assert.match(out, /services\s+kinesis/);
  const health = (await (await fetch(`${url}/_emu/health`)).json()) as { region: string; services: { id: string }[] };
  assert.is(health.region, "eu-west-1");
  assert.equal(
    health.services.map((s) => s.id),
    ["kinesis"],
  );
  child.kill("SIGTERM");
  const code = await exited;
  clearTimeout(timer);
  assert.is(code, 0, out);
});

test.run();

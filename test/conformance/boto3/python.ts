// The Python clients of the conformance suite: boto3 and the AWS CLI v1 (both on the same
// botocore). tool.py does the Python side:
// - recording: each input the latest JS tier recorded (required, full, full#2...) is given
//   to boto3, or to the CLI as --cli-input-json, without the members botocore's model does
//   not know; the request is captured at botocore's 'before-send' with the clock frozen,
//   nothing is sent. An input botocore or the CLI refuses is kept in the file with the reason.
// - replaying: the core round trip (test/support/roundtrip.ts) runs with a stand-in "SDK"
//   whose client sends the recorded request to the emulator (the conformance transport)
//   and hands the raw answer to one long-lived Python process per service, in which the
//   boto3 client itself parses it (its answer at 'before-send'): output, error code,
//   message and members, event streams. The round trip's handlers assert the stored input.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { services } from "../../../generated/registry.ts";
import type { ServiceDescriptor, ServiceModule } from "../../../runtime/schema.ts";
import { pruneUnknown } from "../../support/query-known.ts";
import { replayEvents, RoundTrip, type RoundTripOptions } from "../../support/roundtrip.ts";
import { runTool } from "../../support/tools.ts";
import { bodyBytes, fromJson, loadRecordings, type OperationRecording, RECORDINGS, type RecordedCase, toJson, Transport } from "../recording.ts";
import { type CaseOutcome, outcomes, type TierRun } from "../replay.ts";
import { CLIENTS, type SdkModule, serviceOptions, type Tier, tierOf, wireErrorCode } from "../tiers.ts";

type Rec = Record<string, unknown>;

const TOOL = join(dirname(fileURLToPath(import.meta.url)), "tool.py");

export type PythonClient = "boto3" | "aws-cli";
export const PYTHON_CLIENTS: readonly PythonClient[] = ["boto3", "aws-cli"];

/** The versions recorded: the directory names say them, and recording checks them. */
export const PYTHON_VERSIONS: Readonly<Record<PythonClient, { package: "boto3" | "awscli"; version: string }>> = {
  boto3: { package: "boto3", version: "1.43.11" },
  "aws-cli": { package: "awscli", version: "1.45.11" },
};

/** A recording file of a Python client: the JS one's fields, and what could not be recorded. */
export interface PythonRecording extends OperationRecording {
  /** case -> why botocore or the CLI refused its input (nothing was sent) */
  notRecorded?: Record<string, string>;
  /** case -> members of the JS input botocore's model does not know, left out of `input` */
  dropped?: Record<string, string[]>;
  /** case -> S3 digest members rewritten to the digests of the body botocore serializes */
  adjusted?: Record<string, string[]>;
}

/**
 * A Python client and service in the shape of a JS tier (TierRun, judge() and the report
 * take it): `tier` is nominal, the table prints "python" for these.
 */
export function pythonTier(client: PythonClient, service: string): Tier {
  const { version } = PYTHON_VERSIONS[client];
  return { tier: "latest", service, client, version, pkg: client, dir: `${client}@${version}` };
}

export function allPythonTiers(): Tier[] {
  return PYTHON_CLIENTS.flatMap((c) => Object.keys(CLIENTS).map((s) => pythonTier(c, s)));
}

export const isPythonTier = (t: Tier) => PYTHON_CLIENTS.some((c) => t.dir === pythonTier(c, t.service).dir);

/** Why the Python clients cannot run here, or undefined when they can (python3, boto3 and awscli at the recorded versions). */
export async function pythonMissing(client: PythonClient): Promise<string | undefined> {
  const { package: pkg, version } = PYTHON_VERSIONS[client];
  const r = await runTool("python3", ["-c", `import ${pkg}; print(${pkg}.__version__)`]);
  if (r.status !== 0) return `python3 with ${pkg} is not installed (${r.stderr.trim().split("\n").pop() ?? r.status})`;
  if (r.stdout.trim() !== version) return `${pkg} ${r.stdout.trim()} is installed, the recordings are of ${version}`;
  return undefined;
}

interface BotoModel {
  versions: Record<string, string>;
  protocol: string;
  /** structure name -> member names */
  shapes: Record<string, string[]>;
  operations: Record<string, { input: string | null; output: string | null }>;
}

const models = new Map<string, Promise<BotoModel>>();

/** botocore's model of a service, as tool.py prints it. */
export function botoModel(service: string): Promise<BotoModel> {
  let m = models.get(service);
  if (!m) {
    m = runTool("python3", [TOOL, "model", service]).then((r) => {
      if (r.status !== 0) throw new Error(`tool.py model ${service}: ${r.stderr}`);
      return JSON.parse(r.stdout) as BotoModel;
    });
    models.set(service, m);
  }
  return m;
}

// ---------------------------------------------------------------------------------------
// recording

interface RecordResult {
  operation: string;
  case: string;
  input?: unknown;
  request?: RecordedCase["request"];
  dropped?: string[];
  adjusted?: string[];
  refused?: string;
}

/** Runs a program to its end (10 minutes at most), without blocking the event loop. */
function runLong(file: string, args: string[]): Promise<{ status: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill(), 600_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? -1, stderr });
    });
  });
}

/**
 * Records one Python client's requests for one service from the inputs of the latest JS
 * tier, and writes recordings/<client>@<version>/<service>/. Returns the counts.
 */
export async function recordPython(client: PythonClient, service: string): Promise<{ operations: number; cases: number; refused: number }> {
  const missing = await pythonMissing(client);
  if (missing) throw new Error(`cannot record ${client}: ${missing}`);
  const js = tierOf("latest", service);
  const jobs: { operation: string; case: string; input: unknown }[] = [];
  for (const [op, rec] of [...loadRecordings(js.dir, service)].sort(([a], [b]) => a.localeCompare(b))) {
    for (const [name, c] of Object.entries(rec.cases)) jobs.push({ operation: op, case: name, input: c.input });
  }
  const tmp = mkdtempSync(join(tmpdir(), "py-record-"));
  let results: RecordResult[];
  try {
    writeFileSync(join(tmp, "jobs.json"), JSON.stringify(jobs));
    const r = await runLong("python3", [TOOL, "record", client === "boto3" ? "boto3" : "cli", service, join(tmp, "jobs.json"), join(tmp, "out.json")]);
    if (r.status !== 0) throw new Error(`tool.py record ${client} ${service} exited with ${r.status}: ${r.stderr}`);
    results = JSON.parse(readFileSync(join(tmp, "out.json"), "utf8")) as RecordResult[];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const t = pythonTier(client, service);
  const files = new Map<string, PythonRecording>();
  for (const r of results) {
    let f = files.get(r.operation);
    if (!f) files.set(r.operation, (f = { client: t.dir, service, operation: r.operation, cases: {} }));
    if (r.refused !== undefined) (f.notRecorded ??= {})[r.case] = r.refused;
    else {
      f.cases[r.case] = { input: r.input, request: r.request! };
      if (r.dropped?.length) (f.dropped ??= {})[r.case] = r.dropped;
      if (r.adjusted?.length) (f.adjusted ??= {})[r.case] = r.adjusted;
    }
  }
  const dir = join(RECORDINGS, t.dir, service);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [op, rec] of files) writeFileSync(join(dir, `${op}.json`), `${JSON.stringify(rec, null, 1)}\n`);
  return { operations: files.size, cases: results.length, refused: results.filter((r) => r.refused !== undefined).length };
}

// ---------------------------------------------------------------------------------------
// replaying: the Python parser

interface Parsed {
  output?: Rec;
  error?: { code?: string; message?: string; members: Rec; status?: number };
  exception?: string;
}

/** One `tool.py serve` process: answers in, what the boto3 client makes of them out, one line each. */
class PythonParser {
  private buffer = "";
  private waiting?: { resolve: (p: Parsed) => void; reject: (e: Error) => void };
  private stderr = "";
  private exited = false;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on("data", (c: Buffer) => {
      this.buffer += c.toString("utf8");
      let nl: number;
      while ((nl = this.buffer.indexOf("\n")) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        const w = this.waiting;
        this.waiting = undefined;
        w?.resolve(JSON.parse(line) as Parsed);
      }
    });
    child.stderr.on("data", (c: Buffer) => (this.stderr += c.toString("utf8")));
    child.on("exit", () => {
      this.exited = true;
      this.waiting?.reject(new Error(`the Python parser exited: ${this.stderr.slice(-2000)}`));
      this.waiting = undefined;
    });
  }

  static start(service: string): PythonParser {
    return new PythonParser(spawn("python3", [TOOL, "serve", service], { stdio: ["pipe", "pipe", "pipe"] }));
  }

  parse(job: Rec): Promise<Parsed> {
    if (this.exited) return Promise.reject(new Error(`the Python parser exited: ${this.stderr.slice(-2000)}`));
    return new Promise<Parsed>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error("the Python parser gave no answer within 30 s"));
      }, 30_000);
      this.waiting = {
        resolve: (p) => (clearTimeout(timer), resolve(p)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      this.child.stdin.write(`${JSON.stringify(job)}\n`);
    });
  }

  /** Ends the process (its stdin closed; killed if it has not gone within 5 s). */
  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill(), 5_000);
    await gone;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------
// replaying: the stand-in SDK the round trip drives

/**
 * A module the round trip takes for an SDK: a client whose send() replays the recorded
 * request (through the transport in its config) and has boto3 parse the answer, a command
 * class per operation, and an error class per modeled error.
 */
function standInSdk(svc: ServiceDescriptor, mod: ServiceModule, parser: PythonParser): SdkModule {
  const sdk: SdkModule = {};
  const prefix = svc.sdkId.replace(/\s+/g, "");
  class ServiceException extends Error {}
  sdk[`${prefix}ServiceException`] = ServiceException;
  const byCode = new Map<string, string>();
  for (const key of Object.keys(mod.errors)) {
    byCode.set(wireErrorCode(svc, mod, key), key);
    sdk[key] = class extends ServiceException {};
  }
  for (const op of Object.keys(mod.operations)) {
    sdk[`${op}Command`] = class {
      readonly operation = op;
      constructor(readonly input: Rec) {}
    };
  }
  const makeError = (e: NonNullable<Parsed["error"]>): Error => {
    const key = e.code === undefined ? undefined : byCode.get(e.code);
    const Class = (key ? sdk[key] : ServiceException) as new (m?: string) => Error;
    const err = new Class(e.message) as Error & Rec;
    Object.assign(err, fromJson(e.members) as Rec);
    err.name = key ?? String(e.code);
    err.message = e.message as string;
    err.$metadata = { httpStatusCode: e.status };
    return err;
  };
  sdk[`${prefix}Client`] = class {
    private readonly handler: { handle(req: unknown): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: unknown } }> };
    constructor(config: Rec) {
      this.handler = config.requestHandler as never;
    }
    async send(command: { operation: string; input: Rec }): Promise<Rec> {
      // the transport puts the recorded request of the current case in place of this one
      const { response } = await this.handler.handle({ protocol: "http:", hostname: "127.0.0.1", method: "GET", path: "/", query: {}, headers: {} });
      const body = (await bodyBytes(response.body)) ?? Buffer.alloc(0);
      const parsed = await parser.parse({
        operation: command.operation,
        input: toJson(command.input),
        status: response.statusCode,
        headers: response.headers,
        bodyBase64: body.toString("base64"),
      });
      if (parsed.exception !== undefined) throw Object.assign(new Error(`boto3 raised ${parsed.exception}`), { name: "PythonException" });
      if (parsed.error) throw makeError(parsed.error);
      const output = fromJson(parsed.output) as Rec;
      const stream = mod.operations[command.operation].outputEventStream;
      if (stream && output[stream] && typeof output[stream] === "object") {
        const s = output[stream] as { $events?: Rec[]; $error?: Parsed["error"] };
        output[stream] = replayEvents(s.$events ?? [], s.$error ? makeError(s.$error) : undefined);
      }
      return { ...output, $metadata: { httpStatusCode: response.statusCode } };
    }
    destroy(): void {}
  };
  return sdk;
}

/** The round-trip options of a Python client: the service's own, outputs and errors without what botocore does not model. */
async function pythonOptions(client: PythonClient, svc: ServiceDescriptor, mod: ServiceModule): Promise<RoundTripOptions> {
  const options = serviceOptions(svc.id, mod);
  const model = await botoModel(svc.id);
  const { version } = PYTHON_VERSIONS[client];
  options.label = `with ${client}@${version}`;
  const exclude: Record<string, string> = {};
  for (const op of Object.keys(mod.operations)) if (!model.operations[op]) exclude[op] = `botocore ${model.versions.botocore} has no ${op}`;
  options.exclude = exclude;
  const known = new Map(Object.entries(model.shapes).map(([k, v]) => [k, new Set(v)]));
  options.adjust = pruneUnknown(mod.shapes, known);
  if (svc.id === "s3") {
    // an answer to HEAD has no body: botocore names the error by its status ("404")
    const head = new Set(Object.values(mod.operations).filter((o) => o.http?.method === "HEAD").map((o) => o.name));
    options.statusErrorName = (op, errorKey) => (head.has(op) ? String(mod.errors[errorKey]?.info.status ?? 400) : undefined);
  }
  return options;
}

/**
 * Replays every recorded request of a Python client for one service. Cases its client
 * refused at recording are left out (their reasons are in the recording files), counted in
 * `notRecorded`; an operation without a recording file is a failure ("not recorded").
 */
export async function runPythonTier(
  client: PythonClient,
  service: string,
  recordings?: Map<string, OperationRecording>,
): Promise<TierRun & { notRecorded: number }> {
  const t = pythonTier(client, service);
  const svc = services.find((s) => s.id === service)!;
  const mod = await svc.load();
  const stored = recordings ?? loadRecordings(t.dir, service);
  const transport = Transport.replayer(t.dir, service, stored);
  const options = { ...(await pythonOptions(client, svc, mod)), transport };
  const parser = PythonParser.start(service);
  const run: TierRun & { notRecorded: number } = {
    tier: t,
    operations: Object.keys(mod.operations).sort(),
    excluded: { ...options.exclude },
    recorded: [],
    cases: [],
    notRecorded: 0,
  };
  try {
    const rt = await RoundTrip.prepare(service, standInSdk(svc, mod, parser), options);
    await rt.start();
    try {
      for (const op of rt.operations) {
        const rec = stored.get(op) as PythonRecording | undefined;
        if (!rec) {
          run.cases.push({ key: `${t.dir}/${service}/${op} [*]`, operation: op, passed: false, problems: "not recorded" });
          continue;
        }
        const r = await rt.run(op);
        const refused = rec.notRecorded ?? {};
        // an error case sends the 'required' request: it cannot run without one
        const skipped = (c: CaseOutcome) => {
          const name = /\[(.*)\]$/.exec(c.key)![1];
          return name in refused || (!("required" in rec.cases) && "required" in refused && !(name in rec.cases));
        };
        for (const c of outcomes(t, op, r.names, r.failures)) {
          if (skipped(c)) run.notRecorded++;
          else run.cases.push(c);
        }
      }
    } finally {
      await rt.stop();
    }
  } finally {
    await parser.close();
  }
  run.recorded = [...stored].filter(([, r]) => Object.keys(r.cases).length > 0).map(([op]) => op).sort();
  return run;
}

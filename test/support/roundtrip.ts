// The protocol round trip of one awsJson service through its real SDK client:
//  - input: a synthesized input ('required' and 'full') sent by the SDK must reach the
//    operation's handler unchanged;
//  - output: the synthesized output the handler returns must decode in the SDK unchanged;
//  - errors: each modeled error the handler throws must reach the SDK as the client's
//    class of that name, with its message and members.
// Only test/support/allowed-differences.ts may excuse a difference.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Emulator } from "../../runtime/emulator.ts";
import type { ErrorClass, OperationSchema, ServiceDescriptor, ServiceModule } from "../../runtime/schema.ts";
import { Validator } from "../../runtime/validate/index.ts";
import { services } from "../../generated/registry.ts";
import { type Difference, isAllowed } from "./allowed-differences.ts";
import { clientConfig, testEmulator } from "./emulator.ts";
import { type EventStreamInfo, errorValue, eventStreamOf, type OperationResult, runOperation, streamEvents, validValue } from "./cases.ts";
import { OUTPUT_FIXUPS, OVERRIDES } from "./overrides.ts";
import { type Mode, type OverrideTable, Synthesizer } from "./synth.ts";
import type { Transport } from "../conformance/recording.ts";

type Rec = Record<string, unknown>;

/** Operations the round trip cannot cover yet, per service, with the reason. Printed by every run. */
export const EXCLUSIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {};

/** the message every synthesized error carries: quotes, backslash and non-ASCII test the escaping */
export const errorMessage = (op: string, error: string) => `${error} from ${op}: "quoted", back\\slash, ünïcødé ✓`;

// ---------------------------------------------------------------------------------------
// Comparing values

function isPlainObject(v: unknown): v is Rec {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);
}

/** Every difference between `expected` and `actual`; bytes compare by content, dates by time. */
export function diff(expected: unknown, actual: unknown, path = "", out: Difference[] = []): Difference[] {
  if (Object.is(expected, actual)) return out;
  const push = () => out.push({ path, expected, actual });
  if (expected instanceof Uint8Array || actual instanceof Uint8Array) {
    if (!(expected instanceof Uint8Array && actual instanceof Uint8Array) || !Buffer.from(expected).equals(Buffer.from(actual))) push();
    return out;
  }
  if (expected instanceof Date || actual instanceof Date) {
    if (!(expected instanceof Date && actual instanceof Date) || expected.getTime() !== actual.getTime()) push();
    return out;
  }
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!(Array.isArray(expected) && Array.isArray(actual))) return push(), out;
    if (expected.length !== actual.length) return push(), out;
    for (let i = 0; i < expected.length; i++) diff(expected[i], actual[i], `${path}[${i}]`, out);
    return out;
  }
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const k of keys) {
      if (expected[k] === undefined && actual[k] === undefined) continue;
      diff(expected[k], actual[k], path ? `${path}.${k}` : k, out);
    }
    return out;
  }
  push();
  return out;
}

/** A short, readable rendering of a value for failure messages. */
export function show(v: unknown): string {
  const text = JSON.stringify(v, (_k, x) => {
    if (x instanceof Uint8Array || (x && x.type === "Buffer" && Array.isArray(x.data))) {
      return `<bytes ${Buffer.from(x instanceof Uint8Array ? x : x.data).toString("hex")}>`;
    }
    if (typeof x === "bigint") return `${x}n`;
    if (typeof x === "number" && !Number.isFinite(x)) return String(x);
    return x;
  });
  // JSON.stringify turns Dates into ISO strings already (via toJSON)
  if (text === undefined) return String(v);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function describe(diffs: readonly Difference[]): string {
  return diffs
    .slice(0, 8)
    .map((d) => `    at '${d.path || "(whole value)"}': expected ${show(d.expected)}, got ${show(d.actual)}`)
    .join("\n") + (diffs.length > 8 ? `\n    … ${diffs.length - 8} more` : "");
}

// ---------------------------------------------------------------------------------------
// The harness

interface Pending {
  /** what the handler received, once it was called */
  recorded?: Rec;
  output?: Rec;
  error?: Error;
}


// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SdkModule = Record<string, any>;

export interface RoundTripOptions {
  /** use the client's default request handler (HTTP/2 for Kinesis) instead of forcing HTTP/1.1 */
  http2?: boolean;
  /**
   * Rewrites every synthesized value of shape `key` (inputs, outputs, error members) before
   * it is used: an older client leaves out the members it does not know (query-known.ts).
   */
  adjust?: (key: string, value: Record<string, unknown>) => Record<string, unknown>;
  /** the client speaks the Query protocol although the service's first protocol is another */
  query?: boolean;
  /**
   * For a modeled error the client package has no class for (an older client): the name
   * its generic service exception must carry (the error's wire code).
   */
  unknownErrorName?: (errorKey: string) => string;
  /**
   * The message of an error as the client reports it, where that is not err.message: the
   * Query-era SQS client models no message member, so err.message is "UnknownError" and
   * the text is in err.Error.Message (aws/aws-sdk-js#4506).
   */
  errorMessage?: (err: Record<string, unknown>) => unknown;
  /** synthesizer overrides of this run, besides the service's entries in overrides.ts */
  overrides?: OverrideTable;
  /** words for test names and the summary, e.g. "over Query with @aws-sdk/client-sqs@3.441.0" */
  label?: string;
  /** client settings besides the harness's own (S3: forcePathStyle) */
  clientConfig?: Record<string, unknown>;
  /** what the handler received, made comparable (streaming blobs read into bytes) */
  recordInput?: (op: string, input: Rec) => Promise<Rec>;
  /** what the SDK decoded, made comparable (streaming blobs read into bytes) */
  decodeOutput?: (op: string, output: Rec) => Promise<Rec>;
  /** a synthesized output made consistent with its input (GetObject: checksums of its body) */
  fixOutput?: (op: string, output: Rec, input: Rec) => void;
  /**
   * A synthesized input made consistent with itself before it is sent (S3: Content-MD5 and
   * x-amz-checksum-* digests of the body the SDK serializes, lengths of blobs, MD5s of SSE-C
   * keys). `serialize` gives the HTTP request the client makes of an input, without sending it.
   * It rewrites `input` in place, and must give the same result when run twice.
   */
  prepareInput?: (op: OperationSchema, input: Rec, serialize: (input: Rec) => Promise<SerializedRequest>) => Promise<void>;
  /**
   * The error a modeled error reaches the SDK as, when not its own class: an answer to HEAD
   * has no body, so the SDK names the error by its status (S3: a 404 NotFound, any other Unknown).
   */
  statusErrorName?: (op: string, errorKey: string) => string | undefined;
  /**
   * The conformance suite's transport (test/conformance/recording.ts): records the request
   * the client sends in each case, or sends a recorded request in its place, with the input
   * stored with it as the case's input.
   */
  transport?: Transport;
  /** operations this run leaves out, with the reason (an older client without them) */
  exclude?: Readonly<Record<string, string>>;
}

/** The endpoint recordings are made against (the Host header they carry); the transport connects to the emulator. */
export const RECORDED_ENDPOINT = "http://127.0.0.1:4566";

/** A request as the client's serializers made it (before the build step: no checksums, no signature). */
export interface SerializedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** a string (XML, JSON), bytes, a stream, or undefined when there is no body */
  body: unknown;
}

/** Thrown by the capturing middleware to stop a request before it is sent. */
class Captured extends Error {
  constructor(readonly request: SerializedRequest) {
    super("captured by the round trip before sending");
  }
}

export class RoundTrip {
  readonly operations: readonly string[];
  readonly excluded: readonly (readonly [string, string])[];
  readonly results = new Map<string, OperationResult>();
  /** Handler calls, and those made while no HTTP/2 session was open on the emulator. */
  readonly calls = { total: 0, withoutHttp2: 0 };
  private readonly synth: Synthesizer;
  private readonly validator: Validator;
  private readonly pending = new Map<string, Pending>();
  private emu?: Emulator;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private client?: any;

  private constructor(
    readonly service: ServiceDescriptor,
    readonly mod: ServiceModule,
    private readonly sdk: SdkModule,
    private readonly options: RoundTripOptions = {},
  ) {
    const exclusions = { ...EXCLUSIONS[service.id], ...options.exclude };
    const all = Object.keys(mod.operations).sort();
    this.operations = all.filter((op) => !(op in exclusions));
    this.excluded = Object.entries(exclusions);
    this.synth = new Synthesizer(mod.shapes, { ...OVERRIDES[service.id], ...options.overrides });
    // a Query client cannot send an empty nested structure
    this.synth.nonEmptyStructures = service.protocol === "awsQuery" || options.query === true;
    this.validator = new Validator(mod.shapes);
  }

  /** Loads the service's generated module; `sdk` is its @aws-sdk/client-* module. */
  static async prepare(id: string, sdk: SdkModule, options: RoundTripOptions = {}): Promise<RoundTrip> {
    const svc = services.find((s) => s.id === id);
    if (!svc) throw new Error(`no service ${id} in generated/registry.ts`);
    return new RoundTrip(svc, await svc.load(), sdk, options);
  }

  get clientName(): string {
    return `${this.service.sdkId.replace(/\s+/g, "")}Client`;
  }

  async start(): Promise<void> {
    const handlers: Record<string, (input: Rec) => Promise<unknown>> = {};
    for (const op of this.operations) {
      handlers[op] = async (input) => {
        const p = this.pending.get(op);
        if (!p) throw new Error(`${op} called with no case pending`);
        this.calls.total++;
        if (this.emu!.connections().sessions === 0) this.calls.withoutHttp2++;
        // a streaming blob arrives as a stream: compared as its bytes
        for (const [k, v] of Object.entries(input)) {
          if (v && typeof v === "object" && !(v instanceof Uint8Array) && Symbol.asyncIterator in v) {
            const parts: Uint8Array[] = [];
            for await (const c of v as AsyncIterable<Uint8Array>) parts.push(c);
            input[k] = new Uint8Array(Buffer.concat(parts));
          }
        }
        p.recorded = this.options.recordInput ? await this.options.recordInput(op, input) : input;
        if (p.error) throw p.error;
        return p.output;
      };
    }
    this.emu = await testEmulator({ services: [this.service.id], handlers: { [this.service.id]: handlers } });
    const Client = this.sdk[this.clientName];
    if (typeof Client !== "function") throw new Error(`the client package exports no ${this.clientName}`);
    const config = clientConfig(this.emu, { ...(this.options.http2 ? { requestHandler: undefined } : {}), ...this.options.clientConfig });
    const transport = this.options.transport;
    if (transport) {
      const emu = this.emu;
      config.endpoint = RECORDED_ENDPOINT;
      config.requestHandler = transport.wrap(config.requestHandler as never, () => emu.ports.edge);
    }
    this.client = new Client(config);
  }

  async stop(): Promise<void> {
    this.client?.destroy();
    await this.emu?.stop();
  }

  /** Runs every case of one operation. */
  async run(opName: string): Promise<OperationResult> {
    const op = this.mod.operations[opName];
    const stream = eventStreamOf(this.mod.shapes, op);
    const result = await runOperation(opName, op, this.synth, {
      modes: [
        ["required", ""],
        ["full", ""],
      ],
      input: (mode, _round, name) => {
        const synthesized = this.synthesize(op.input, mode, `${opName}/${name}/input`);
        const t = this.options.transport;
        if (!t?.replaying) return synthesized;
        // the synthesizer still runs, so that its state (union variants used) is the recorder's
        const stored = t.inputOf(opName, name);
        if (!stored) throw new Error(`no recording of ${opName} [${name}] for ${t.client}`);
        return stored;
      },
      success: (input, mode, _round, name) => this.success(op, input, mode, name),
      failure: (errorKey, input) => this.failure(op, errorKey, input),
      streamFailure: (info, member, input) => this.streamFailure(op, info, member, input),
    }, stream);
    this.results.set(opName, result);
    return result;
  }

  private synthesize(key: string, mode: Mode, seed: string): Rec {
    const v = validValue(this.synth, this.validator, key, mode, `${this.service.id}/${seed}`);
    return this.options.adjust ? this.options.adjust(key, v) : v;
  }


  private command(op: OperationSchema, input: Rec) {
    const Command = this.sdk[`${op.name}Command`];
    if (typeof Command !== "function") throw new Error(`the client package exports no ${op.name}Command`);
    // the SDK gets its own copy, so what it was given stays intact for the comparison
    return new Command(structuredClone(input));
  }

  /** The request the client makes of `input`, stopped at the start of the build step. */
  private async serialize(op: OperationSchema, input: Rec): Promise<SerializedRequest> {
    const command = this.command(op, input);
    command.middlewareStack.add(
      () => async (args: { request: SerializedRequest }) => {
        const { method, path, headers, body } = args.request;
        throw new Captured({ method, path, headers: { ...headers }, body });
      },
      { step: "build", priority: "high", name: "roundTripCapture" },
    );
    try {
      await this.client.send(command);
    } catch (e) {
      if (e instanceof Captured) return e.request;
      throw e;
    }
    throw new Error(`${op.name}: the capturing middleware did not run`);
  }

  private async prepare(op: OperationSchema, input: Rec, caseName: string): Promise<void> {
    // a replayed input is stored as it was sent, prepared
    if (!this.options.transport?.replaying) await this.options.prepareInput?.(op, input, (i) => this.serialize(op, i));
    if (this.options.transport) this.options.transport.current = { operation: op.name, caseName, input };
  }

  private compare(op: OperationSchema, where: "input" | "output", expected: unknown, actual: unknown): string[] {
    const diffs = diff(expected, actual).filter((d) => !isAllowed(this.service.id, op.name, where, d));
    if (diffs.length === 0) return [];
    const what = where === "input" ? "the handler received a different input" : "the SDK decoded a different output";
    return [`${what}:\n${describe(diffs)}`];
  }

  private async success(op: OperationSchema, input: Rec, mode: Mode, name: string): Promise<string[]> {
    await this.prepare(op, input, name);
    const output = this.synthesize(op.output, mode, `${op.name}/${name}/output`);
    const fixup = OUTPUT_FIXUPS[this.service.id]?.[op.name];
    if (fixup) fixup.fix(output, input);
    this.options.fixOutput?.(op.name, output, input);

    const stream = eventStreamOf(this.mod.shapes, op);
    const events = stream ? this.events(op, stream, mode, name) : [];
    if (stream) delete output[stream.member];

    const pending: Pending = { output: stream ? { ...output, [stream.member]: replayEvents(events) } : output };
    this.pending.set(op.name, pending);
    let result: Rec;
    const problems: string[] = [];
    try {
      result = await this.client.send(this.command(op, input));
      if (stream) {
        const { received, thrown } = await drain(result[stream.member]);
        if (thrown) problems.push(`the event stream threw ${(thrown as Error).name}: ${(thrown as Error).message}`);
        problems.push(...this.compare(op, "output", events, received).map((p) => `in the event stream, ${p}`));
      }
    } catch (e) {
      const err = e as Error & { $metadata?: { httpStatusCode?: number } };
      return [
        `the SDK threw ${err.name}: ${err.message} (HTTP ${err.$metadata?.httpStatusCode ?? "-"}; handler ${pending.recorded ? "was" : "was not"} called)`,
        ...(pending.recorded ? this.compare(op, "input", input, pending.recorded) : []),
      ];
    } finally {
      this.pending.delete(op.name);
    }
    if (!pending.recorded) problems.push("the handler was not called");
    else problems.push(...this.compare(op, "input", input, pending.recorded));
    const { $metadata: _m, ...raw } = result;
    const decoded = this.options.decodeOutput ? await this.options.decodeOutput(op.name, raw) : raw;
    if (stream) delete decoded[stream.member];
    problems.push(...this.compare(op, "output", output, decoded));
    return problems;
  }

  /** The events of one case: every event member of the stream, in both modes. */
  private events(op: OperationSchema, stream: EventStreamInfo, mode: Mode, name: string): Rec[] {
    return streamEvents(this.synth, stream, mode, `${op.name}/${name}`, (k, m, seed) => this.synthesize(k, m, seed));
  }

  private errorOf(op: OperationSchema, errorKey: string) {
    return errorValue(this.mod.shapes, errorKey, errorMessage(op.name, errorKey), `${op.name}/error ${errorKey}`, (k, m, seed) => this.synthesize(k, m, seed));
  }

  /** Two events, then the union's error `member` thrown by the handler's stream. */
  private async streamFailure(op: OperationSchema, stream: EventStreamInfo, member: string, input: Rec): Promise<string[]> {
    const target = stream.errors.find(([n]) => n === member)![1];
    const ErrorClass: ErrorClass | undefined = this.mod.errors[target];
    if (!ErrorClass) return [`generated/${this.service.id} has no error class for ${target}`];
    this.synth.useVariant(stream.union, member);
    await this.prepare(op, input, "required");
    const events = this.events(op, stream, "required", `stream error ${member}`);
    const { message, members } = this.errorOf(op, target);
    const output = this.synthesize(op.output, "required", `${op.name}/stream error ${member}/output`);
    delete output[stream.member];
    const pending: Pending = { output: { ...output, [stream.member]: replayEvents(events, new ErrorClass(message, members)) } };
    this.pending.set(op.name, pending);
    const problems: string[] = [];
    try {
      const result = await this.client.send(this.command(op, input));
      const { received, thrown } = await drain(result[stream.member]);
      problems.push(...this.compare(op, "output", events, received).map((p) => `before the error, ${p}`));
      if (thrown === undefined) problems.push(`the event stream ended without throwing ${target}`);
      else problems.push(...this.checkError(thrown, target, message, members));
    } catch (e) {
      problems.push(`the SDK threw ${(e as Error).name} before the stream: ${(e as Error).message}`);
    } finally {
      this.pending.delete(op.name);
    }
    if (!pending.recorded) problems.push("the handler was not called");
    return problems;
  }


  private async failure(op: OperationSchema, errorKey: string, input: Rec): Promise<string[]> {
    const ErrorClass: ErrorClass | undefined = this.mod.errors[errorKey];
    if (!ErrorClass) return [`generated/${this.service.id} has no error class for ${errorKey}`];
    await this.prepare(op, input, "required");
    const { message, members } = this.errorOf(op, errorKey);
    const pending: Pending = { error: new ErrorClass(message, members) };
    this.pending.set(op.name, pending);
    let thrown: unknown;
    try {
      await this.client.send(this.command(op, input));
    } catch (e) {
      thrown = e;
    } finally {
      this.pending.delete(op.name);
    }
    const problems: string[] = [];
    if (!pending.recorded) problems.push("the handler was not called");
    if (thrown === undefined) return [...problems, `the SDK did not throw ${errorKey}`];
    const byStatus = this.options.statusErrorName?.(op.name, errorKey);
    if (byStatus !== undefined) {
      const err = thrown as Error & { $metadata?: { httpStatusCode?: number } };
      if (err.name !== byStatus) problems.push(`err.name is ${show(err.name)}, expected ${show(byStatus)}`);
      if (err.$metadata?.httpStatusCode !== ErrorClass.info.status) problems.push(`HTTP status ${err.$metadata?.httpStatusCode}, expected ${ErrorClass.info.status}`);
      return problems;
    }
    return [...problems, ...this.checkError(thrown, errorKey, message, members)];
  }

  /** What the SDK threw must be its class of that name, with the message and members. */
  private checkError(thrown: unknown, errorKey: string, message: string, members: Rec): string[] {
    const problems: string[] = [];
    const err = thrown as Error & Rec;
    const SdkError = this.sdk[errorKey];
    let name = errorKey;
    if (this.options.unknownErrorName && !(typeof SdkError === "function" && err instanceof SdkError)) {
      // an older client without the class, or whose operation does not declare the error:
      // its generic service exception, named by the code
      name = this.options.unknownErrorName(errorKey);
      const Base = this.sdk[`${this.service.sdkId.replace(/\s+/g, "")}ServiceException`];
      if (typeof Base === "function" && !(err instanceof Base)) problems.push(`the SDK threw ${err.constructor?.name} (name ${err.name}), not its service exception`);
    } else if (typeof SdkError !== "function") problems.push(`the client package exports no class ${errorKey}`);
    else if (!(err instanceof SdkError)) problems.push(`the SDK threw ${err.constructor?.name} (name ${err.name}), not an instance of ${errorKey}`);
    if (err.name !== name) problems.push(`err.name is ${show(err.name)}, expected ${show(name)}`);
    const gotMessage = this.options.errorMessage ? this.options.errorMessage(err) : err.message;
    if (gotMessage !== message) problems.push(`the error's message is ${show(gotMessage)}, expected ${show(message)}`);
    const got: Rec = {};
    for (const k of Object.keys(members)) got[k] = err[k];
    const diffs = diff(members, got);
    if (diffs.length) problems.push(`the SDK error carries different members:\n${describe(diffs)}`);
    return problems;
  }

  /** Unions reachable from the covered operations with a variant no case used. */
  unusedVariants(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const opName of this.operations) {
      const op = this.mod.operations[opName];
      for (const key of [op.input, op.output, ...op.errors]) Object.assign(out, this.synth.unusedVariants(key));
    }
    return out;
  }

  /** Override entries of this service that no case used (a dead entry hides nothing, but misleads). */
  unusedOverrides(): string[] {
    return Object.keys({ ...OVERRIDES[this.service.id], ...this.options.overrides }).filter((k) => !this.synth.overridesUsed.has(k));
  }

  summary(): string {
    const total = Object.keys(this.mod.operations).length;
    let cases = 0;
    let passed = 0;
    for (const r of this.results.values()) {
      cases += r.cases;
      passed += r.passed;
    }
    const ex = this.excluded.length
      ? ` (${this.excluded.length} excluded: ${this.excluded.map(([op, why]) => `${op} — ${why}`).join("; ")})`
      : "";
    return `${this.service.id}: ${this.results.size} of ${total} operations covered${ex}; ${cases} cases, ${passed} passed, ${cases - passed} failed`;
  }
}

/** The events, one at a time (a fresh copy each, as a handler makes them), then `error` if given. */
export async function* replayEvents(events: readonly Rec[], error?: Error): AsyncGenerator<Rec> {
  for (const e of structuredClone(events)) yield e;
  if (error) throw error;
}

/** Reads an SDK's event stream to its end or its error. */
async function drain(stream: unknown): Promise<{ received: Rec[]; thrown?: unknown }> {
  const received: Rec[] = [];
  if (!stream || typeof (stream as AsyncIterable<Rec>)[Symbol.asyncIterator] !== "function") {
    return { received, thrown: new Error(`the output has no event stream (got ${show(stream)})`) };
  }
  try {
    for await (const e of stream as AsyncIterable<Rec>) received.push(e);
  } catch (e) {
    return { received, thrown: e };
  }
  return { received };
}

/**
 * Registers the uvu tests of one service's round trip: one per operation, then the
 * coverage check, which also pins the exact list of excluded operations.
 */
export async function roundTripSuite(
  serviceId: string,
  sdk: Record<string, unknown>,
  expectedExclusions: string[],
  options: RoundTripOptions = {},
): Promise<void> {
  const rt = await RoundTrip.prepare(serviceId, sdk, options);
  const over = options.http2 ? " over the client's default handler (HTTP/2)" : options.label ? ` ${options.label}` : "";
  test.before(async () => {
    await rt.start();
  });
  test.after(async () => {
    await rt.stop();
  });
  for (const op of rt.operations) {
    test(`${serviceId} ${op}: input, output and every modeled error round-trip through the SDK${over}`, async () => {
      const r = await rt.run(op);
      assert.ok(r.failures.length === 0, `\n${r.failures.join("\n")}`);
    });
  }
  test(`${serviceId}: every operation is covered, or excluded with its reason`, () => {
    console.log(`${rt.summary()}${options.http2 ? " (client's default handler, HTTP/2)" : options.label ? ` (${options.label})` : ""}`);
    const all = Object.keys(rt.mod.operations).sort();
    assert.equal([...rt.service.operationNames].sort(), all, "registry and generated module list the same operations");
    assert.equal(rt.excluded.map(([op]) => op), expectedExclusions, "the excluded operations");
    assert.equal([...rt.results.keys(), ...rt.excluded.map(([op]) => op)].sort(), all, "every operation ran or is excluded");
    assert.equal(rt.unusedVariants(), {}, "every union variant is used by some case");
    assert.equal(rt.unusedOverrides(), [], "every override is used");
    if (options.http2) {
      // the one client is the only peer: a call handled while no session was open came over HTTP/1.1
      assert.ok(rt.calls.total > 0);
      assert.is(rt.calls.withoutHttp2, 0, "calls that did not arrive over HTTP/2");
    }
  });
  test.run();
}

// CBOR for the tests, from an encoder independent of the runtime (cbor-x), written the way
// the Java SDKs write it, and the protocol round trip of an awsJson service over CBOR:
//  - input: a synthesized input ('required' and 'full') encoded here and POSTed raw must
//    reach the operation's handler unchanged;
//  - output: the synthesized output the handler returns must come back in CBOR that
//    decodes (cbor-x) to the same values: timestamps as tag 1 around integer epoch
//    milliseconds, blobs as byte strings;
//  - errors: each modeled error comes back in CBOR with its __type, message and members.
//
// Java facts the encoders follow (Jackson's CBORGenerator as the AWS SDKs use it): a
// timestamp is tag 1 around a long of epoch milliseconds; a long is a CBOR integer (major
// type 0/1, 8 bytes when it needs them); a blob is a byte string. Two styles:
//  - "definite": every map, array and string with its length up front;
//  - "jackson": maps and arrays of indefinite length ending in a break (as Jackson's
//    writeStartObject()/writeStartArray() write them), and long texts and byte strings in
//    chunks (indefinite length), so both of CBOR's length forms are exercised.
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { addExtension, Decoder, Encoder, Tag } from "cbor-x";
import type { Emulator } from "../../runtime/emulator.ts";
import type { ErrorClass, OperationSchema, ServiceDescriptor, ServiceModule, ShapeTable } from "../../runtime/schema.ts";
import { Validator } from "../../runtime/validate/index.ts";
import { services } from "../../generated/registry.ts";
import { testEmulator } from "./emulator.ts";
import { type EventStreamInfo, errorValue, eventStreamOf, type OperationResult, runOperation, streamEvents, validValue } from "./cases.ts";
import { type Frame, parseFrames } from "./eventstream.ts";
import { OUTPUT_FIXUPS, OVERRIDES } from "./overrides.ts";
import { EXCLUSIONS, diff, errorMessage, show } from "./roundtrip.ts";
import { type Mode, Synthesizer } from "./synth.ts";

type Rec = Record<string, unknown>;

export const CBOR = "application/x-amz-cbor-1.1";
const EVENT_STREAM = "application/vnd.amazon.eventstream";

// cbor-x turns tag 1 into a Date reading the number as SECONDS (and throws on a 64-bit
// integer); these tests need the tag as it is on the wire.
// (A decode-only extension: cbor-x takes one without Class and encode, its typings do not.)
addExtension({ tag: 1, decode: (v: unknown) => new Tag(v, 1) } as unknown as Parameters<typeof addExtension>[0]);

/** plain CBOR maps, byte strings without cbor-x's tag 64 */
const encoder = new Encoder({ useRecords: false, tagUint8Array: false });
const decoder = new Decoder({ useRecords: false, mapsAsObjects: true });

/** one data item, encoded by cbor-x */
export function cborItem(v: unknown): Buffer {
  return encoder.encode(v);
}

/** a response body, decoded by cbor-x (tag 1 stays a Tag) */
export function decodeCbor(body: Buffer): unknown {
  return decoder.decode(body);
}

export type Style = "definite" | "jackson";

function isPlain(v: unknown): v is Rec {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array) && !(v instanceof Tag);
}

/** a Java long: an integer of major type 0/1 (cbor-x would write a JS number past 2^32 as a double) */
function javaNumber(n: number): unknown {
  return Number.isInteger(n) && Math.abs(n) >= 2 ** 31 ? BigInt(n) : n;
}

/** typed values -> what cbor-x should write for them (definite lengths) */
function forCborX(v: unknown): unknown {
  if (v instanceof Date) return new Tag(BigInt(v.getTime()), 1);
  if (v instanceof Uint8Array) return Buffer.from(v);
  if (typeof v === "number") return javaNumber(v);
  if (Array.isArray(v)) return v.map(forCborX);
  if (isPlain(v)) {
    const out: Rec = {};
    for (const [k, x] of Object.entries(v)) out[k] = forCborX(x);
    return out;
  }
  return v;
}

const BREAK = Buffer.from([0xff]);
/** texts and byte strings longer than this go in chunks in the "jackson" style */
const CHUNK = 7;

function jackson(v: unknown, out: Buffer[]): void {
  if (Array.isArray(v)) {
    out.push(Buffer.from([0x9f]));
    for (const x of v) jackson(x, out);
    out.push(BREAK);
  } else if (isPlain(v)) {
    out.push(Buffer.from([0xbf]));
    for (const [k, x] of Object.entries(v)) {
      out.push(cborItem(k)); // keys: definite-length texts, as Jackson writes field names
      jackson(x, out);
    }
    out.push(BREAK);
  } else if (typeof v === "string" && [...v].length > CHUNK) {
    // chunks end on code point boundaries: each chunk is a well-formed text of its own
    const cps = [...v];
    out.push(Buffer.from([0x7f]));
    for (let i = 0; i < cps.length; i += CHUNK) out.push(cborItem(cps.slice(i, i + CHUNK).join("")));
    out.push(BREAK);
  } else if (v instanceof Uint8Array && v.length > CHUNK) {
    out.push(Buffer.from([0x5f]));
    for (let i = 0; i < v.length; i += CHUNK) out.push(cborItem(Buffer.from(v.subarray(i, i + CHUNK))));
    out.push(BREAK);
  } else {
    out.push(cborItem(forCborX(v)));
  }
}

/** A request body for `value` (typed: Dates, Uint8Arrays, numbers, ...), as a Java client writes it. */
export function cborBody(value: unknown, style: Style): Buffer {
  if (style === "definite") return cborItem(forCborX(value));
  const out: Buffer[] = [];
  jackson(value, out);
  return Buffer.concat(out);
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One POST on a connection of its own, the answer's body as bytes. */
export function post(url: string, headers: Record<string, string>, body: Buffer): Promise<RawAnswer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: u.hostname,
        port: u.port,
        method: "POST",
        path: "/",
        headers: { ...headers, "content-length": String(body.length) },
        agent: false,
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("no answer within 10 s")));
    req.on("error", reject);
    req.end(body);
  });
}

/** a CBOR POST of an awsJson operation */
export function postCbor(url: string, target: string, body: Buffer, contentType = CBOR): Promise<RawAnswer> {
  return post(url, { "content-type": contentType, "x-amz-target": target }, body);
}

/**
 * A decoded CBOR answer -> typed values of shape `key`, reading the wire forms Java expects:
 * a timestamp must be tag 1 around an integer (epoch milliseconds), a blob a byte string.
 * Anything else is left as it is, so the comparison shows it.
 */
export function fromWire(shapes: ShapeTable, key: string, v: unknown): unknown {
  const s = shapes[key];
  if (!s || v === null || v === undefined) return v;
  switch (s.type) {
    case "structure":
    case "union": {
      if (!isPlain(v)) return v;
      const out: Rec = {};
      for (const [k, x] of Object.entries(v)) {
        const m = s.members?.[k];
        out[k] = m ? fromWire(shapes, m.target, x) : x;
      }
      return out;
    }
    case "list":
      return Array.isArray(v) ? v.map((x) => fromWire(shapes, s.member!.target, x)) : v;
    case "map": {
      if (!isPlain(v)) return v;
      const out: Rec = {};
      for (const [k, x] of Object.entries(v)) out[k] = fromWire(shapes, s.value!.target, x);
      return out;
    }
    case "timestamp":
      if (v instanceof Tag && v.tag === 1 && (typeof v.value === "bigint" || Number.isInteger(v.value))) {
        return new Date(Number(v.value));
      }
      return v;
    case "blob":
      return Buffer.isBuffer(v) ? new Uint8Array(v) : v;
    case "byte":
    case "short":
    case "integer":
    case "long":
    case "intEnum":
      return typeof v === "bigint" && Number.isSafeInteger(Number(v)) ? Number(v) : v;
    case "bigInteger":
      return typeof v === "number" && Number.isInteger(v) ? BigInt(v) : v;
    default:
      return v;
  }
}

function describe(diffs: ReturnType<typeof diff>): string {
  return (
    diffs
      .slice(0, 8)
      .map((d) => `    at '${d.path || "(whole value)"}': expected ${show(d.expected)}, got ${show(d.actual)}`)
      .join("\n") + (diffs.length > 8 ? `\n    … ${diffs.length - 8} more` : "")
  );
}

// ---------------------------------------------------------------------------------------
// The harness

interface Pending {
  recorded?: Rec;
  output?: Rec;
  error?: Error;
}


export class CborRoundTrip {
  readonly operations: readonly string[];
  readonly excluded: readonly (readonly [string, string])[];
  readonly results = new Map<string, OperationResult>();
  private readonly synth: Synthesizer;
  private readonly validator: Validator;
  private readonly pending = new Map<string, Pending>();
  private emu?: Emulator;

  private constructor(
    readonly service: ServiceDescriptor,
    readonly mod: ServiceModule,
  ) {
    const exclusions = EXCLUSIONS[service.id] ?? {};
    this.operations = Object.keys(mod.operations)
      .sort()
      .filter((op) => !(op in exclusions));
    this.excluded = Object.entries(exclusions);
    this.synth = new Synthesizer(mod.shapes, OVERRIDES[service.id] ?? {});
    this.validator = new Validator(mod.shapes);
  }

  static async prepare(id: string): Promise<CborRoundTrip> {
    const svc = services.find((s) => s.id === id);
    if (!svc) throw new Error(`no service ${id} in generated/registry.ts`);
    if (svc.protocol !== "awsJson1_0" && svc.protocol !== "awsJson1_1") throw new Error(`${id} does not speak awsJson`);
    return new CborRoundTrip(svc, await svc.load());
  }

  async start(): Promise<void> {
    const handlers: Record<string, (input: Rec) => Promise<unknown>> = {};
    for (const op of this.operations) {
      handlers[op] = async (input) => {
        const p = this.pending.get(op);
        if (!p) throw new Error(`${op} called with no case pending`);
        p.recorded = input;
        if (p.error) throw p.error;
        return p.output;
      };
    }
    this.emu = await testEmulator({ services: [this.service.id], handlers: { [this.service.id]: handlers } });
  }

  async stop(): Promise<void> {
    await this.emu?.stop();
  }

  private target(op: string): string {
    return `${this.service.targetPrefix}.${op}`;
  }

  async run(opName: string): Promise<OperationResult> {
    const op = this.mod.operations[opName];
    const stream = eventStreamOf(this.mod.shapes, op);
    // 'required' in definite lengths, 'full' as Jackson writes it (indefinite lengths, chunks)
    const style = (mode: Mode): Style => (mode === "required" ? "definite" : "jackson");
    const result = await runOperation(opName, op, this.synth, {
      modes: [
        ["required", " (definite)"],
        ["full", " (jackson)"],
      ],
      input: (mode, round) => this.synthesize(op.input, mode, `${opName}/${mode}/${round}/input`),
      success: (input, mode, round) => this.success(op, input, mode, round, style(mode)),
      failure: (errorKey, input) => this.failure(op, errorKey, input),
      streamFailure: (info, member, input) => this.streamFailure(op, info, member, input),
    }, stream);
    this.results.set(opName, result);
    return result;
  }

  private synthesize(key: string, mode: Mode, seed: string): Rec {
    return validValue(this.synth, this.validator, key, mode, `${this.service.id}/cbor/${seed}`);
  }


  private async send(op: OperationSchema, input: Rec, style: Style, expectStream = false): Promise<{ answer: RawAnswer; decoded: unknown; problems: string[] }> {
    const answer = await postCbor(this.emu!.url, this.target(op.name), cborBody(input, style));
    const problems: string[] = [];
    if (expectStream && answer.status === 200) {
      if (answer.headers["content-type"] !== EVENT_STREAM) problems.push(`the answer's content type is ${show(answer.headers["content-type"])}`);
      return { answer, decoded: undefined, problems };
    }
    if (answer.headers["content-type"] !== CBOR) problems.push(`the answer's content type is ${show(answer.headers["content-type"])}`);
    let decoded: unknown;
    try {
      decoded = decodeCbor(answer.body);
    } catch (e) {
      problems.push(`cbor-x cannot decode the answer (${(e as Error).message}): ${answer.body.toString("hex").slice(0, 200)}`);
    }
    return { answer, decoded, problems };
  }

  private async success(op: OperationSchema, input: Rec, mode: Mode, round: number, style: Style): Promise<string[]> {
    const output = this.synthesize(op.output, mode, `${op.name}/${mode}/${round}/output`);
    OUTPUT_FIXUPS[this.service.id]?.[op.name]?.fix(output, input);
    const stream = eventStreamOf(this.mod.shapes, op);
    if (stream) {
      delete output[stream.member];
      const events = this.events(op, stream, mode, `${mode}/${round}`);
      return this.streamCase(op, input, output, stream, events, undefined, style);
    }

    const pending: Pending = { output };
    this.pending.set(op.name, pending);
    let sent;
    try {
      sent = await this.send(op, input, style);
    } finally {
      this.pending.delete(op.name);
    }
    const { answer, decoded, problems } = sent;
    if (!pending.recorded) problems.push("the handler was not called");
    else {
      const d = diff(input, pending.recorded);
      if (d.length) problems.push(`the handler received a different input:\n${describe(d)}`);
    }
    if (answer.status !== 200) return [...problems, `HTTP ${answer.status}: ${show(decoded)}`];
    const d = diff(output, fromWire(this.mod.shapes, op.output, decoded));
    if (d.length) problems.push(`the answer decodes to a different output:\n${describe(d)}`);
    return problems;
  }

  private async failure(op: OperationSchema, errorKey: string, input: Rec): Promise<string[]> {
    const ErrorClass: ErrorClass | undefined = this.mod.errors[errorKey];
    if (!ErrorClass) return [`generated/${this.service.id} has no error class for ${errorKey}`];
    const { messageMember, message, members } = this.errorOf(op, errorKey);
    const pending: Pending = { error: new ErrorClass(message, members) };
    this.pending.set(op.name, pending);
    let sent;
    try {
      sent = await this.send(op, input, "definite");
    } finally {
      this.pending.delete(op.name);
    }
    const { answer, decoded, problems } = sent;
    if (!pending.recorded) problems.push("the handler was not called");
    if (answer.status !== ErrorClass.info.status) problems.push(`HTTP ${answer.status}, expected ${ErrorClass.info.status}`);
    if (!isPlain(decoded)) return [...problems, `the answer is not a CBOR map: ${show(decoded)}`];
    const ns = this.service.shapeId.slice(0, this.service.shapeId.indexOf("#"));
    const type = this.service.awsQueryCompatible ? `${ns}#${errorKey}` : errorKey;
    const { __type, [messageMember]: gotMessage, ...rest } = decoded;
    if (__type !== type) problems.push(`__type is ${show(__type)}, expected ${show(type)}`);
    if (gotMessage !== message) problems.push(`${messageMember} is ${show(gotMessage)}, expected ${show(message)}`);
    const got = fromWire(this.mod.shapes, errorKey, rest);
    const d = diff(members, got);
    if (d.length) problems.push(`the error carries different members:\n${describe(d)}`);
    return problems;
  }

  private events(op: OperationSchema, stream: EventStreamInfo, mode: Mode, name: string): Rec[] {
    return streamEvents(this.synth, stream, mode, `${op.name}/${name}`, (k, m, seed) => this.synthesize(k, m, seed));
  }

  private errorOf(op: OperationSchema, errorKey: string) {
    return errorValue(this.mod.shapes, errorKey, errorMessage(op.name, errorKey), `${op.name}/error ${errorKey}`, (k, m, seed) => this.synthesize(k, m, seed));
  }

  private async streamFailure(op: OperationSchema, stream: EventStreamInfo, member: string, input: Rec): Promise<string[]> {
    const target = stream.errors.find(([n]) => n === member)![1];
    const ErrorClass: ErrorClass | undefined = this.mod.errors[target];
    if (!ErrorClass) return [`generated/${this.service.id} has no error class for ${target}`];
    this.synth.useVariant(stream.union, member);
    const output = this.synthesize(op.output, "required", `${op.name}/stream error ${member}/output`);
    delete output[stream.member];
    const events = this.events(op, stream, "required", `stream error ${member}`);
    return this.streamCase(op, input, output, stream, events, [member, target, ErrorClass], "definite");
  }

  /**
   * One event-stream answer: an initial-response frame with the other output members in
   * CBOR, a frame per event, then (when `error` is given) the exception frame of that union
   * member, checked with this file's own frame parser and cbor-x.
   */
  private async streamCase(
    op: OperationSchema,
    input: Rec,
    output: Rec,
    stream: EventStreamInfo,
    events: Rec[],
    error: readonly [string, string, ErrorClass] | undefined,
    style: Style,
  ): Promise<string[]> {
    const expectedError = error && this.errorOf(op, error[1]);
    async function* replay() {
      for (const e of structuredClone(events)) yield e;
      if (error) throw new error[2](expectedError!.message, expectedError!.members);
    }
    const pending: Pending = { output: { ...output, [stream.member]: replay() } };
    this.pending.set(op.name, pending);
    let sent;
    try {
      sent = await this.send(op, input, style, true);
    } finally {
      this.pending.delete(op.name);
    }
    const { answer, problems } = sent;
    if (!pending.recorded) problems.push("the handler was not called");
    else {
      const d = diff(input, pending.recorded);
      if (d.length) problems.push(`the handler received a different input:\n${describe(d)}`);
    }
    if (answer.status !== 200) return [...problems, `HTTP ${answer.status}: ${answer.body.toString("hex").slice(0, 200)}`];
    let frames: Frame[];
    try {
      frames = parseFrames(answer.body);
    } catch (e) {
      return [...problems, `the event stream does not parse: ${(e as Error).message}`];
    }
    const expected = 1 + events.length + (error ? 1 : 0);
    if (frames.length !== expected) problems.push(`${frames.length} frames, expected ${expected}`);
    const payload = (f: Frame, key: string, what: string): unknown => {
      if (f.headers[":content-type"] !== CBOR) problems.push(`${what}: :content-type is ${show(f.headers[":content-type"])}`);
      try {
        return fromWire(this.mod.shapes, key, decodeCbor(f.payload));
      } catch (e) {
        problems.push(`${what}: cbor-x cannot decode the payload (${(e as Error).message})`);
        return undefined;
      }
    };
    const [initial, ...rest] = frames;
    if (initial) {
      if (initial.headers[":message-type"] !== "event" || initial.headers[":event-type"] !== "initial-response") {
        problems.push(`the first frame is not the initial-response: ${show(initial.headers)}`);
      }
      const d = diff(output, payload(initial, op.output, "initial-response"));
      if (d.length) problems.push(`the initial-response decodes to a different output:\n${describe(d)}`);
    }
    events.forEach((event, i) => {
      const f = rest[i];
      if (!f) return;
      const [member] = Object.keys(event);
      const target = stream.events.find(([n]) => n === member)![1];
      if (f.headers[":message-type"] !== "event" || f.headers[":event-type"] !== member) {
        problems.push(`frame ${i + 1} is not a ${member} event: ${show(f.headers)}`);
      }
      const d = diff(event[member], payload(f, target, `event ${i + 1}`));
      if (d.length) problems.push(`event ${i + 1} decodes to a different value:\n${describe(d)}`);
    });
    if (error) {
      const f = rest[events.length];
      if (f) {
        if (f.headers[":message-type"] !== "exception" || f.headers[":exception-type"] !== error[0]) {
          problems.push(`the last frame is not a ${error[0]} exception: ${show(f.headers)}`);
        }
        if (f.headers[":content-type"] !== CBOR) problems.push(`the exception's :content-type is ${show(f.headers[":content-type"])}`);
        const doc = decodeCbor(f.payload);
        if (!isPlain(doc)) problems.push(`the exception payload is not a CBOR map: ${show(doc)}`);
        else {
          const { [expectedError!.messageMember]: gotMessage, ...members } = doc;
          if (gotMessage !== expectedError!.message) problems.push(`the exception's message is ${show(gotMessage)}, expected ${show(expectedError!.message)}`);
          const d = diff(expectedError!.members, fromWire(this.mod.shapes, error[1], members));
          if (d.length) problems.push(`the exception carries different members:\n${describe(d)}`);
        }
      }
    }
    return problems;
  }


  unusedVariants(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const opName of this.operations) {
      const op = this.mod.operations[opName];
      for (const key of [op.input, op.output, ...op.errors]) Object.assign(out, this.synth.unusedVariants(key));
    }
    return out;
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
    return `${this.service.id} (CBOR): ${this.results.size} of ${total} operations covered${ex}; ${cases} cases, ${passed} passed, ${cases - passed} failed`;
  }
}

/** Registers the uvu tests of one service's CBOR round trip, then the coverage check. */
export async function cborRoundTripSuite(serviceId: string, expectedExclusions: string[]): Promise<void> {
  const rt = await CborRoundTrip.prepare(serviceId);
  test.before(async () => {
    await rt.start();
  });
  test.after(async () => {
    await rt.stop();
  });
  for (const op of rt.operations) {
    test(`${serviceId} ${op}: input, output and every modeled error round-trip in CBOR`, async () => {
      const r = await rt.run(op);
      assert.ok(r.failures.length === 0, `\n${r.failures.join("\n")}`);
    });
  }
  test(`${serviceId} (CBOR): every operation is covered, or excluded with its reason`, () => {
    console.log(rt.summary());
    const all = Object.keys(rt.mod.operations).sort();
    assert.equal(rt.excluded.map(([op]) => op), expectedExclusions, "the excluded operations");
    assert.equal([...rt.results.keys(), ...rt.excluded.map(([op]) => op)].sort(), all, "every operation ran or is excluded");
    assert.equal(rt.unusedVariants(), {}, "every union variant is used by some case");
  });
  test.run();
}

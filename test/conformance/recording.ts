// Recordings of what an SDK really sends, and the transport that makes and replays them.
//
// One file per operation under test/conformance/recordings/<client>@<version>/<service>/:
// for each success case of the core round trip (required, full, full#2...), the input
// the client was given and the HTTP request it put on the wire (method, path with query,
// headers but the volatile ones, body). Error cases send the 'required' request again.
//
// The transport is the client's request handler, wrapped:
// - recording: it reads the request the client made (a streamed body is read whole), keeps
//   it for the current case and sends it on to the emulator;
// - replaying: it throws away the request the client made and sends the recorded one in
//   its place; the client then decodes whatever the emulator answers.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

type Rec = Record<string, unknown>;

export const RECORDINGS = join(dirname(fileURLToPath(import.meta.url)), "recordings");

/** Headers left out of recordings: they differ by machine, run or attempt, and no service reads them. */
export const VOLATILE_HEADERS: ReadonlySet<string> = new Set(["user-agent", "x-amz-user-agent", "amz-sdk-invocation-id", "amz-sdk-request"]);

/**
 * The signature of an Authorization header covers those volatile headers too, so it differs
 * by run: recordings keep the header (algorithm, credential scope, signed header names) with
 * this in place of the signature. Replays run with signature checks off.
 */
export const UNRECORDED_SIGNATURE = "0".repeat(64);
const normalizeAuthorization = (v: string) => v.replace(/Signature=[0-9a-f]{64}/, `Signature=${UNRECORDED_SIGNATURE}`);

export interface RecordedRequest {
  method: string;
  /** path and query exactly as sent */
  path: string;
  /** lower-case names, sorted */
  headers: Record<string, string>;
  /** UTF-8 text, or base64 when the bytes are not text */
  body?: string;
  bodyBase64?: string;
}

export interface RecordedCase {
  input: unknown;
  request: RecordedRequest;
}

export interface OperationRecording {
  client: string;
  service: string;
  operation: string;
  /** case name -> what was given and sent */
  cases: Record<string, RecordedCase>;
}

// ---------------------------------------------------------------------------------------
// values as JSON: bytes, dates, big integers and non-finite numbers tagged

export function toJson(v: unknown): unknown {
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString("base64") };
  if (v instanceof Date) return { $date: v.toISOString() };
  if (typeof v === "bigint") return { $bigint: v.toString() };
  if (typeof v === "number" && !Number.isFinite(v)) return { $number: String(v) };
  if (Array.isArray(v)) return v.map(toJson);
  if (v && typeof v === "object") {
    const out: Rec = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJson(x);
    return out;
  }
  return v;
}

export function fromJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromJson);
  if (v && typeof v === "object") {
    const o = v as Rec;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      if (typeof o.$bytes === "string") return new Uint8Array(Buffer.from(o.$bytes, "base64"));
      if (typeof o.$date === "string") return new Date(o.$date);
      if (typeof o.$bigint === "string") return BigInt(o.$bigint);
      if (typeof o.$number === "string") return Number(o.$number);
    }
    const out: Rec = {};
    for (const [k, x] of Object.entries(o)) out[k] = fromJson(x);
    return out;
  }
  return v;
}

// ---------------------------------------------------------------------------------------
// the wire request of a @smithy HttpRequest

interface HttpRequestLike {
  method: string;
  protocol?: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

const require = createRequire(import.meta.url);
// the query string exactly as the request handler writes it: its own copy of the builder
const { buildQueryString } = require(require.resolve("@smithy/querystring-builder", { paths: [dirname(require.resolve("@smithy/node-http-handler"))] })) as {
  buildQueryString: (q: Record<string, unknown>) => string;
};

/** A request or answer body as bytes (undefined when there is none); a stream is read whole. */
export async function bodyBytes(body: unknown): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function") {
    const parts: Buffer[] = [];
    for await (const c of body as AsyncIterable<Uint8Array | string>) parts.push(typeof c === "string" ? Buffer.from(c) : Buffer.from(c));
    return Buffer.concat(parts);
  }
  throw new Error(`a request body of a kind the recorder cannot read: ${Object.prototype.toString.call(body)}`);
}

function isText(b: Buffer): boolean {
  return !b.includes(0) && Buffer.from(b.toString("utf8"), "utf8").equals(b) && !/[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(b.toString("utf8"));
}

// ---------------------------------------------------------------------------------------
// the transport

export interface CurrentCase {
  operation: string;
  /** the success case whose request this is ('required' for error cases) */
  caseName: string;
  input: Rec;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = { handle(req: any, opts?: any): Promise<any>; destroy?(): void; [k: string]: any };

export class Transport {
  /** what the case being run is: set by the round trip before each call */
  current?: CurrentCase;
  /** recording: operation -> its recording */
  readonly recorded = new Map<string, OperationRecording>();

  private constructor(
    readonly mode: "record" | "replay",
    readonly client: string,
    readonly service: string,
    /** replaying: operation -> its recording */
    readonly recordings: Map<string, OperationRecording>,
  ) {}

  static recorder(client: string, service: string): Transport {
    return new Transport("record", client, service, new Map());
  }

  /** The recordings of one client and service, as stored. */
  static replayer(client: string, service: string, recordings = loadRecordings(client, service)): Transport {
    return new Transport("replay", client, service, recordings);
  }

  get replaying(): boolean {
    return this.mode === "replay";
  }

  /** The stored input of a case, when replaying (undefined: not recorded). */
  inputOf(operation: string, caseName: string): Rec | undefined {
    const c = this.recordings.get(operation)?.cases[caseName];
    return c ? (fromJson(c.input) as Rec) : undefined;
  }

  /** The client's request handler, wrapped; `port` is the emulator's. */
  wrap(inner: Handler, port: () => number): Handler {
    const handle = async (req: HttpRequestLike, opts?: unknown) => {
      const c = this.current;
      if (!c) throw new Error("the transport was called outside a case");
      if (this.mode === "replay") {
        const rec = this.recordings.get(c.operation)?.cases[c.caseName]?.request;
        if (!rec) throw new Error(`no recording of ${c.operation} [${c.caseName}] for ${this.client}`);
        const body = rec.bodyBase64 !== undefined ? Buffer.from(rec.bodyBase64, "base64") : rec.body !== undefined ? Buffer.from(rec.body, "utf8") : undefined;
        return inner.handle(
          { protocol: "http:", hostname: req.hostname, port: port(), method: rec.method, path: rec.path, query: {}, headers: { ...rec.headers }, body },
          opts,
        );
      }
      const body = await bodyBytes(req.body);
      const qs = buildQueryString((req.query ?? {}) as Rec);
      const headers: Record<string, string> = {};
      const received = Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), String(v)] as const);
      for (const [k, v] of received.sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        if (!VOLATILE_HEADERS.has(k)) headers[k] = k === "authorization" ? normalizeAuthorization(v) : v;
      }
      const request: RecordedRequest = { method: req.method, path: qs ? `${req.path}?${qs}` : req.path, headers };
      if (body && body.length) {
        if (isText(body)) request.body = body.toString("utf8");
        else request.bodyBase64 = body.toString("base64");
      }
      let op = this.recorded.get(c.operation);
      if (!op) {
        op = { client: this.client, service: this.service, operation: c.operation, cases: {} };
        this.recorded.set(c.operation, op);
      }
      if (!op.cases[c.caseName]) op.cases[c.caseName] = { input: toJson(c.input), request };
      const answer = await inner.handle({ ...req, port: port(), body }, opts);
      // the client would take the emulator's real Date for clock skew and sign the next
      // requests at the real time instead of the recording's fixed one
      if (answer?.response?.headers) delete answer.response.headers.date;
      return answer;
    };
    return new Proxy(inner, {
      get(target, key, receiver) {
        if (key === "handle") return handle;
        const v = Reflect.get(target, key, receiver);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
  }
}

/** operation -> recording, from recordings/<client>/<service>/ (empty when there are none). */
export function loadRecordings(client: string, service: string): Map<string, OperationRecording> {
  const dir = join(RECORDINGS, client, service);
  const out = new Map<string, OperationRecording>();
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch {
    return out;
  }
  for (const f of files) {
    const r = JSON.parse(readFileSync(join(dir, f), "utf8")) as OperationRecording;
    out.set(r.operation, r);
  }
  return out;
}

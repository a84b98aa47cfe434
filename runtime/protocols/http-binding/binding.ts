// The HTTP-binding half of the REST protocols (restJson1, restXml), protocol-neutral: which
// input member comes from a label, a query parameter, a header, prefixed headers or the
// payload, and which output member goes to the status code, a header or the payload. The
// members bound to none of these travel in the body, which a BodyFormat (JSON, XML) reads
// and writes. Plans are compiled once per operation (and per error shape).
import { ServiceError } from "../../errors.ts";
import { type EventPayloads, EVENT_STREAM_TYPE, eventStreamBody, readInputEventStream } from "../../eventstream/index.ts";
import type { MemberSchema, OperationSchema, ServiceModule, ShapeSchema } from "../../schema.ts";
import type { WireRequest, WireResponse } from "../types.ts";
import { BadValue, joinHeaderList, type Location, readScalar, splitHeaderList, writeScalar } from "./values.ts";
import { percentDecode, splitTarget, UriPattern } from "./uri.ts";

type Rec = Record<string, unknown>;

/** How a REST protocol reads and writes its bodies. */
export interface BodyFormat {
  /** Content-Type of document bodies and of structure payloads */
  readonly contentType: string;
  /** the members `names` of structure `key` from a document body (never empty) */
  readMembers(key: string, body: Buffer, names: ReadonlySet<string>, mod: ServiceModule): Rec;
  /** a structure, union or document payload (never empty) */
  readPayload(key: string, body: Buffer, mod: ServiceModule): unknown;
  /** a document body of the members `names` of `value`; undefined: no body */
  writeMembers(key: string, value: Rec, names: ReadonlySet<string>, mod: ServiceModule): string | Buffer | undefined;
  writePayload(key: string, value: unknown, mod: ServiceModule): string | Buffer;
  /** payloads of event-stream messages in this format */
  eventPayloads(mod: ServiceModule): EventPayloads;
  /** one event's structure payload */
  readEvent(key: string, payload: Uint8Array, mod: ServiceModule): Rec;
  /** the service's error for a request it cannot read (bad body, label of the wrong type, ...) */
  malformed(message: string, mod: ServiceModule): ServiceError;
}

interface Bound {
  name: string;
  member: MemberSchema;
  shape: ShapeSchema;
  /** list members: the item shape */
  item?: ShapeSchema;
}

interface Plan {
  labels: Bound[];
  query: Bound[];
  queryParams?: Bound;
  /** with the header's name in lower case, as Node gives request headers */
  headers: (Bound & { header: string })[];
  prefixHeaders: (Bound & { prefix: string })[];
  payload?: Bound;
  responseCode?: string;
  eventStream?: string;
  /** members that travel in the body document */
  body: Set<string>;
  pattern?: UriPattern;
}

function planOf(key: string, mod: ServiceModule, uri?: string): Plan {
  const shape = mod.shapes[key];
  const plan: Plan = { labels: [], query: [], headers: [], prefixHeaders: [], body: new Set() };
  if (uri) plan.pattern = new UriPattern(uri);
  for (const [name, member] of Object.entries(shape?.members ?? {})) {
    const target = mod.shapes[member.target];
    const b: Bound = { name, member, shape: target };
    if (target.type === "list") b.item = mod.shapes[target.member!.target];
    if (member.httpLabel) plan.labels.push(b);
    else if (member.httpQuery) plan.query.push(b);
    else if (member.httpQueryParams) plan.queryParams = b;
    else if (member.httpHeader) plan.headers.push({ ...b, header: member.httpHeader.toLowerCase() });
    else if (member.httpPrefixHeaders !== undefined) plan.prefixHeaders.push({ ...b, prefix: member.httpPrefixHeaders.toLowerCase() });
    else if (member.httpResponseCode) plan.responseCode = name;
    else if (member.httpPayload) {
      plan.payload = b;
      if (target.type === "union" && target.streaming) plan.eventStream = name;
    } else plan.body.add(name);
  }
  return plan;
}

async function* iterate(events: Rec[]): AsyncGenerator<Rec> {
  yield* events;
}

function headerText(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(", ") : v;
}

/** A timestamp list in http-date (whose dates contain commas) */
function httpDates(b: Bound): boolean {
  return b.item?.type === "timestamp" && (b.shape.member!.timestampFormat ?? b.item.timestampFormat ?? "http-date") === "http-date";
}

export class HttpBinding {
  private readonly inputs = new WeakMap<OperationSchema, Plan>();
  private readonly outputs = new WeakMap<OperationSchema, Plan>();
  private readonly errors = new WeakMap<ServiceModule, Map<string, Plan>>();

  constructor(private readonly format: BodyFormat) {}

  private inputPlan(op: OperationSchema, mod: ServiceModule): Plan {
    let p = this.inputs.get(op);
    if (!p) {
      p = planOf(op.input, mod, op.http?.uri);
      this.inputs.set(op, p);
    }
    return p;
  }

  private outputPlan(op: OperationSchema, mod: ServiceModule): Plan {
    let p = this.outputs.get(op);
    if (!p) {
      p = planOf(op.output, mod);
      this.outputs.set(op, p);
    }
    return p;
  }

  // -------------------------------------------------------------------------------------
  // Requests

  parse(req: WireRequest, op: OperationSchema, mod: ServiceModule): Rec {
    const plan = this.inputPlan(op, mod);
    const input: Rec = {};
    const target = splitTarget(req.url);
    const read = (b: Bound, text: string, where: Location, shape = b.shape) => {
      try {
        return readScalar(text, shape, where, b.member.timestampFormat ?? (shape === b.item ? b.shape.member!.timestampFormat : undefined));
      } catch (e) {
        if (e instanceof BadValue) throw this.format.malformed(`Invalid value for ${where} ${b.member.httpQuery ?? b.member.httpHeader ?? b.name}: ${e.message}`, mod);
        throw e;
      }
    };

    if (plan.labels.length) {
      const labels = plan.pattern?.match(target.segments) ?? {};
      for (const b of plan.labels) {
        const raw = labels[b.name];
        if (raw === undefined) continue;
        const text = percentDecode(raw);
        if (text === undefined) throw this.format.malformed(`Invalid percent-encoding in the URI label ${b.name}`, mod);
        input[b.name] = read(b, text, "label");
      }
    }

    const boundQuery = new Set<string>();
    for (const b of plan.query) {
      const key = b.member.httpQuery!;
      boundQuery.add(key);
      const values = target.query.get(key);
      if (values === undefined) continue;
      input[b.name] = b.item ? values.map((v) => read(b, v, "query", b.item)) : read(b, values[0], "query");
    }
    if (plan.queryParams) {
      const b = plan.queryParams;
      const valueShape = mod.shapes[b.shape.value!.target];
      const isList = valueShape.type === "list";
      const map: Rec = {};
      let any = false;
      for (const [k, values] of target.query) {
        if (boundQuery.has(k)) continue;
        map[k] = isList ? values : values[0];
        any = true;
      }
      if (any) input[b.name] = map;
    }

    for (const b of plan.headers) {
      const text = headerText(req.headers[b.header]);
      if (text === undefined) continue;
      input[b.name] = b.item ? splitHeaderList(text, httpDates(b)).map((v) => read(b, v, "header", b.item)) : read(b, text.trim(), "header");
    }
    for (const b of plan.prefixHeaders) {
      const map: Record<string, string> = {};
      let any = false;
      for (const [name, value] of Object.entries(req.headers)) {
        if (!name.startsWith(b.prefix) || value === undefined) continue;
        map[name.slice(b.prefix.length)] = headerText(value)!;
        any = true;
      }
      if (any) input[b.name] = map;
    }

    if (plan.eventStream) {
      const union = plan.payload!.member.target;
      let events;
      try {
        events = readInputEventStream(mod, union, req.body, (key, payload) => this.format.readEvent(key, payload, mod)).events;
      } catch (e) {
        if (e instanceof ServiceError) throw e;
        throw this.format.malformed(`Invalid event stream: ${(e as Error).message}`, mod);
      }
      input[plan.eventStream] = iterate(events);
    } else if (plan.payload) {
      const b = plan.payload;
      const body = req.body;
      if (b.shape.type === "blob") {
        if (b.shape.streaming && req.stream) input[b.name] = req.stream;
        else if (body.length > 0 || b.shape.streaming) input[b.name] = new Uint8Array(body.buffer, body.byteOffset, body.length);
      } else if (b.shape.type === "string" || b.shape.type === "enum") {
        if (body.length > 0) input[b.name] = body.toString("utf8");
      } else if (body.length > 0) {
        input[b.name] = this.format.readPayload(b.member.target, body, mod);
      }
    } else if (plan.body.size > 0 && req.body.length > 0) {
      Object.assign(input, this.format.readMembers(op.input, req.body, plan.body, mod));
    }
    return input;
  }

  // -------------------------------------------------------------------------------------
  // Answers

  private writeHeaders(plan: Plan, value: Rec, headers: Record<string, string>): void {
    for (const b of plan.headers) {
      const v = value[b.name];
      if (v === undefined || v === null) continue;
      const fmt = b.member.timestampFormat;
      const text = b.item
        ? joinHeaderList((v as unknown[]).map((x) => writeScalar(x, b.item!, "header", b.shape.member!.timestampFormat)), httpDates(b))
        : writeScalar(v, b.shape, "header", fmt);
      headers[b.header] = text;
    }
    for (const b of plan.prefixHeaders) {
      const map = value[b.name] as Record<string, unknown> | undefined;
      if (!map) continue;
      for (const [k, v] of Object.entries(map)) if (v !== undefined && v !== null) headers[`${b.prefix}${k}`.toLowerCase()] = String(v);
    }
  }

  serialize(output: unknown, op: OperationSchema, mod: ServiceModule): WireResponse {
    const plan = this.outputPlan(op, mod);
    const value = (output ?? {}) as Rec;
    const headers: Record<string, string> = {};
    this.writeHeaders(plan, value, headers);
    let status = op.http?.code ?? 200;
    if (plan.responseCode) {
      const code = value[plan.responseCode];
      if (typeof code === "number" && code >= 100 && code <= 999) status = code;
    }

    let body: WireResponse["body"] = "";
    if (plan.eventStream) {
      const events = value[plan.eventStream] as AsyncIterable<Rec> | undefined;
      body = eventStreamBody(mod, { union: plan.payload!.member.target, events }, this.format.eventPayloads(mod));
      headers["content-type"] ??= EVENT_STREAM_TYPE;
    } else if (plan.payload) {
      const b = plan.payload;
      const v = value[b.name];
      if (b.shape.type === "blob") {
        if (v instanceof Uint8Array) body = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
        else if (typeof v === "string") body = v;
        else if (v && typeof (v as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === "function") body = v as AsyncIterable<Uint8Array>;
        if (v !== undefined && v !== null) headers["content-type"] ??= b.shape.mediaType ?? "application/octet-stream";
      } else if (b.shape.type === "string" || b.shape.type === "enum") {
        if (typeof v === "string") {
          body = v;
          headers["content-type"] ??= b.shape.mediaType ?? "text/plain";
        }
      } else if (v !== undefined && v !== null) {
        body = this.format.writePayload(b.member.target, v, mod);
        headers["content-type"] ??= this.format.contentType;
      }
    } else if (plan.body.size > 0) {
      const doc = this.format.writeMembers(op.output, value, plan.body, mod);
      if (doc !== undefined) {
        body = doc;
        headers["content-type"] ??= this.format.contentType;
      }
    }
    return { status, headers, body };
  }

  /**
   * The parts of an error answer the binding decides: headers from the error shape's
   * httpHeader members, and the members left for the body.
   */
  errorParts(err: ServiceError, mod: ServiceModule | undefined): { headers: Record<string, string>; body: Rec; bodyNames: ReadonlySet<string> } {
    const headers: Record<string, string> = {};
    const shapeKey = err.info.shape;
    if (!mod || !shapeKey || !mod.shapes[shapeKey]) return { headers, body: {}, bodyNames: new Set() };
    let plans = this.errors.get(mod);
    if (!plans) this.errors.set(mod, (plans = new Map()));
    let plan = plans.get(shapeKey);
    if (!plan) {
      plan = planOf(shapeKey, mod);
      plans.set(shapeKey, plan);
    }
    this.writeHeaders(plan, err.members, headers);
    const body: Rec = {};
    for (const k of plan.body) if (err.members[k] !== undefined) body[k] = err.members[k];
    return { headers, body, bodyNames: plan.body };
  }
}

// Event streams (application/vnd.amazon.eventstream), protocol-independent.
//
// An operation whose output has a member targeting a @streaming union answers with a body
// of binary event-stream messages instead of one document. The handler returns that
// member as an AsyncIterable of union values ({ SubscribeToShardEvent: {...} }); this file
// turns them into messages (framing and CRCs are @smithy/core's EventStreamCodec):
//  - "initial-response" first, when the protocol carries the output's other members in the
//    stream (awsJson) rather than in HTTP headers (the REST protocols);
//  - one "event" message per union value, its :event-type the member name; members with
//    @eventHeader become typed message headers, an @eventPayload member is the whole payload
//    (blob: application/octet-stream, string: text/plain, structure: the protocol's format),
//    otherwise the remaining members are encoded as a structure in the protocol's format;
//  - a union value naming an error member, or a ServiceError thrown by the iterator whose
//    shape is one of the union's members, becomes an "exception" message (:exception-type),
//    after which the stream ends; any other error becomes an "error" message
//    (:error-code, :error-message), as AWS ends a stream on an unmodeled failure.
//
// Requests with an input event stream (an @streaming union in the input) arrive as the
// same messages: decodeMessages() splits a body into them, and a damaged frame (a prelude
// or message CRC that does not match, a length past the end) is the caller's
// SerializationException.
import { EventStreamCodec, Int64, type Message, type MessageHeaders, type MessageHeaderValue } from "@smithy/core/event-streams";
import { CommonErrors, ServiceError } from "../errors.ts";
import type { ServiceModule, ShapeSchema } from "../schema.ts";

export const EVENT_STREAM_TYPE = "application/vnd.amazon.eventstream";

type Rec = Record<string, unknown>;

const toUtf8 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("utf8");
const fromUtf8 = (s: string): Uint8Array => Buffer.from(s, "utf8");
const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** How a protocol writes the payload of a message in its own body format. */
export interface EventPayloads {
  /** the :content-type of structure payloads */
  contentType: string;
  /** a structure (or union) value of shape `key` */
  encode(key: string, value: Rec): Uint8Array;
  /** the document of a modeled error: its message and members */
  encodeError(err: ServiceError): Uint8Array;
}

export interface OutputEventStream {
  /** the payload of the "initial-response" event; none is sent when undefined */
  initial?: Uint8Array;
  /** shape key of the @streaming union */
  union: string;
  /** what the handler returned for the stream member (nothing: an empty stream) */
  events: AsyncIterable<Rec> | undefined;
}

const str = (value: string): MessageHeaderValue => ({ type: "string", value });

export function encodeMessage(headers: MessageHeaders, body: Uint8Array): Uint8Array {
  return codec.encode({ headers, body });
}

/** The message of an error that ends a stream without being one of its union's members. */
export function errorMessage(code: string, message: string): Uint8Array {
  return encodeMessage({ ":message-type": str("error"), ":error-code": str(code), ":error-message": str(message) }, new Uint8Array(0));
}

/** A message header of the member's type (@eventHeader). */
function headerValue(shape: ShapeSchema, v: unknown): MessageHeaderValue | undefined {
  switch (shape.type) {
    case "boolean":
      return { type: "boolean", value: Boolean(v) };
    case "byte":
      return { type: "byte", value: Number(v) };
    case "short":
      return { type: "short", value: Number(v) };
    case "integer":
    case "intEnum":
      return { type: "integer", value: Number(v) };
    case "long":
      return { type: "long", value: Int64.fromNumber(Number(v)) };
    case "blob":
      return { type: "binary", value: v instanceof Uint8Array ? v : fromUtf8(String(v)) };
    case "timestamp":
      return { type: "timestamp", value: v instanceof Date ? v : new Date(Number(v)) };
    case "string":
    case "enum":
      return str(String(v));
    default:
      return undefined;
  }
}

export class EventStreamWriter {
  private readonly unionShape: ShapeSchema;

  constructor(
    private readonly mod: ServiceModule,
    private readonly union: string,
    private readonly payloads: EventPayloads,
  ) {
    const s = mod.shapes[union];
    if (!s || s.type !== "union") throw new Error(`${union} is not a union in the shape table`);
    this.unionShape = s;
  }

  initialResponse(payload: Uint8Array): Uint8Array {
    return encodeMessage(
      { ":message-type": str("event"), ":event-type": str("initial-response"), ":content-type": str(this.payloads.contentType) },
      payload,
    );
  }

  /** The message of one union value, and whether it ends the stream (an exception). */
  message(value: Rec): { bytes: Uint8Array; last: boolean } {
    const name = Object.keys(value).find((k) => value[k] !== undefined && value[k] !== null);
    const member = name !== undefined ? this.unionShape.members?.[name] : undefined;
    if (!name || !member) {
      throw new Error(`the event ${JSON.stringify(Object.keys(value))} is not a member of ${this.union}`);
    }
    const target = this.mod.shapes[member.target];
    const data = value[name] as Rec;
    if (target.error) {
      return { bytes: this.exception(name, this.payloads.encode(member.target, data)), last: true };
    }
    const headers: MessageHeaders = { ":message-type": str("event"), ":event-type": str(name) };
    let body: Uint8Array = new Uint8Array(0);
    let contentType: string | undefined = this.payloads.contentType;
    const rest: Rec = {};
    let bound = false;
    for (const [m, ms] of Object.entries(target.members ?? {})) {
      const v = data[m];
      if (ms.eventHeader) {
        bound = true;
        const h = v === undefined || v === null ? undefined : headerValue(this.mod.shapes[ms.target], v);
        if (h) headers[m] = h;
      } else if (ms.eventPayload) {
        bound = true;
        const t = this.mod.shapes[ms.target];
        if (t.type === "blob") {
          contentType = "application/octet-stream";
          body = v instanceof Uint8Array ? v : new Uint8Array(0);
        } else if (t.type === "string" || t.type === "enum") {
          contentType = "text/plain";
          body = fromUtf8(typeof v === "string" ? v : "");
        } else {
          body = this.payloads.encode(ms.target, (v ?? {}) as Rec);
        }
      } else if (v !== undefined) {
        rest[m] = v;
      }
    }
    if (!bound) body = this.payloads.encode(member.target, rest);
    else if (Object.keys(rest).length > 0) body = this.payloads.encode(member.target, rest);
    if (contentType) headers[":content-type"] = str(contentType);
    return { bytes: encodeMessage(headers, body), last: false };
  }

  /** The message of an error thrown while streaming: an exception when the union models it. */
  failure(err: ServiceError): Uint8Array {
    const modeled = err.info.shape !== undefined && this.unionMemberOf(err.info.shape);
    if (modeled) return this.exception(modeled, this.payloads.encodeError(err));
    return errorMessage(err.info.code, err.message);
  }

  private unionMemberOf(shapeKey: string): string | undefined {
    for (const [name, m] of Object.entries(this.unionShape.members ?? {})) if (m.target === shapeKey) return name;
    return undefined;
  }

  private exception(name: string, payload: Uint8Array): Uint8Array {
    return encodeMessage(
      { ":message-type": str("exception"), ":exception-type": str(name), ":content-type": str(this.payloads.contentType) },
      payload,
    );
  }
}

/**
 * The body of an event-stream answer. Errors from `events` end it with an exception or an
 * error message; closing the body early (the client went away) closes `events` too.
 */
export async function* eventStreamBody(mod: ServiceModule, stream: OutputEventStream, payloads: EventPayloads): AsyncGenerator<Uint8Array> {
  const writer = new EventStreamWriter(mod, stream.union, payloads);
  if (stream.initial) yield writer.initialResponse(stream.initial);
  if (!stream.events) return;
  const it = stream.events[Symbol.asyncIterator]();
  let finished = false;
  try {
    while (true) {
      let next: IteratorResult<Rec>;
      try {
        next = await it.next();
      } catch (err) {
        finished = true;
        yield writer.failure(err instanceof ServiceError ? err : CommonErrors.internalFailure());
        return;
      }
      if (next.done) {
        finished = true;
        return;
      }
      let msg: { bytes: Uint8Array; last: boolean };
      try {
        msg = writer.message(next.value);
      } catch (err) {
        yield writer.failure(CommonErrors.internalFailure((err as Error).message));
        return;
      }
      yield msg.bytes;
      if (msg.last) return;
    }
  } finally {
    // the handler's iterator learns that nobody reads any more (its finally blocks run)
    if (!finished) void Promise.resolve(it.return?.()).catch(() => {});
  }
}

/** Splits a body into its messages; throws on a damaged or truncated frame. */
export function decodeMessages(body: Uint8Array): Message[] {
  const out: Message[] = [];
  let offset = 0;
  while (offset < body.length) {
    if (body.length - offset < 16) throw new Error("truncated event-stream message");
    const view = new DataView(body.buffer, body.byteOffset + offset, body.length - offset);
    const total = view.getUint32(0, false);
    if (total < 16 || total > body.length - offset) throw new Error("event-stream message length past the end of the body");
    out.push(codec.decode(body.subarray(offset, offset + total)));
    offset += total;
  }
  return out;
}

/** A header's value as the member's type wants it (an Int64 becomes a number). */
function fromHeader(h: MessageHeaderValue): unknown {
  if (h.type === "long") return Number(h.value.toString());
  return h.value;
}

export interface InputEventStream {
  /** the payload of the "initial-request" event (the input's other members), if one came */
  initial?: Uint8Array;
  /** the union values of the events, in order */
  events: Rec[];
}

/**
 * The events of a request body. `decode(key, payload)` reads a structure payload in the
 * protocol's format. Events signed one by one (SigV4 event signing: an outer message with
 * :date and :chunk-signature around the real message, and an empty one at the end) are
 * unwrapped. Throws a plain Error on a damaged frame, an exception or error message, or an
 * event the union does not have; the caller answers it in the protocol's terms.
 */
export function readInputEventStream(
  mod: ServiceModule,
  union: string,
  body: Uint8Array,
  decode: (key: string, payload: Uint8Array) => Rec,
): InputEventStream {
  const unionShape = mod.shapes[union];
  const out: InputEventStream = { events: [] };
  const messages: Message[] = [];
  for (const m of decodeMessages(body)) {
    if (m.headers[":chunk-signature"]) {
      if (m.body.length > 0) messages.push(...decodeMessages(m.body));
    } else messages.push(m);
  }
  messages.forEach((m, i) => {
    const type = m.headers[":message-type"]?.value;
    if (type !== "event") throw new Error(`message ${i + 1} has :message-type ${JSON.stringify(type ?? null)}, not "event"`);
    const name = String(m.headers[":event-type"]?.value ?? "");
    if (name === "initial-request") {
      if (i !== 0) throw new Error(`message ${i + 1} is an initial-request after the first message`);
      out.initial = m.body;
      return;
    }
    const member = unionShape.members?.[name];
    const target = member && mod.shapes[member.target];
    if (!member || !target || target.error) throw new Error(`message ${i + 1} has the unknown :event-type ${JSON.stringify(name)}`);
    const value: Rec = {};
    let bound = false;
    const rest: string[] = [];
    for (const [mName, ms] of Object.entries(target.members ?? {})) {
      if (ms.eventHeader) {
        bound = true;
        const h = m.headers[mName];
        if (h) value[mName] = fromHeader(h);
      } else if (ms.eventPayload) {
        bound = true;
        const t = mod.shapes[ms.target];
        if (t.type === "blob") value[mName] = m.body;
        else if (t.type === "string" || t.type === "enum") value[mName] = toUtf8(m.body);
        else if (m.body.length > 0) value[mName] = decode(ms.target, m.body);
      } else rest.push(mName);
    }
    if ((!bound || rest.length > 0) && m.body.length > 0) {
      const decoded = decode(member.target, m.body);
      for (const k of rest.length ? rest : Object.keys(decoded)) if (decoded[k] !== undefined) value[k] = decoded[k];
    }
    out.events.push({ [name]: value });
  });
  return out;
}

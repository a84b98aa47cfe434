// Event streams of the awsJson protocols.
//
// Answers: the output's other members travel as the
// "initial-response" event, each event's payload and each exception's document in the
// body format of the request (JSON, or CBOR for CBOR requests).
import { CommonErrors, ServiceError } from "../../errors.ts";
import { EVENT_STREAM_TYPE, eventStreamBody, readInputEventStream } from "../../eventstream/index.ts";
import type { OperationSchema, ServiceModule } from "../../schema.ts";
import type { WireRequest, WireResponse } from "../types.ts";
import type { ShapeCodec } from "./codec.ts";
import { errorDocument } from "./error.ts";

type Rec = Record<string, unknown>;

export function eventStreamAnswer(
  output: unknown,
  op: OperationSchema,
  mod: ServiceModule,
  codec: ShapeCodec,
  contentType: string,
  toBytes: (doc: unknown) => Uint8Array,
): WireResponse {
  const member = op.outputEventStream!;
  const { [member]: events, ...rest } = (output ?? {}) as Rec;
  const union = mod.shapes[op.output].members![member].target;
  const body = eventStreamBody(
    mod,
    { initial: toBytes(codec.encode(op.output, rest)), union, events: events as AsyncIterable<Rec> | undefined },
    {
      contentType,
      encode: (key, value) => toBytes(codec.encode(key, value)),
      encodeError: (err: ServiceError) => toBytes(errorDocument(err, mod, codec)),
    },
  );
  return { status: 200, headers: { "content-type": EVENT_STREAM_TYPE }, body };
}

function jsonDocument(payload: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("utf8"));
  } catch {
    throw CommonErrors.serialization();
  }
}

async function* iterate(events: Rec[]): AsyncGenerator<Rec> {
  yield* events;
}

/**
 * The input of a request whose body is an event stream (Content-Type
 * application/vnd.amazon.eventstream): the initial-request's members, and the stream
 * member as an AsyncIterable of the events. The body has been read whole before the
 * handler runs, so every frame is checked first: any damage is a SerializationException.
 * Payloads are JSON (no client sends CBOR event streams to an awsJson service).
 */
export function eventStreamInput(req: WireRequest, op: OperationSchema, mod: ServiceModule, codec: ShapeCodec): Rec {
  const member = op.inputEventStream!;
  const union = mod.shapes[op.input].members![member].target;
  let read;
  try {
    read = readInputEventStream(mod, union, req.body, (key, payload) => codec.decode(key, jsonDocument(payload)));
  } catch (e) {
    if (e instanceof ServiceError) throw e;
    throw CommonErrors.serialization(`Invalid event stream: ${(e as Error).message}`);
  }
  const input = read.initial && read.initial.length > 0 ? codec.decode(op.input, jsonDocument(read.initial)) : {};
  input[member] = iterate(read.events);
  return input;
}

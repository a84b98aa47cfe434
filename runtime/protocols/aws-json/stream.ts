// Event-stream answers of the awsJson protocols: the output's other members travel as the
// "initial-response" event, each event's payload and each exception's document in the
// body format of the request (JSON, or CBOR for CBOR requests).
import type { ServiceError } from "../../errors.ts";
import { EVENT_STREAM_TYPE, eventStreamBody } from "../../eventstream/index.ts";
import type { OperationSchema, ServiceModule } from "../../schema.ts";
import type { WireResponse } from "../types.ts";
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

// awsJson1_0 / awsJson1_1: POST /, X-Amz-Target "<ServiceShape>.<Operation>", JSON bodies,
// errors as {"__type": ...}. A service marked awsQueryCompatible also gets the
// x-amzn-query-error header on errors.
//
// The same services also take CBOR bodies (Content-Type application/x-amz-cbor-1.1), which
// no model declares but the Java SDK and the KCL send by default: forRequest() hands such a
// request to the CBOR variant (cbor.ts, loaded on the first CBOR request so that start-up
// does not pay for it), which answers in CBOR, errors included.
import type { ServiceError } from "../../errors.ts";
import { CommonErrors } from "../../errors.ts";
import { type OperationSchema, perModule, type Protocol, type ServiceDescriptor, type ServiceModule } from "../../schema.ts";
import type { ProtocolCodec, WireRequest, WireResponse } from "../types.ts";
import { JsonCodec, JsonTextWriter } from "./codec.ts";
import { errorParts } from "./error.ts";
import { EVENT_STREAM_TYPE } from "../../eventstream/index.ts";
import { eventStreamAnswer, eventStreamInput } from "./stream.ts";

const JSON_TYPES = new Set(["application/x-amz-json-1.0", "application/x-amz-json-1.1", "application/json"]);
export const CBOR_TYPE = "application/x-amz-cbor-1.1";

export function mediaType(headers: WireRequest["headers"]): string {
  const ct = headers["content-type"];
  if (ct === undefined) return "";
  // SDKs send the media type alone and in lower case: that needs no new string
  if (JSON_TYPES.has(ct) || ct === CBOR_TYPE) return ct;
  return ct.split(";")[0].trim().toLowerCase();
}

export const jsonCodecFor = perModule((mod) => new JsonCodec(mod.shapes));
const jsonWriterFor = perModule((mod) => new JsonTextWriter(mod.shapes, jsonCodecFor(mod)));

/** The CBOR variant, once cbor.ts is loaded (one per process: it has no state of its own). */
let cborVariant: ProtocolCodec | undefined;
let cborLoading: Promise<ProtocolCodec> | undefined;
function loadCbor(): Promise<ProtocolCodec> {
  cborLoading ??= import("./cbor.ts").then(
    (m) => (cborVariant = new m.AwsCborProtocol()),
    (err) => {
      cborLoading = undefined; // a later request tries again
      throw err;
    },
  );
  return cborLoading;
}

export class AwsJsonProtocol implements ProtocolCodec {
  readonly contentType: string;
  constructor(protocol: Protocol) {
    this.contentType = protocol === "awsJson1_0" ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
  }

  accepts(req: WireRequest): WireResponse | undefined {
    // Coral answers a body in any other media type as an unknown operation, in XML.
    if (req.body.length > 0) {
      const type = mediaType(req.headers);
      if (!JSON_TYPES.has(type) && type !== CBOR_TYPE && type !== EVENT_STREAM_TYPE) {
        return { status: 404, headers: { "content-type": "application/xml" }, body: "<UnknownOperationException/>\n" };
      }
    }
    return undefined;
  }

  forRequest(req: WireRequest): ProtocolCodec | Promise<ProtocolCodec> | undefined {
    if (mediaType(req.headers) !== CBOR_TYPE) return undefined;
    return cborVariant ?? loadCbor();
  }

  checkBody(req: WireRequest): void {
    if (req.body.length > 0 && mediaType(req.headers) !== EVENT_STREAM_TYPE) this.document(req);
  }

  parse(req: WireRequest, op: OperationSchema, mod: ServiceModule): Record<string, unknown> {
    // an input event stream: an initial-request and the events (stream.ts)
    if (mediaType(req.headers) === EVENT_STREAM_TYPE) {
      if (!op.inputEventStream) throw CommonErrors.serialization();
      return eventStreamInput(req, op, mod, jsonCodecFor(mod));
    }
    if (req.body.length === 0) throw CommonErrors.serialization();
    return jsonCodecFor(mod).decode(op.input, this.document(req));
  }

  private document(req: WireRequest): Record<string, unknown> {
    let doc: unknown;
    try {
      doc = JSON.parse(req.body.toString("utf8"));
    } catch {
      throw CommonErrors.serialization();
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
      if (Array.isArray(doc)) throw CommonErrors.serialization("Start of list found where not expected");
      throw CommonErrors.serialization();
    }
    return doc as Record<string, unknown>;
  }

  serialize(output: unknown, op: OperationSchema, mod: ServiceModule): WireResponse {
    if (op.outputEventStream) {
      return eventStreamAnswer(output, op, mod, jsonCodecFor(mod), this.contentType, (doc) => Buffer.from(JSON.stringify(doc), "utf8"));
    }
    const body = jsonWriterFor(mod).write(op.output, output);
    return { status: 200, headers: { "content-type": this.contentType }, body };
  }

  serializeError(err: ServiceError, svc: ServiceDescriptor, mod: ServiceModule | undefined): WireResponse {
    const { status, headers, doc } = errorParts(err, svc, mod, mod && jsonCodecFor(mod));
    return { status, headers: { "content-type": this.contentType, ...headers }, body: JSON.stringify(doc) };
  }
}

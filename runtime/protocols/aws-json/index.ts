// awsJson1_0 / awsJson1_1: POST /, X-Amz-Target "<ServiceShape>.<Operation>", JSON bodies,
// errors as {"__type": ...}. A service marked awsQueryCompatible also gets the
// x-amzn-query-error header on errors.
import type { ServiceError } from "../../errors.ts";
import { CommonErrors } from "../../errors.ts";
import type { OperationSchema, Protocol, ServiceDescriptor, ServiceModule } from "../../schema.ts";
import type { ProtocolCodec, WireRequest, WireResponse } from "../types.ts";
import { JsonCodec } from "./codec.ts";

const JSON_TYPES = new Set(["application/x-amz-json-1.0", "application/x-amz-json-1.1", "application/json"]);

export function mediaType(headers: WireRequest["headers"]): string {
  const ct = headers["content-type"];
  return (ct ?? "").split(";")[0].trim().toLowerCase();
}

const codecs = new WeakMap<ServiceModule, JsonCodec>();
export function jsonCodecFor(mod: ServiceModule): JsonCodec {
  let c = codecs.get(mod);
  if (!c) {
    c = new JsonCodec(mod.shapes);
    codecs.set(mod, c);
  }
  return c;
}

/** The member of an error shape that carries the message ("message" or "Message"). */
function messageKeyOf(err: ServiceError, mod: ServiceModule | undefined): string {
  const members = err.info.shape ? mod?.shapes[err.info.shape]?.members : undefined;
  if (members) {
    for (const k of Object.keys(members)) if (k.toLowerCase() === "message") return k;
  }
  return err.info.messageKey ?? "message";
}

export class AwsJsonProtocol implements ProtocolCodec {
  readonly contentType: string;
  constructor(protocol: Protocol) {
    this.contentType = protocol === "awsJson1_0" ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
  }

  accepts(req: WireRequest): WireResponse | undefined {
    // Coral answers a body in any other media type as an unknown operation, in XML.
    if (req.body.length > 0 && !JSON_TYPES.has(mediaType(req.headers))) {
      return { status: 404, headers: { "content-type": "application/xml" }, body: "<UnknownOperationException/>\n" };
    }
    return undefined;
  }

  checkBody(req: WireRequest): void {
    if (req.body.length > 0) this.document(req);
  }

  parse(req: WireRequest, op: OperationSchema, mod: ServiceModule): Record<string, unknown> {
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
    const body = JSON.stringify(jsonCodecFor(mod).encode(op.output, output ?? {}));
    return { status: 200, headers: { "content-type": this.contentType }, body };
  }

  serializeError(err: ServiceError, svc: ServiceDescriptor, mod: ServiceModule | undefined): WireResponse {
    const info = err.info;
    let doc: Record<string, unknown> = {};
    if (info.shape && mod?.shapes[info.shape]) {
      doc = jsonCodecFor(mod).encode(info.shape, err.members) as Record<string, unknown>;
    }
    const type = svc.awsQueryCompatible ? `${svc.shapeId.slice(0, svc.shapeId.indexOf("#"))}#${info.code}` : info.code;
    const body: Record<string, unknown> = { __type: type };
    if (err.message) body[messageKeyOf(err, mod)] = err.message;
    Object.assign(body, doc);
    const headers: Record<string, string> = { "content-type": this.contentType };
    if (svc.awsQueryCompatible) {
      headers["x-amzn-query-error"] = `${info.queryCode ?? info.code};${info.fault === "client" ? "Sender" : "Receiver"}`;
    }
    return { status: info.status, headers, body: JSON.stringify(body) };
  }
}

// The parts of an awsJson error answer that do not depend on the body format: status,
// headers, and the document with `__type`, the message and the modeled members.
import type { ServiceError } from "../../errors.ts";
import type { ServiceDescriptor, ServiceModule } from "../../schema.ts";
import type { ShapeCodec } from "./codec.ts";

/** The member of an error shape that carries the message ("message" or "Message"). */
function messageKeyOf(err: ServiceError, mod: ServiceModule | undefined): string {
  const members = err.info.shape ? mod?.shapes[err.info.shape]?.members : undefined;
  if (members) {
    for (const k of Object.keys(members)) if (k.toLowerCase() === "message") return k;
  }
  return err.info.messageKey ?? "message";
}

export interface ErrorParts {
  status: number;
  /** every header but the content type */
  headers: Record<string, string>;
  doc: Record<string, unknown>;
}

/**
 * `codec` encodes the modeled members (undefined when the service module did not load).
 * A service marked awsQueryCompatible gets a qualified `__type` and the x-amzn-query-error header.
 */
/** The message and modeled members of an error, without its type (an exception event's payload). */
export function errorDocument(err: ServiceError, mod: ServiceModule | undefined, codec: ShapeCodec | undefined): Record<string, unknown> {
  const info = err.info;
  let members: Record<string, unknown> = {};
  if (codec && info.shape && mod?.shapes[info.shape]) {
    members = codec.encode(info.shape, err.members) as Record<string, unknown>;
  }
  const doc: Record<string, unknown> = {};
  if (err.message) doc[messageKeyOf(err, mod)] = err.message;
  return Object.assign(doc, members);
}

export function errorParts(err: ServiceError, svc: ServiceDescriptor, mod: ServiceModule | undefined, codec: ShapeCodec | undefined): ErrorParts {
  const info = err.info;
  const type = svc.awsQueryCompatible ? `${svc.shapeId.slice(0, svc.shapeId.indexOf("#"))}#${info.code}` : info.code;
  const doc: Record<string, unknown> = { __type: type, ...errorDocument(err, mod, codec) };
  const headers: Record<string, string> = {};
  if (svc.awsQueryCompatible) {
    headers["x-amzn-query-error"] = `${info.queryCode ?? info.code};${info.fault === "client" ? "Sender" : "Receiver"}`;
  }
  return { status: info.status, headers, doc };
}

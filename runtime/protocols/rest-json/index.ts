// restJson1: HTTP bindings (../http-binding) around JSON bodies.
//
// Requests: labels, query parameters, headers and payloads by the binding; the members
// bound to none of them are a JSON document (unknown members ignored, an empty body is no
// members). A body that is not JSON, or a label, query parameter or header of the wrong
// type, is the service's own error for unreadable requests: the modeled
// InvalidRequestContentException or SerializationException when the service has one
// (Lambda answers "Could not parse request body into json: ..." with a 400
// InvalidRequestContentException), else a SerializationException.
//
// Answers: the operation's status code (or the httpResponseCode member), bound headers,
// the payload or the JSON document of the other members; an output event stream is the
// body, with the output's other members in headers (no initial-response in REST protocols).
// Errors: the error's status (httpError), `x-amzn-ErrorType: <code>` (which the JS SDK and
// botocore read first) and a JSON body with the message and the members not bound to headers.
import { CommonErrors, ServiceError } from "../../errors.ts";
import type { EventPayloads } from "../../eventstream/index.ts";
import { type OperationSchema, perModule, type ServiceDescriptor, type ServiceModule } from "../../schema.ts";
import { type BodyFormat, HttpBinding } from "../http-binding/index.ts";
import type { ProtocolCodec, WireRequest, WireResponse } from "../types.ts";
import { RestJsonCodec } from "./codec.ts";

type Rec = Record<string, unknown>;

const JSON_TYPE = "application/json";
export const codecFor = perModule((mod) => new RestJsonCodec(mod.shapes));

/** The error shapes services of this family model for an unreadable request, in order of preference. */
const MALFORMED_ERRORS = ["InvalidRequestContentException", "SerializationException"];

export function malformedError(message: string, mod: ServiceModule | undefined): ServiceError {
  for (const name of MALFORMED_ERRORS) {
    const E = mod?.errors[name];
    if (E) return new E(message) as ServiceError;
  }
  return CommonErrors.serialization(message);
}

/** The member of an error shape that carries the message ("message" or "Message"). */
function messageKeyOf(err: ServiceError, mod: ServiceModule | undefined): string {
  const members = err.info.shape ? mod?.shapes[err.info.shape]?.members : undefined;
  if (members) for (const k of Object.keys(members)) if (k.toLowerCase() === "message") return k;
  return err.info.messageKey ?? "message";
}

function parseDocument(bytes: Uint8Array, mod: ServiceModule): unknown {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw malformedError(`Could not parse request body into json: ${(e as Error).message}`, mod);
  }
}

/** Decoding errors of the shared JSON codec (SerializationException) as the service's own. */
function decodeWith<T>(mod: ServiceModule, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof ServiceError && e.info.code === "SerializationException") throw malformedError(e.message, mod);
    throw e;
  }
}

function errorDocument(err: ServiceError, mod: ServiceModule | undefined, members: Rec): Rec {
  const doc: Rec = {};
  if (err.message) doc[messageKeyOf(err, mod)] = err.message;
  if (mod && err.info.shape && mod.shapes[err.info.shape]) Object.assign(doc, codecFor(mod).encode(err.info.shape, members) as Rec);
  return doc;
}

class JsonBodies implements BodyFormat {
  readonly contentType = JSON_TYPE;

  readMembers(key: string, body: Buffer, names: ReadonlySet<string>, mod: ServiceModule): Rec {
    const doc = parseDocument(body, mod);
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
      throw malformedError("Could not parse request body into json: the body is not a JSON object", mod);
    }
    const all = decodeWith(mod, () => codecFor(mod).decode(key, doc));
    const out: Rec = {};
    for (const k in all) if (names.has(k)) out[k] = all[k];
    return out;
  }

  readPayload(key: string, body: Buffer, mod: ServiceModule): unknown {
    const doc = parseDocument(body, mod);
    if (mod.shapes[key].type === "document") return doc;
    return decodeWith(mod, () => codecFor(mod).decode(key, doc));
  }

  writeMembers(key: string, value: Rec, names: ReadonlySet<string>, mod: ServiceModule): string {
    const picked: Rec = {};
    for (const k of names) if (value[k] !== undefined && value[k] !== null) picked[k] = value[k];
    return JSON.stringify(codecFor(mod).encode(key, picked));
  }

  writePayload(key: string, value: unknown, mod: ServiceModule): string {
    if (mod.shapes[key].type === "document") return JSON.stringify(value);
    return JSON.stringify(codecFor(mod).encode(key, value));
  }

  eventPayloads(mod: ServiceModule): EventPayloads {
    return payloadsFor(mod);
  }

  readEvent(key: string, payload: Uint8Array, mod: ServiceModule): Rec {
    const doc = parseDocument(payload, mod);
    return decodeWith(mod, () => codecFor(mod).decode(key, doc));
  }

  malformed(message: string, mod: ServiceModule): ServiceError {
    return malformedError(message, mod);
  }
}

const payloadsFor = perModule(
  (mod): EventPayloads => ({
    contentType: JSON_TYPE,
    encode: (key, value) => Buffer.from(JSON.stringify(codecFor(mod).encode(key, value)), "utf8"),
    encodeError: (err) => {
      const { body } = binding.errorParts(err, mod);
      return Buffer.from(JSON.stringify(errorDocument(err, mod, body)), "utf8");
    },
  }),
);

const binding = new HttpBinding(new JsonBodies());

export class RestJsonProtocol implements ProtocolCodec {
  parse(req: WireRequest, op: OperationSchema, mod: ServiceModule): Rec {
    return binding.parse(req, op, mod);
  }

  serialize(output: unknown, op: OperationSchema, mod: ServiceModule): WireResponse {
    return binding.serialize(output, op, mod);
  }

  serializeError(err: ServiceError, _svc: ServiceDescriptor, mod: ServiceModule | undefined): WireResponse {
    const { headers, body } = binding.errorParts(err, mod);
    headers["content-type"] = JSON_TYPE;
    headers["x-amzn-errortype"] = err.info.code;
    return { status: err.info.status, headers, body: JSON.stringify(errorDocument(err, mod, body)) };
  }
}

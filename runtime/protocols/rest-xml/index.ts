// restXml: HTTP bindings (../http-binding) around XML bodies (./xml.ts), with the
// customisations a model asks for by its own traits:
//   - aws.protocols#restXml noErrorWrapping (descriptor.noErrorWrapping): an error body is
//     <Error><Code/><Message/>members<RequestId/><HostId/></Error>; without it,
//     <ErrorResponse><Error><Type/><Code/><Message/>..</Error><RequestId/></ErrorResponse>;
//   - aws.customizations#s3UnwrappedXmlOutput (op.unwrappedXmlOutput): the output's one body
//     member is the document's root element itself (<LocationConstraint>..</LocationConstraint>);
//   - xmlName, xmlAttribute (xsi:type), xmlNamespace, xmlFlattened, per the schema.
// The root element of every document carries the shape's xmlNamespace, else the service's.
// Every answer carries x-amz-request-id and x-amz-id-2; an error to a HEAD request has no
// body (clients read the status alone: 404 NotFound, 403 Forbidden, ...).
// Request bodies: aws-chunked decoded and checked (x-amz-checksum-*, Content-MD5,
// x-amz-content-sha256) by ./body.ts; a streaming blob payload reaches the handler as an
// UploadStream. A body that is not XML is MalformedXML; a label, query parameter or header
// of the wrong type is InvalidArgument.
import * as crypto from "node:crypto";
import { createHash } from "node:crypto";
import type { ServiceError } from "../../errors.ts";
import type { EventPayloads } from "../../eventstream/index.ts";
import { type OperationSchema, perModule, type ServiceDescriptor, type ServiceModule } from "../../schema.ts";
import { type BodyFormat, HttpBinding } from "../http-binding/index.ts";
import { isStreamBody, type ProtocolCodec, type WireRequest, type WireResponse } from "../types.ts";
import { prepareBody, XmlErrors } from "./body.ts";
import { applyRange } from "./range.ts";
import { escapeXml, namespaceAttribute, parseDocument, XmlCodec, XmlError } from "./xml.ts";

export { XmlErrors } from "./body.ts";
export type { UploadStream } from "./body.ts";

type Rec = Record<string, unknown>;

const XML_TYPE = "application/xml";
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export const xmlCodecFor = perModule((mod) => new XmlCodec(mod.shapes));

/** Output shapes of operations with unwrappedXmlOutput. */
const unwrappedOutputs = perModule((mod) => new Set(Object.values(mod.operations).filter((o) => o.unwrappedXmlOutput).map((o) => o.output)));

function readXml<T>(body: Uint8Array, read: (node: Parameters<XmlCodec["decode"]>[1]) => T): T {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  try {
    return read(parseDocument(text).node);
  } catch (e) {
    if (e instanceof XmlError) throw XmlErrors.malformedXml();
    throw e;
  }
}

class XmlBodies implements BodyFormat {
  readonly contentType = XML_TYPE;
  constructor(private readonly svc: ServiceDescriptor) {}

  private rootAttrs(key: string, mod: ServiceModule): string {
    const ns = mod.shapes[key]?.xmlNamespace ?? (this.svc.xmlNamespace ? { uri: this.svc.xmlNamespace } : undefined);
    return namespaceAttribute(ns);
  }

  readMembers(key: string, body: Buffer, names: ReadonlySet<string>, mod: ServiceModule): Rec {
    const all = readXml(body, (node) => xmlCodecFor(mod).decode(key, node) as Rec);
    const out: Rec = {};
    for (const k in all) if (names.has(k)) out[k] = all[k];
    return out;
  }

  readPayload(key: string, body: Buffer, mod: ServiceModule): unknown {
    return readXml(body, (node) => xmlCodecFor(mod).decode(key, node));
  }

  writeMembers(key: string, value: Rec, names: ReadonlySet<string>, mod: ServiceModule): string | undefined {
    const codec = xmlCodecFor(mod);
    const shape = mod.shapes[key];
    if (unwrappedOutputs(mod).has(key)) {
      // the one body member is the root element
      for (const name of names) {
        const m = shape.members![name];
        const v = value[name];
        const out = [DECLARATION];
        if (v === undefined || v === null) out.push(`<${m.xmlName ?? name}${this.rootAttrs(key, mod)}/>`);
        else codec.encode(m.target, v, m.xmlName ?? name, this.rootAttrs(key, mod), out);
        return out.join("");
      }
      return undefined;
    }
    const picked: Rec = {};
    for (const k of names) if (value[k] !== undefined && value[k] !== null) picked[k] = value[k];
    const out = [DECLARATION];
    codec.encode(key, picked, codec.rootName(key), this.rootAttrs(key, mod), out);
    return out.join("");
  }

  writePayload(key: string, value: unknown, mod: ServiceModule): string {
    const codec = xmlCodecFor(mod);
    const out = [DECLARATION];
    codec.encode(key, value, codec.rootName(key), this.rootAttrs(key, mod), out);
    return out.join("");
  }

  eventPayloads(mod: ServiceModule): EventPayloads {
    return payloadsFor(mod);
  }

  readEvent(key: string, payload: Uint8Array, mod: ServiceModule): Rec {
    return readXml(payload, (node) => xmlCodecFor(mod).decode(key, node) as Rec);
  }

  malformed(message: string): ServiceError {
    return message.startsWith("Invalid value") || message.startsWith("Invalid percent") ? XmlErrors.invalidArgument(message) : XmlErrors.malformedXml();
  }
}

const payloadsFor = perModule(
  (mod): EventPayloads => ({
    contentType: "text/xml",
    encode: (key, value) => {
      const codec = xmlCodecFor(mod);
      const out: string[] = [];
      codec.encode(key, value, codec.rootName(key), "", out);
      return Buffer.from(out.join(""), "utf8");
    },
    encodeError: (err) => Buffer.from(`<Error><Code>${escapeXml(err.info.code)}</Code><Message>${escapeXml(err.message)}</Message></Error>`, "utf8"),
  }),
);

/** x-amz-id-2: an opaque host id, derived from the request id. */
const hostId: (requestId: string) => string =
  // crypto.hash (one call, no Hash object) is in Node.js 20.12 and later
  typeof crypto.hash === "function" ? (id) => crypto.hash("sha256", id, "base64") : (id) => createHash("sha256").update(id).digest("base64");

function requestIdHeaders(headers: Record<string, string>, requestId: string | undefined): void {
  if (!requestId) return;
  headers["x-amz-request-id"] = requestId;
  headers["x-amz-id-2"] = hostId(requestId);
}

/** The input members bound to each header (lower case), per operation. */
const headerMembers = new WeakMap<OperationSchema, Map<string, string>>();
function headerMembersOf(op: OperationSchema, mod: ServiceModule): Map<string, string> {
  let m = headerMembers.get(op);
  if (!m) {
    m = new Map();
    for (const [name, member] of Object.entries(mod.shapes[op.input]?.members ?? {})) if (member.httpHeader) m.set(member.httpHeader.toLowerCase(), name);
    headerMembers.set(op, m);
  }
  return m;
}

export class RestXmlProtocol implements ProtocolCodec {
  private readonly binding: HttpBinding;
  /** the same protocol for HEAD requests, whose errors have no body */
  private readonly head: ProtocolCodec;

  constructor(private readonly svc: ServiceDescriptor) {
    this.binding = new HttpBinding(new XmlBodies(svc));
    this.head = {
      parse: (req, op, mod) => this.parse(req, op, mod),
      serialize: (output, op, mod, requestId) => this.serialize(output, op, mod, requestId, undefined, true),
      serializeError: (err, svc, mod, requestId) => {
        const r = this.serializeError(err, svc, mod, requestId);
        delete r.headers["content-type"];
        return { ...r, body: "" };
      },
    };
  }

  forRequest(req: WireRequest): ProtocolCodec | undefined {
    if (req.method === "HEAD") return this.head;
    if (req.headers.range === undefined) return undefined;
    // a Range request: the answer may be cut to the range (./range.ts)
    return {
      parse: (r, op, mod) => this.parse(r, op, mod),
      serialize: (output, op, mod, requestId) => this.serialize(output, op, mod, requestId, req),
      serializeError: (err, svc, mod, requestId) => this.serializeError(err, svc, mod, requestId),
    };
  }

  parse(req: WireRequest, op: OperationSchema, mod: ServiceModule): Rec {
    let input: Rec | undefined;
    const members = headerMembersOf(op, mod);
    // trailers of a streamed body arrive after the handler has its input: they fill in the
    // members bound to the same headers (x-amz-checksum-crc32 -> ChecksumCRC32) then
    const setTrailers = (trailers: Record<string, string>) => {
      for (const [name, value] of Object.entries(trailers)) {
        const member = members.get(name);
        if (member && input) input[member] = value;
      }
    };
    const checksummed = op.httpChecksum !== undefined && ("requestAlgorithmMember" in op.httpChecksum || op.httpChecksum.requestChecksumRequired === true);
    const prepared = prepareBody(req.headers, req.body, req.stream, checksummed, setTrailers, req.chunkObserver);
    input = this.binding.parse(prepared.body === req.body && prepared.stream === req.stream ? req : { ...req, body: prepared.body, stream: prepared.stream }, op, mod);
    if (prepared.chunked) {
      // the framing is not the object's: Content-Encoding without aws-chunked, the decoded length
      const enc = members.get("content-encoding");
      if (enc && typeof input[enc] === "string") {
        const rest = (input[enc] as string)
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s && s.toLowerCase() !== "aws-chunked");
        if (rest.length) input[enc] = rest.join(",");
        else delete input[enc];
      }
      const len = members.get("content-length");
      if (len && prepared.chunked.decodedLength !== undefined) input[len] = prepared.chunked.decodedLength;
      if (!prepared.stream) setTrailers(prepared.chunked.trailers);
    }
    return input;
  }

  serialize(output: unknown, op: OperationSchema, mod: ServiceModule, requestId?: string, req?: WireRequest, head = false): WireResponse {
    let r = this.binding.serialize(output, op, mod);
    if (req) r = applyRange(r, req, op, mod);
    // the server states the length of a body it is given whole (HEAD: the handler's length stands)
    if (!head && !isStreamBody(r.body)) delete r.headers["content-length"];
    requestIdHeaders(r.headers, requestId);
    return r;
  }

  serializeError(err: ServiceError, svc: ServiceDescriptor, mod: ServiceModule | undefined, requestId?: string): WireResponse {
    const { headers, body } = this.binding.errorParts(err, mod);
    headers["content-type"] = XML_TYPE;
    requestIdHeaders(headers, requestId);
    const out = [DECLARATION];
    const wrapped = !svc.noErrorWrapping;
    if (wrapped) out.push(`<ErrorResponse${namespaceAttribute(svc.xmlNamespace ? { uri: svc.xmlNamespace } : undefined)}>`);
    out.push("<Error>");
    if (wrapped) out.push(`<Type>${err.info.fault === "server" ? "Receiver" : "Sender"}</Type>`);
    out.push(`<Code>${escapeXml(err.info.code)}</Code>`);
    if (err.message) out.push(`<Message>${escapeXml(err.message)}</Message>`);
    if (mod && err.info.shape && mod.shapes[err.info.shape]) {
      const members: Rec = {};
      for (const [k, v] of Object.entries(body)) if (k.toLowerCase() !== "message") members[k] = v;
      xmlCodecFor(mod).structureWriter(err.info.shape).content(members, out);
    } else {
      // an error without a modeled shape (S3's SignatureDoesNotMatch, RequestTimeTooSkewed,
      // ...): its details as plain elements
      for (const [k, v] of Object.entries(err.members)) {
        if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out.push(`<${k}>${escapeXml(String(v))}</${k}>`);
      }
    }
    if (!wrapped) {
      if (requestId) out.push(`<RequestId>${escapeXml(requestId)}</RequestId><HostId>${escapeXml(hostId(requestId))}</HostId>`);
      out.push("</Error>");
    } else {
      out.push("</Error>");
      if (requestId) out.push(`<RequestId>${escapeXml(requestId)}</RequestId>`);
      out.push("</ErrorResponse>");
    }
    return { status: err.info.status, headers, body: out.join("") };
  }
}

const protocols = new WeakMap<ServiceDescriptor, RestXmlProtocol>();
export function restXmlProtocolFor(svc: ServiceDescriptor): RestXmlProtocol {
  let p = protocols.get(svc);
  if (!p) {
    p = new RestXmlProtocol(svc);
    protocols.set(svc, p);
  }
  return p;
}

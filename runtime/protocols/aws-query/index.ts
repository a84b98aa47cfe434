// awsQuery: form-encoded requests (Action, Version and the input as flat parameters),
// XML answers <XResponse><XResult>..</XResult><ResponseMetadata/></XResponse>, errors as
// <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
// with the awsQueryError codes and statuses. Also serves the Query side of a service marked
// awsQueryCompatible (SQS), whose old clients speak Query although the model declares JSON.
// One instance per service: the answers carry the service's XML namespace.
import type { ServiceError } from "../../errors.ts";
import { type OperationSchema, perModule, type ServiceDescriptor, type ServiceModule } from "../../schema.ts";
import type { ProtocolCodec, WireRequest, WireResponse } from "../types.ts";
import { QueryDecoder, paramTree } from "./decode.ts";
import { QueryErrors, queryErrorOf } from "./errors.ts";
import { queryFormOf, type QueryForm } from "./form.ts";
import { escapeXml, XmlEncoder } from "./xml.ts";

export { queryFormOf } from "./form.ts";

const CONTENT_TYPE = "text/xml";
const decoderFor = perModule((mod) => new QueryDecoder(mod.shapes));
const encoderFor = perModule((mod) => new XmlEncoder(mod.shapes));

/** The service takes Query requests: its protocol is awsQuery, or it is marked awsQueryCompatible. */
export function speaksQuery(svc: ServiceDescriptor): boolean {
  return svc.protocols.includes("awsQuery") || svc.awsQueryCompatible === true;
}

const instances = new WeakMap<ServiceDescriptor, AwsQueryProtocol>();
export function awsQueryProtocolFor(svc: ServiceDescriptor): AwsQueryProtocol {
  let p = instances.get(svc);
  if (!p) instances.set(svc, (p = new AwsQueryProtocol(svc)));
  return p;
}

export class AwsQueryProtocol implements ProtocolCodec {
  private readonly xmlns: string;
  constructor(readonly svc: ServiceDescriptor) {
    this.xmlns = svc.xmlNamespace ? ` xmlns="${escapeXml(svc.xmlNamespace)}"` : "";
  }

  private form(req: WireRequest): QueryForm {
    const form = queryFormOf(req);
    if (!form) throw QueryErrors.malformedQueryString("The request is not form-encoded (application/x-www-form-urlencoded).");
    if (form.malformed !== undefined) throw QueryErrors.malformedQueryString(`The parameter ${JSON.stringify(form.malformed)} is not correctly percent-encoded UTF-8.`);
    return form;
  }

  /** For a request whose operation is not known: what is wrong with its form or its Action. */
  checkBody(req: WireRequest): void {
    const form = this.form(req);
    if (!form.action) throw QueryErrors.missingAction();
    throw QueryErrors.invalidAction(form.action, form.version);
  }

  parse(req: WireRequest, op: OperationSchema, mod: ServiceModule): Record<string, unknown> {
    const form = this.form(req);
    return decoderFor(mod).decode(op.input, paramTree(form.params));
  }

  serialize(output: unknown, op: OperationSchema, mod: ServiceModule, requestId = ""): WireResponse {
    const out: string[] = [`<${op.name}Response${this.xmlns}>`];
    if (op.output !== "smithy.api#Unit") {
      out.push(`<${op.name}Result>`);
      encoderFor(mod).members(op.output, output ?? {}, out);
      out.push(`</${op.name}Result>`);
    }
    out.push(`<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${op.name}Response>`);
    return { status: 200, headers: { "content-type": CONTENT_TYPE }, body: out.join("") };
  }

  serializeError(err: ServiceError, _svc: ServiceDescriptor, mod: ServiceModule | undefined, requestId = ""): WireResponse {
    const { code, status, type } = queryErrorOf(err);
    const out: string[] = [`<ErrorResponse${this.xmlns}><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code>`];
    if (err.message) out.push(`<Message>${escapeXml(err.message)}</Message>`);
    const shape = err.info.shape;
    if (mod && shape && mod.shapes[shape]) {
      // the modeled members other than the message, next to it
      const members: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(err.members)) if (k.toLowerCase() !== "message") members[k] = v;
      encoderFor(mod).members(shape, members, out);
    }
    out.push(`</Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`);
    return { status, headers: { "content-type": CONTENT_TYPE }, body: out.join("") };
  }
}

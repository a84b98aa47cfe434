// The data codegen writes into generated/<service>/schema.ts and operations.ts, and the
// service descriptors of generated/registry.ts. The runtime compiles codecs and
// validators from it on first use; nothing here names a service.

export type ShapeType =
  | "structure"
  | "union"
  | "list"
  | "map"
  | "string"
  | "enum"
  | "intEnum"
  | "blob"
  | "boolean"
  | "byte"
  | "short"
  | "integer"
  | "long"
  | "float"
  | "double"
  | "bigInteger"
  | "bigDecimal"
  | "timestamp"
  | "document";

export type TimestampFormat = "epoch-seconds" | "date-time" | "http-date";

/** Constraint traits, on a shape or on a member (a member's own win). */
export interface Constraints {
  /** smithy.api#length: code points for strings, entries for lists/maps, bytes for blobs. */
  length?: { min?: number; max?: number };
  /** smithy.api#range */
  range?: { min?: number; max?: number };
  /** smithy.api#pattern exactly as the model writes it (printed in messages). */
  pattern?: string;
  /** A JavaScript rewrite of a Java-only pattern, added by a model patch (emu.api#jsPattern). */
  jsPattern?: string;
}

export interface XmlNamespace {
  uri: string;
  prefix?: string;
}

export interface MemberSchema extends Constraints {
  /** Key of the target shape in the service's shape table. */
  target: string;
  required?: true;
  default?: unknown;
  idempotencyToken?: true;
  timestampFormat?: TimestampFormat;
  jsonName?: string;
  xmlName?: string;
  xmlAttribute?: true;
  xmlFlattened?: true;
  xmlNamespace?: XmlNamespace;
  httpHeader?: string;
  httpQuery?: string;
  httpLabel?: true;
  httpPayload?: true;
  httpPrefixHeaders?: string;
  httpQueryParams?: true;
  httpResponseCode?: true;
  hostLabel?: true;
  eventHeader?: true;
  eventPayload?: true;
  awsQueryName?: string;
}

export interface ShapeSchema extends Constraints {
  type: ShapeType;
  /** structure and union members, in model order */
  members?: Record<string, MemberSchema>;
  /** list member */
  member?: MemberSchema;
  /** map key and value */
  key?: MemberSchema;
  value?: MemberSchema;
  /** enum / intEnum values, in model order */
  values?: readonly (string | number)[];
  sparse?: true;
  streaming?: true;
  timestampFormat?: TimestampFormat;
  mediaType?: string;
  sensitive?: true;
  xmlName?: string;
  xmlNamespace?: XmlNamespace;
  /** structures with smithy.api#error */
  error?: "client" | "server";
  httpError?: number;
  awsQueryError?: { code: string; httpResponseCode: number };
  retryable?: true;
}

export type ShapeTable = Readonly<Record<string, ShapeSchema>>;

/**
 * One operation's HTTP route, in the descriptor of a REST service (restJson1, restXml) so
 * that requests are routed before the service's module loads.
 */
export interface HttpRoute {
  operation: string;
  method: string;
  /** the model's URI pattern, labels and literal query included */
  uri: string;
  /** query parameters the input requires (httpQuery members marked required) */
  query?: readonly string[];
  /** the input's payload is a streaming blob: its body is handed over as a stream, unread */
  streaming?: true;
  /** headers the input requires, lower case (httpHeader members marked required) */
  headers?: readonly string[];
  /**
   * Only on routes that nothing above tells apart from another of the service once x-id is
   * left out: the query parameters the input may bind besides the required ones.
   */
  optionalQuery?: readonly string[];
}

export interface HttpBinding {
  method: string;
  uri: string;
  code: number;
}

export interface OperationSchema {
  name: string;
  /** shape table key of the input structure ("smithy.api#Unit" when none) */
  input: string;
  output: string;
  errors: readonly string[];
  http?: HttpBinding;
  idempotent?: true;
  readonly?: true;
  hostPrefix?: string;
  unsignedPayload?: true;
  /** aws.customizations#s3UnwrappedXmlOutput: the output's body element is the member itself */
  unwrappedXmlOutput?: true;
  /** aws.protocols#httpChecksum as written in the model */
  httpChecksum?: Record<string, unknown>;
  /** member of the input / output bound to an event stream, when there is one */
  inputEventStream?: string;
  outputEventStream?: string;
}

export type Protocol = "awsJson1_0" | "awsJson1_1" | "restJson1" | "restXml" | "awsQuery" | "ec2Query" | "rpcv2Cbor";

/** What generated/<service>/index.ts exports as `service`. */
export interface ServiceModule {
  shapes: ShapeTable;
  operations: Readonly<Record<string, OperationSchema>>;
  /** error shape name -> generated error class */
  errors: Readonly<Record<string, ErrorClass>>;
}

/** Lightweight, always-loaded description of a service (generated/registry.ts). */
export interface ServiceDescriptor {
  /** lower-case, dash-separated sdkId: "kinesis", "dynamodb-streams" */
  id: string;
  sdkId: string;
  shapeId: string;
  version: string;
  /** the protocol this emulator speaks first for the service */
  protocol: Protocol;
  /** every protocol trait on the service */
  protocols: readonly Protocol[];
  /** X-Amz-Target prefix for awsJson services: the service shape's name */
  targetPrefix: string;
  signingName: string;
  endpointPrefix: string;
  awsQueryCompatible?: true;
  xmlNamespace?: string;
  /** aws.protocols#restXml noErrorWrapping: error bodies are <Error> without <ErrorResponse> */
  noErrorWrapping?: true;
  operationNames: readonly string[];
  /** REST services: every operation's HTTP route */
  httpRoutes?: readonly HttpRoute[];
  load(): Promise<ServiceModule>;
}

export interface ErrorInfo {
  /** the error code on the wire (the shape name) */
  code: string;
  status: number;
  fault: "client" | "server";
  /** key in the service's shape table, for modeled errors */
  shape?: string;
  /** aws.protocols#awsQueryError */
  queryCode?: string;
  queryStatus?: number;
  /** the JSON key of the message when no modeled member names it ("message" by default) */
  messageKey?: string;
}

export interface ErrorClass {
  readonly info: ErrorInfo;
  // members are typed per class; the runtime only constructs errors it was handed
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  new (message?: string, members?: any): Error;
}

/**
 * One `T` per service module, made on first use (codecs, validators). The last module asked
 * for is answered without a map lookup: requests come in runs of one service.
 */
export function perModule<T>(make: (mod: ServiceModule) => T): (mod: ServiceModule) => T {
  const made = new WeakMap<ServiceModule, T>();
  let lastModule: ServiceModule | undefined;
  let last: T | undefined;
  return (mod) => {
    if (mod === lastModule) return last!;
    let v = made.get(mod);
    if (v === undefined) {
      v = make(mod);
      made.set(mod, v);
    }
    lastModule = mod;
    last = v;
    return v;
  };
}

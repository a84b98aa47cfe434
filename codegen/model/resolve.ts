// Resolves a loaded model into what the emitters need: one ServiceIR per service shape,
// with its operations (resources walked), the closure of shapes they reach turned into
// runtime schema entries, and the names the TypeScript emitters use.
import type {
  Constraints,
  MemberSchema,
  OperationSchema,
  Protocol,
  ShapeSchema,
  ShapeType,
  TimestampFormat,
  XmlNamespace,
} from "../../runtime/schema.ts";
import type { AstMember, AstShape, AstTraits, LoadedModel } from "./load.ts";

export const UNIT = "smithy.api#Unit";

const PROTOCOL_TRAITS: Record<string, Protocol> = {
  "aws.protocols#awsJson1_0": "awsJson1_0",
  "aws.protocols#awsJson1_1": "awsJson1_1",
  "aws.protocols#restJson1": "restJson1",
  "aws.protocols#restXml": "restXml",
  "aws.protocols#awsQuery": "awsQuery",
  "aws.protocols#ec2Query": "ec2Query",
  "smithy.protocols#rpcv2Cbor": "rpcv2Cbor",
};

const SIMPLE_TYPES = new Set<string>([
  "string",
  "blob",
  "boolean",
  "byte",
  "short",
  "integer",
  "long",
  "float",
  "double",
  "bigInteger",
  "bigDecimal",
  "timestamp",
  "document",
]);

/** Smithy's prelude shapes a model may target without defining them. */
const PRELUDE: Record<string, AstShape> = Object.fromEntries(
  [
    ["String", "string"], ["Blob", "blob"], ["Boolean", "boolean"], ["Byte", "byte"], ["Short", "short"],
    ["Integer", "integer"], ["Long", "long"], ["Float", "float"], ["Double", "double"],
    ["BigInteger", "bigInteger"], ["BigDecimal", "bigDecimal"], ["Timestamp", "timestamp"], ["Document", "document"],
    ["PrimitiveBoolean", "boolean"], ["PrimitiveByte", "byte"], ["PrimitiveShort", "short"],
    ["PrimitiveInteger", "integer"], ["PrimitiveLong", "long"], ["PrimitiveFloat", "float"], ["PrimitiveDouble", "double"],
  ].map(([name, type]) => [`smithy.api#${name}`, { type }]),
);

export interface ServiceIR {
  id: string;
  sdkId: string;
  shapeId: string;
  /** local name of the service shape: the awsJson X-Amz-Target prefix */
  name: string;
  /** PascalCase name for generated identifiers, from the sdkId */
  typeName: string;
  version: string;
  protocols: Protocol[];
  protocol: Protocol;
  signingName: string;
  endpointPrefix: string;
  awsQueryCompatible: boolean;
  xmlNamespace?: string;
  noErrorWrapping: boolean;
  operations: OperationSchema[];
  /** shape table key -> schema, sorted by key */
  shapes: Map<string, ShapeSchema>;
  /** keys of error structures, sorted */
  errors: string[];
  /** model file it came from */
  file: string;
}

function shapeLocal(id: string): string {
  return id.slice(id.indexOf("#") + 1);
}

export function serviceIdFromSdkId(sdkId: string): string {
  return sdkId.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function typeNameFromSdkId(sdkId: string): string {
  return sdkId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
}

export function resolveServices(model: LoadedModel): ServiceIR[] {
  const shapes = model.ast.shapes;
  const out: ServiceIR[] = [];
  for (const [id, shape] of Object.entries(shapes).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (shape.type !== "service") continue;
    out.push(resolveService(model, id, shape));
  }
  return out;
}

function resolveService(model: LoadedModel, serviceId: string, service: AstShape): ServiceIR {
  const all: Record<string, AstShape> = { ...PRELUDE, ...model.ast.shapes };
  const traits = service.traits ?? {};
  const api = (traits["aws.api#service"] ?? {}) as { sdkId?: string; endpointPrefix?: string };
  const sigv4 = traits["aws.auth#sigv4"] as { name?: string } | undefined;
  const sdkId = api.sdkId ?? shapeLocal(serviceId);
  const protocols = Object.keys(traits)
    .filter((t) => t in PROTOCOL_TRAITS)
    .map((t) => PROTOCOL_TRAITS[t])
    .sort();
  if (protocols.length === 0) throw new Error(`${model.file}: service ${serviceId} declares no supported protocol`);
  // Prefer the protocol order SDKs prefer: rpcv2Cbor, then JSON, then the XML/query family.
  const preference: Protocol[] = ["awsJson1_0", "awsJson1_1", "restJson1", "restXml", "awsQuery", "ec2Query", "rpcv2Cbor"];
  const protocol = preference.find((p) => protocols.includes(p))!;

  // Operation ids, from the service and its resources (recursively).
  const opIds = new Set<string>();
  const seenResources = new Set<string>();
  const addOps = (refs: { target: string }[] | undefined) => refs?.forEach((r) => opIds.add(r.target));
  const walkResource = (id: string) => {
    if (seenResources.has(id)) return;
    seenResources.add(id);
    const r = all[id];
    if (!r) throw new Error(`${model.file}: resource ${id} not found`);
    for (const k of ["create", "put", "read", "update", "delete", "list"] as const) {
      const ref = r[k];
      if (ref) opIds.add(ref.target);
    }
    addOps(r.operations);
    addOps(r.collectionOperations);
    r.resources?.forEach((c) => walkResource(c.target));
  };
  addOps(service.operations);
  service.resources?.forEach((r) => walkResource(r.target));

  const commonErrors = (service.errors ?? []).map((e) => e.target);

  // Shape keys: the local name, unless two shapes of the closure share it.
  const closure = new Set<string>();
  const visit = (id: string) => {
    if (id === UNIT || closure.has(id)) return;
    const s = all[id];
    if (!s) throw new Error(`${model.file}: shape ${id} not found`);
    closure.add(id);
    for (const m of Object.values(s.members ?? {})) visit(m.target);
    if (s.member) visit(s.member.target);
    if (s.key) visit(s.key.target);
    if (s.value) visit(s.value.target);
  };
  const opShapes = [...opIds].map((id) => {
    const s = all[id];
    if (!s || s.type !== "operation") throw new Error(`${model.file}: operation ${id} not found`);
    return [id, s] as const;
  });
  for (const [, op] of opShapes) {
    if (op.input) visit(op.input.target);
    if (op.output) visit(op.output.target);
    op.errors?.forEach((e) => visit(e.target));
  }
  commonErrors.forEach(visit);

  const byLocal = new Map<string, string[]>();
  for (const id of closure) {
    const l = shapeLocal(id);
    byLocal.set(l, [...(byLocal.get(l) ?? []), id]);
  }
  const keyOf = (id: string): string => {
    if (id === UNIT) return UNIT;
    const l = shapeLocal(id);
    return (byLocal.get(l)?.length ?? 0) > 1 ? id : l;
  };

  const table = new Map<string, ShapeSchema>();
  for (const id of closure) table.set(keyOf(id), toShapeSchema(all[id], keyOf, model.file, id));
  table.set(UNIT, { type: "structure", members: {} });
  const sorted = new Map([...table.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

  const operations = opShapes
    .map(([id, op]) => toOperationSchema(id, op, keyOf, commonErrors, sorted))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = new Set<string>();
  for (const o of operations) {
    if (names.has(o.name)) throw new Error(`${model.file}: two operations named ${o.name}`);
    names.add(o.name);
  }

  const errors = [...sorted.entries()].filter(([, s]) => s.error).map(([k]) => k);
  const xmlNs = traits["smithy.api#xmlNamespace"] as { uri?: string } | undefined;
  return {
    id: serviceIdFromSdkId(sdkId),
    sdkId,
    shapeId: serviceId,
    name: shapeLocal(serviceId),
    typeName: typeNameFromSdkId(sdkId),
    version: service.version ?? "",
    protocols,
    protocol,
    signingName: sigv4?.name ?? api.endpointPrefix ?? serviceIdFromSdkId(sdkId),
    endpointPrefix: api.endpointPrefix ?? serviceIdFromSdkId(sdkId),
    awsQueryCompatible: "aws.protocols#awsQueryCompatible" in traits,
    xmlNamespace: xmlNs?.uri,
    noErrorWrapping: (traits["aws.protocols#restXml"] as { noErrorWrapping?: boolean } | undefined)?.noErrorWrapping === true,
    operations,
    shapes: sorted,
    errors,
    file: model.file,
  };
}

function constraintsOf(traits: AstTraits | undefined, where: string): Constraints {
  const c: Constraints = {};
  if (!traits) return c;
  const length = traits["smithy.api#length"] as { min?: number; max?: number } | undefined;
  if (length) c.length = pick(length);
  const range = traits["smithy.api#range"] as { min?: number; max?: number } | undefined;
  if (range) c.range = pick(range);
  const pattern = traits["smithy.api#pattern"];
  if (typeof pattern === "string") c.pattern = pattern;
  const js = traits["emu.api#jsPattern"];
  if (typeof js === "string") {
    if (!pattern) throw new Error(`${where}: emu.api#jsPattern without smithy.api#pattern`);
    c.jsPattern = js;
  }
  return c;
}

function pick(o: { min?: number; max?: number }): { min?: number; max?: number } {
  const r: { min?: number; max?: number } = {};
  if (o.min !== undefined) r.min = Number(o.min);
  if (o.max !== undefined) r.max = Number(o.max);
  return r;
}

function xmlNamespaceOf(traits: AstTraits): XmlNamespace | undefined {
  const ns = traits["smithy.api#xmlNamespace"] as { uri: string; prefix?: string } | undefined;
  if (!ns) return undefined;
  return ns.prefix ? { uri: ns.uri, prefix: ns.prefix } : { uri: ns.uri };
}

function toMember(m: AstMember, keyOf: (id: string) => string, where: string): MemberSchema {
  const t = m.traits ?? {};
  const out: MemberSchema = { target: keyOf(m.target) };
  if ("smithy.api#required" in t) out.required = true;
  if ("smithy.api#default" in t) out.default = t["smithy.api#default"];
  if ("smithy.api#idempotencyToken" in t) out.idempotencyToken = true;
  if (t["smithy.api#timestampFormat"]) out.timestampFormat = t["smithy.api#timestampFormat"] as TimestampFormat;
  if (t["smithy.api#jsonName"]) out.jsonName = t["smithy.api#jsonName"] as string;
  if (t["smithy.api#xmlName"]) out.xmlName = t["smithy.api#xmlName"] as string;
  if ("smithy.api#xmlAttribute" in t) out.xmlAttribute = true;
  if ("smithy.api#xmlFlattened" in t) out.xmlFlattened = true;
  const ns = xmlNamespaceOf(t);
  if (ns) out.xmlNamespace = ns;
  if (t["smithy.api#httpHeader"] !== undefined) out.httpHeader = t["smithy.api#httpHeader"] as string;
  if (t["smithy.api#httpQuery"] !== undefined) out.httpQuery = t["smithy.api#httpQuery"] as string;
  if ("smithy.api#httpLabel" in t) out.httpLabel = true;
  if ("smithy.api#httpPayload" in t) out.httpPayload = true;
  if (t["smithy.api#httpPrefixHeaders"] !== undefined) out.httpPrefixHeaders = t["smithy.api#httpPrefixHeaders"] as string;
  if ("smithy.api#httpQueryParams" in t) out.httpQueryParams = true;
  if ("smithy.api#httpResponseCode" in t) out.httpResponseCode = true;
  if ("smithy.api#hostLabel" in t) out.hostLabel = true;
  if ("smithy.api#eventHeader" in t) out.eventHeader = true;
  if ("smithy.api#eventPayload" in t) out.eventPayload = true;
  if (t["aws.protocols#ec2QueryName"]) out.awsQueryName = t["aws.protocols#ec2QueryName"] as string;
  Object.assign(out, constraintsOf(t, where));
  return out;
}

function toShapeSchema(s: AstShape, keyOf: (id: string) => string, file: string, id: string): ShapeSchema {
  const t = s.traits ?? {};
  const where = `${file}: ${id}`;
  let type: ShapeType;
  const out: ShapeSchema = { type: "structure" };
  switch (s.type) {
    case "structure":
    case "union": {
      type = s.type;
      out.members = {};
      for (const [name, m] of Object.entries(s.members ?? {})) out.members[name] = toMember(m, keyOf, `${where}$${name}`);
      break;
    }
    case "list":
    case "set": {
      type = "list";
      out.member = toMember(s.member!, keyOf, `${where}$member`);
      break;
    }
    case "map": {
      type = "map";
      out.key = toMember(s.key!, keyOf, `${where}$key`);
      out.value = toMember(s.value!, keyOf, `${where}$value`);
      break;
    }
    case "enum":
    case "intEnum": {
      type = s.type;
      out.values = Object.entries(s.members ?? {}).map(([name, m]) => {
        const v = m.traits?.["smithy.api#enumValue"];
        return v === undefined ? name : (v as string | number);
      });
      break;
    }
    default: {
      if (!SIMPLE_TYPES.has(s.type)) throw new Error(`${where}: unsupported shape type ${s.type}`);
      type = s.type as ShapeType;
      const legacyEnum = t["smithy.api#enum"] as { value: string }[] | undefined;
      if (type === "string" && legacyEnum) {
        type = "enum";
        out.values = legacyEnum.map((e) => e.value);
      }
    }
  }
  out.type = type;
  Object.assign(out, constraintsOf(t, where));
  if ("smithy.api#sparse" in t) out.sparse = true;
  if ("smithy.api#streaming" in t) out.streaming = true;
  if (t["smithy.api#timestampFormat"]) out.timestampFormat = t["smithy.api#timestampFormat"] as TimestampFormat;
  if (t["smithy.api#mediaType"]) out.mediaType = t["smithy.api#mediaType"] as string;
  if ("smithy.api#sensitive" in t) out.sensitive = true;
  if (t["smithy.api#xmlName"]) out.xmlName = t["smithy.api#xmlName"] as string;
  const ns = xmlNamespaceOf(t);
  if (ns) out.xmlNamespace = ns;
  if (t["smithy.api#error"]) out.error = t["smithy.api#error"] as "client" | "server";
  if (t["smithy.api#httpError"] !== undefined) out.httpError = t["smithy.api#httpError"] as number;
  const qe = t["aws.protocols#awsQueryError"] as { code: string; httpResponseCode: number } | undefined;
  if (qe) out.awsQueryError = { code: qe.code, httpResponseCode: qe.httpResponseCode };
  if ("smithy.api#retryable" in t) out.retryable = true;
  return out;
}

function toOperationSchema(
  id: string,
  op: AstShape,
  keyOf: (id: string) => string,
  commonErrors: string[],
  table: Map<string, ShapeSchema>,
): OperationSchema {
  const t = op.traits ?? {};
  const errors = [...new Set([...(op.errors ?? []).map((e) => keyOf(e.target)), ...commonErrors.map(keyOf)])].sort();
  const out: OperationSchema = {
    name: shapeLocal(id),
    input: op.input ? keyOf(op.input.target) : UNIT,
    output: op.output ? keyOf(op.output.target) : UNIT,
    errors,
  };
  const http = t["smithy.api#http"] as { method: string; uri: string; code?: number } | undefined;
  if (http) out.http = { method: http.method, uri: http.uri, code: http.code ?? 200 };
  if ("smithy.api#idempotent" in t) out.idempotent = true;
  if ("smithy.api#readonly" in t) out.readonly = true;
  const endpoint = t["smithy.api#endpoint"] as { hostPrefix?: string } | undefined;
  if (endpoint?.hostPrefix) out.hostPrefix = endpoint.hostPrefix;
  if ("aws.auth#unsignedPayload" in t) out.unsignedPayload = true;
  if ("aws.customizations#s3UnwrappedXmlOutput" in t) out.unwrappedXmlOutput = true;
  if (t["aws.protocols#httpChecksum"]) out.httpChecksum = t["aws.protocols#httpChecksum"] as Record<string, unknown>;
  const streamMember = (key: string): string | undefined => {
    const s = table.get(key);
    for (const [name, m] of Object.entries(s?.members ?? {})) {
      const target = table.get(m.target);
      if (target?.type === "union" && target.streaming) return name;
    }
    return undefined;
  };
  const ies = streamMember(out.input);
  if (ies) out.inputEventStream = ies;
  const oes = streamMember(out.output);
  if (oes) out.outputEventStream = oes;
  return out;
}

// route -> parse -> validate -> invoke -> serialize, for one request whose body has been read.
import { accountFor, credentialScope } from "./auth/credentials.ts";
import { authFamilyOf } from "./auth/errors.ts";
import type { AuthVerifier } from "./auth/verify.ts";
import type { Clock } from "./clock.ts";
import type { Ids } from "./ids.ts";
import type { Edge, RestRequest } from "./edge.ts";
import { CommonErrors, ServiceError } from "./errors.ts";
import type { Logger } from "./log.ts";
import { AwsJsonProtocol } from "./protocols/aws-json/index.ts";
import { RestJsonProtocol } from "./protocols/rest-json/index.ts";
import { restXmlProtocolFor } from "./protocols/rest-xml/index.ts";
import { awsQueryProtocolFor, queryFormOf, speaksQuery } from "./protocols/aws-query/index.ts";
import type { ProtocolCodec, WireRequest, WireResponse } from "./protocols/types.ts";
import { type OperationSchema, perModule, type ServiceDescriptor, type ServiceModule } from "./schema.ts";
import type { RequestContext } from "./types.ts";
import { formatViolations, Validator } from "./validate/index.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyHandler = (input: any, ctx: RequestContext) => Promise<unknown>;
export type HandlerTable = Readonly<Record<string, AnyHandler>>;

export interface PipelineEnv {
  edge: Edge;
  clock: Clock;
  ids: Ids;
  log: Logger;
  defaultAccount: string;
  defaultRegion: string;
  /** the handlers of a service (impl plus overrides), made on first use */
  handlers(service: ServiceDescriptor): Promise<HandlerTable>;
  /** `--auth verify`: checks every routed request's signature before it is read */
  auth?: AuthVerifier;
}

export interface RequestMeta {
  requestId: string;
  endpoint: string;
  signal: AbortSignal;
  /** a service's own port routes everything to that service */
  only?: ServiceDescriptor;
}

export interface PipelineResult {
  response: WireResponse;
  service?: string;
  operation?: string;
}

const protocols = new Map<string, ProtocolCodec>();
/** The protocol of a request to `svc`; `query`: a Query request (a form), which a service marked awsQueryCompatible takes too. */
export function protocolFor(svc: ServiceDescriptor, query = false): ProtocolCodec | undefined {
  if (svc.protocol === "awsQuery" || (query && speaksQuery(svc))) return awsQueryProtocolFor(svc);
  if (svc.protocol === "restXml") return restXmlProtocolFor(svc);
  let p = protocols.get(svc.protocol);
  if (!p) {
    if (svc.protocol === "awsJson1_0" || svc.protocol === "awsJson1_1") p = new AwsJsonProtocol(svc.protocol);
    else if (svc.protocol === "restJson1") p = new RestJsonProtocol();
    else return undefined;
    protocols.set(svc.protocol, p);
  }
  return p;
}

const modules = new WeakMap<ServiceDescriptor, Promise<ServiceModule>>();
/** the modules that have loaded, so that a request need not wait a tick for its module */
const loaded = new WeakMap<ServiceDescriptor, ServiceModule>();
export function loadModule(svc: ServiceDescriptor): Promise<ServiceModule> {
  let m = modules.get(svc);
  if (!m) {
    m = svc.load();
    modules.set(svc, m);
    m.then(
      (mod) => loaded.set(svc, mod),
      () => modules.delete(svc),
    );
  }
  return m;
}

/**
 * The table of each handler table promise that has settled: env.handlers() hands out the
 * same promise for a service each time, so a request need not wait a tick for it.
 */
const settledTables = new WeakMap<Promise<HandlerTable>, HandlerTable>();
async function settle(tables: Promise<HandlerTable>): Promise<HandlerTable> {
  const table = await tables;
  settledTables.set(tables, table);
  return table;
}

/**
 * What a handler gets besides its input. A class rather than an object literal: a getter
 * written in a literal is a new accessor for each request, which gives each context an
 * object shape of its own in V8 and keeps it (and what it refers to) alive until the
 * next full garbage collection.
 */
class HandlerContext implements RequestContext {
  constructor(
    readonly service: string,
    readonly operation: string,
    readonly account: string,
    readonly region: string,
    readonly requestId: string,
    readonly clock: Clock,
    readonly ids: Ids,
    readonly endpoint: string,
    readonly accessKeyId: string | undefined,
    meta: RequestMeta,
  ) {
    this.#meta = meta;
  }

  readonly #meta: RequestMeta;

  /** made when first read (most handlers never look at it) */
  get signal(): AbortSignal {
    return this.#meta.signal;
  }
}

const validatorFor = perModule((mod) => new Validator(mod.shapes));

/** The answer when no service can be told from the request at all (Coral's wording). */
function unroutable(req: WireRequest): WireResponse {
  if (req.method === "POST") {
    return {
      status: 400,
      headers: { "content-type": "application/x-amz-json-1.1" },
      body: JSON.stringify({ __type: "UnknownOperationException" }),
    };
  }
  return {
    status: 403,
    headers: { "content-type": "application/xml" },
    body: "<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be authorized</Message>\n</AccessDeniedException>\n",
  };
}

function unsupportedProtocol(svc: ServiceDescriptor): WireResponse {
  return {
    status: 501,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      __type: "NotImplemented",
      message: `The ${svc.protocol} protocol of ${svc.sdkId} is not implemented by this emulator yet.`,
    }),
  };
}

/**
 * The handler's output with its event-stream member wrapped so that a failure other than a
 * ServiceError is logged (the stream still ends with an InternalFailure error message).
 */
function reportingStream(output: unknown, member: string, report: (err: unknown) => void): unknown {
  const out = (output ?? {}) as Record<string, unknown>;
  const events = out[member];
  if (events === undefined || events === null) return out;
  if (typeof (events as AsyncIterable<unknown>)[Symbol.asyncIterator] !== "function") {
    report(new Error(`the handler returned ${member} that is not an AsyncIterable`));
    return { ...out, [member]: failing() };
  }
  const wrapped: AsyncIterable<unknown> = {
    [Symbol.asyncIterator]() {
      const it = (events as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      return {
        async next() {
          try {
            return await it.next();
          } catch (err) {
            if (!(err instanceof ServiceError)) report(err);
            throw err;
          }
        },
        async return(value?: unknown) {
          return it.return ? it.return(value) : { done: true as const, value };
        },
      };
    },
  };
  return { ...out, [member]: wrapped };
}

// eslint-disable-next-line require-yield
async function* failing(): AsyncGenerator<never> {
  throw CommonErrors.internalFailure();
}

/**
 * Whether a request is for an operation whose input payload is a streaming blob: the
 * server then hands its body over unread (WireRequest.stream) instead of reading it whole.
 * Routes without the body, so only PUT and POST requests that are not forms are asked.
 */
export function streamsBody(env: PipelineEnv, req: RestRequest, only?: ServiceDescriptor): boolean {
  if ((req.method !== "PUT" && req.method !== "POST") || !env.edge.anyStreaming) return false;
  // an X-Amz-Target request (awsJson) has its whole body read: nothing to route twice
  if (req.headers["x-amz-target"] !== undefined) return false;
  const type = req.headers["content-type"];
  if (typeof type === "string" && type.startsWith("application/x-www-form-urlencoded")) return false;
  const scope = credentialScope(req.headers, req.url);
  const vh = env.edge.virtualHost(req, scope);
  if (vh) req = { method: req.method, url: vh.url, headers: req.headers };
  let route = env.edge.route(req.headers, scope);
  if (vh && route.kind === "none") route = { kind: "unknown-operation", service: vh.service };
  if (route.kind !== "operation") route = env.edge.routeRest(route, req, only);
  if (route.kind !== "operation" || (only && route.service !== only)) return false;
  return env.edge.streamsBody(route.service, route.operation);
}

export async function runPipeline(env: PipelineEnv, req: WireRequest, meta: RequestMeta): Promise<PipelineResult> {
  const scope = credentialScope(req.headers, req.url);
  // virtual-host addressing (bucket.s3.example:4566): routed and read as path style
  const vh = env.edge.virtualHost(req, scope);
  if (vh) req = { ...req, url: vh.url };
  let route = env.edge.route(req.headers, scope);
  if (vh && route.kind === "none") route = { kind: "unknown-operation", service: vh.service };
  // Query requests carry the operation in their Action parameter
  const form = route.kind === "operation" ? undefined : queryFormOf(req);
  if (form) route = env.edge.routeQuery(route, form.action, form.version, meta.only);
  // REST services: the method and path (and query, headers) name the operation
  else if (route.kind !== "operation") route = env.edge.routeRest(route, req, meta.only);
  if (meta.only && (route.kind === "none" || route.service !== meta.only)) route = { kind: "unknown-operation", service: meta.only };
  if (route.kind === "none") return { response: unroutable(req) };

  const svc = route.service;
  const protocol = protocolFor(svc, form !== undefined);
  if (!protocol) return { response: unsupportedProtocol(svc), service: svc.id };
  if (req.method !== "POST" && !(req.method === "GET" && form) && !svc.httpRoutes) return { response: unroutable(req), service: svc.id };
  const refused = protocol.accepts?.(req);
  if (refused) return { response: refused, service: svc.id };

  // the codec of this request's body format (awsJson: JSON or CBOR)
  let codec: ProtocolCodec = protocol;
  let mod: ServiceModule | undefined;
  const operation = route.kind === "operation" ? route.operation : undefined;
  try {
    const chosen = protocol.forRequest?.(req);
    if (chosen) codec = await chosen;
    // refused with the errors of the family the request speaks (a Query request: Query's)
    if (env.auth) await env.auth.verify(req, authFamilyOf(form ? "awsQuery" : svc.protocol), env.clock.now());
    mod = loaded.get(svc) ?? (await loadModule(svc));
    if (!operation) {
      // A body the protocol cannot read is reported before the unknown operation.
      codec.checkBody?.(req);
      throw CommonErrors.unknownOperation();
    }
    const op: OperationSchema = mod.operations[operation];
    const input = codec.parse(req, op, mod);
    const violations = validatorFor(mod).validate(op.input, input);
    if (violations.length) throw CommonErrors.validation(formatViolations(violations));

    const tables = env.handlers(svc);
    const handlers = settledTables.get(tables) ?? (await settle(tables));
    const handler = handlers[operation];
    if (!handler) {
      throw CommonErrors.notImplemented(`The operation ${operation} of ${svc.sdkId} is not implemented by this emulator yet.`);
    }
    const ctx = new HandlerContext(
      svc.id,
      operation,
      accountFor(scope, env.defaultAccount),
      scope?.region || env.defaultRegion,
      meta.requestId,
      env.clock,
      env.ids,
      meta.endpoint,
      scope?.accessKeyId,
      meta,
    );
    let output = await handler(input, ctx);
    if (op.outputEventStream) output = reportingStream(output, op.outputEventStream, (err) => env.log.error(`${svc.id}.${operation} stream failed: ${(err as Error)?.stack ?? String(err)}`));
    return { response: codec.serialize(output, op, mod, meta.requestId), service: svc.id, operation };
  } catch (err) {
    let e: ServiceError;
    if (err instanceof ServiceError) e = err;
    else {
      env.log.error(`${svc.id}.${operation ?? "?"} failed: ${(err as Error)?.stack ?? String(err)}`);
      e = CommonErrors.internalFailure();
    }
    return { response: codec.serializeError(e, svc, mod, meta.requestId), service: svc.id, operation };
  }
}

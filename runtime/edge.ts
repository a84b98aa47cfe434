// Which service and operation a request is for, from the generated descriptors alone:
// 1. X-Amz-Target "<prefix>.<operation>" (awsJson);
// 2. the SigV4 signing name of the credential scope;
// 3. for Query requests (form bodies), the Action and Version parameters (routeQuery);
// 4. REST path patterns (routeRest), then the REST-XML fallback hook: by default the services
//    most of whose routes start with a label (S3's /{Bucket}), path style; virtual-host style
//    (bucket in the Host) is turned into path style first (virtualHost, see
//    protocols/http-binding/virtual-host.ts).
import type { IncomingHttpHeaders } from "node:http";
import type { CredentialScope } from "./auth/credentials.ts";
import { RestRouter } from "./protocols/http-binding/router.ts";
import { hostedServices, type VirtualHost, VirtualHosts } from "./protocols/http-binding/virtual-host.ts";
import type { ServiceDescriptor } from "./schema.ts";

/** What the REST router is given of a request. */
export interface RestRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export type Route =
  | { kind: "operation"; service: ServiceDescriptor; operation: string }
  /** the service is known, the operation is not (or is missing) */
  | { kind: "unknown-operation"; service: ServiceDescriptor }
  | { kind: "none" };

export class Edge {
  private readonly byTarget = new Map<string, ServiceDescriptor>();
  private readonly bySigningName = new Map<string, ServiceDescriptor[]>();
  private readonly operations = new Map<ServiceDescriptor, Set<string>>();
  /** every valid X-Amz-Target and its route, made once: most requests need one lookup */
  private readonly targetRoutes = new Map<string, Route>();
  private readonly rest: RestRouter;
  /**
   * Step 4's last resort, for a request no earlier step placed: the REST-XML fallback
   * (path-style and virtual-host-style buckets) belongs here. Unset: such requests stay
   * unrouted.
   */
  restFallback?: (req: RestRequest) => Route | undefined;
  private readonly hosts: VirtualHosts;
  /** "<service id> <operation>" of every operation whose input payload streams */
  private readonly streaming = new Set<string>();

  constructor(readonly services: readonly ServiceDescriptor[]) {
    this.hosts = new VirtualHosts(services);
    const hosted = hostedServices(services);
    for (const s of services) for (const r of s.httpRoutes ?? []) if (r.streaming) this.streaming.add(`${s.id} ${r.operation}`);
    // path-style requests no other step placed go to the label-first services
    // (only a request that names a first path segment and no X-Amz-Target: "POST /" and "GET /" stay unrouted)
    if (hosted.length) {
      this.restFallback = (req) =>
        req.headers["x-amz-target"] === undefined && /^\/[^/?]/.test(req.url) ? this.rest.route(req.method, req.url, req.headers, hosted) : undefined;
    }
    for (const s of services) {
      if (s.protocols.some((p) => p.startsWith("awsJson"))) this.byTarget.set(s.targetPrefix, s);
      const list = this.bySigningName.get(s.signingName) ?? [];
      list.push(s);
      this.bySigningName.set(s.signingName, list);
      this.operations.set(s, new Set(s.operationNames));
    }
    this.rest = new RestRouter(services);
    for (const [prefix, s] of this.byTarget) {
      for (const operation of s.operationNames) this.targetRoutes.set(`${prefix}.${operation}`, { kind: "operation", service: s, operation });
    }
  }

  /**
   * A Query request (Action and Version form parameters; no X-Amz-Target): among the
   * services that take Query requests, those of the route found so far (its signing name)
   * or of `only`, else every one, the one whose version and operations match.
   */
  routeQuery(found: Route, action: string | undefined, version: string | undefined, only?: ServiceDescriptor): Route {
    const query = (s: ServiceDescriptor) => s.protocols.includes("awsQuery") || s.awsQueryCompatible === true;
    let candidates: readonly ServiceDescriptor[];
    if (only) candidates = [only];
    else if (found.kind !== "none") candidates = this.bySigningName.get(found.service.signingName) ?? [found.service];
    else candidates = this.services;
    candidates = candidates.filter(query);
    if (candidates.length === 0) return found;
    const has = (s: ServiceDescriptor) => action !== undefined && this.operations.get(s)!.has(action);
    const svc =
      candidates.find((s) => s.version === version && has(s)) ??
      candidates.find(has) ??
      candidates.find((s) => s.version === version) ??
      (found.kind !== "none" || only || candidates.length === 1 ? candidates[0] : undefined);
    if (!svc) return found;
    return has(svc) ? { kind: "operation", service: svc, operation: action! } : { kind: "unknown-operation", service: svc };
  }

  /**
   * A REST request: the operation of the service found so far (signing name) or of `only`
   * whose route fits; with neither, the service that owns the path's first segment
   * (Lambda's /2015-03-31/...), then the fallback hook. A route to a service that is not
   * REST is kept as it is.
   */
  routeRest(found: Route, req: RestRequest, only?: ServiceDescriptor): Route {
    const named = only ?? (found.kind !== "none" ? found.service : undefined);
    if (named) {
      if (!named.httpRoutes) return found;
      const candidates = only ? [only] : (this.bySigningName.get(named.signingName) ?? [named]).filter((s) => s.httpRoutes);
      return this.rest.route(req.method, req.url, req.headers, candidates) ?? { kind: "unknown-operation", service: named };
    }
    return this.rest.route(req.method, req.url, req.headers) ?? this.restFallback?.(req) ?? found;
  }

  /** Virtual-host addressing: the service and the path-style target, when the Host names a label. */
  virtualHost(req: RestRequest, scope: CredentialScope | undefined): VirtualHost | undefined {
    if (this.hosts.empty) return undefined;
    return this.hosts.match(req.headers.host, req.url, scope?.service);
  }

  /** Whether some operation's input payload streams (then streamsBody is worth asking). */
  get anyStreaming(): boolean {
    return this.streaming.size > 0;
  }

  /** Whether the operation's input payload is a streaming blob. */
  streamsBody(service: ServiceDescriptor, operation: string): boolean {
    return this.streaming.has(`${service.id} ${operation}`);
  }

  route(headers: IncomingHttpHeaders, scope: CredentialScope | undefined): Route {
    const target = headers["x-amz-target"];
    if (typeof target === "string" && target) {
      const known = this.targetRoutes.get(target);
      if (known) return known;
      const dot = target.lastIndexOf(".");
      const prefix = dot > 0 ? target.slice(0, dot) : target;
      const op = dot > 0 ? target.slice(dot + 1) : "";
      const svc = this.byTarget.get(prefix);
      if (svc) {
        return this.operations.get(svc)!.has(op) ? { kind: "operation", service: svc, operation: op } : { kind: "unknown-operation", service: svc };
      }
    }
    // No usable target: the signing name still tells the service when it is unambiguous,
    // or when every candidate speaks awsJson (they all answer UnknownOperationException alike).
    const candidates = scope?.service ? this.bySigningName.get(scope.service) : undefined;
    if (candidates?.length) return { kind: "unknown-operation", service: candidates[0] };
    if (this.services.length === 1) return { kind: "unknown-operation", service: this.services[0] };
    return { kind: "none" };
  }
}

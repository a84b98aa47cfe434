// REST routing: which operation of which REST service (restJson1, restXml) a request is
// for, from the descriptors' httpRoutes alone (no service module is loaded to route).
//
// A route fits when its method is the request's, its path pattern matches and its literal
// query parts are present ("?uploads", "?find=LayerVersion"). `x-id` is the exception: the
// model writes it into URIs but boto3, the CLI and curl never send it, so it only has to
// agree when it is present. Among the routes that fit, the most specific wins: more literal
// segments, then no greedy label, then more literal query parts, then the one whose
// required query parameters and headers are all present (and of those, the one that
// requires the most: UploadPart over PutObject). A route missing a required parameter
// still fits, last, so that the validator names the missing member.
//
// Twins: routes that nothing else tells apart once x-id is left out (S3's ListBuckets and
// ListDirectoryBuckets are both "GET /"). The descriptor lists the optional query
// parameters of such routes; the one whose input binds more of the request's query
// parameters wins (GET /?max-directory-buckets=5 is ListDirectoryBuckets), else the first
// in model order.
//
// Services whose every route starts with a label (S3's /{Bucket}) would claim any path:
// they are only considered when the request names them (signing name, own port). The
// REST-XML fallback for unsigned requests (path and virtual-host style buckets) plugs in
// through Edge.restFallback.
import type { IncomingHttpHeaders } from "node:http";
import type { HttpRoute, ServiceDescriptor } from "../../schema.ts";
import { type RequestTarget, splitTarget, UriPattern } from "./uri.ts";

interface CompiledRoute {
  service: ServiceDescriptor;
  operation: string;
  pattern: UriPattern;
  query: readonly string[];
  headers: readonly string[];
  /** twins only: the optional query parameters the input binds */
  known?: ReadonlySet<string>;
}

export type RestMatch =
  | { kind: "operation"; service: ServiceDescriptor; operation: string }
  /** the path belongs to the service (its prefix), but no operation of it fits */
  | { kind: "unknown-operation"; service: ServiceDescriptor };

/** A route's pattern, compiled once per route object (the router and the codecs share it). */
const patterns = new WeakMap<HttpRoute, UriPattern>();
export function patternOf(route: HttpRoute): UriPattern {
  let p = patterns.get(route);
  if (!p) {
    p = new UriPattern(route.uri);
    patterns.set(route, p);
  }
  return p;
}

export function isRestService(svc: ServiceDescriptor): boolean {
  return svc.httpRoutes !== undefined;
}

export class RestRouter {
  /** per service: method -> its routes */
  private readonly byService = new Map<ServiceDescriptor, Map<string, CompiledRoute[]>>();
  /** first literal path segment -> services with a route under it */
  private readonly byPrefix = new Map<string, ServiceDescriptor[]>();

  constructor(services: readonly ServiceDescriptor[]) {
    for (const svc of services) {
      if (!svc.httpRoutes) continue;
      const methods = new Map<string, CompiledRoute[]>();
      for (const r of svc.httpRoutes) {
        const compiled: CompiledRoute = { service: svc, operation: r.operation, pattern: patternOf(r), query: r.query ?? [], headers: r.headers ?? [] };
        if (r.optionalQuery) compiled.known = new Set(r.optionalQuery);
        const list = methods.get(r.method) ?? [];
        list.push(compiled);
        methods.set(r.method, list);
        const first = compiled.pattern.firstLiteral;
        if (first !== undefined) {
          const owners = this.byPrefix.get(first) ?? [];
          if (!owners.includes(svc)) owners.push(svc);
          this.byPrefix.set(first, owners);
        }
      }
      this.byService.set(svc, methods);
    }
  }

  /**
   * The operation of `services` (or, when none are named, of the services that own the
   * request's first path segment) that the request is for.
   */
  route(method: string, url: string, headers: IncomingHttpHeaders, services?: readonly ServiceDescriptor[]): RestMatch | undefined {
    const target = splitTarget(url);
    const candidates = services?.filter((s) => this.byService.has(s)) ?? this.byPrefix.get(target.segments[0] ?? "") ?? [];
    let best: { route: CompiledRoute; score: number } | undefined;
    for (const svc of candidates) {
      for (const r of this.byService.get(svc)!.get(method) ?? []) {
        const score = fit(r, target, headers);
        if (score !== undefined && (!best || score > best.score)) best = { route: r, score };
      }
    }
    if (best) return { kind: "operation", service: best.route.service, operation: best.route.operation };
    return candidates.length > 0 ? { kind: "unknown-operation", service: candidates[0] } : undefined;
  }
}

/** How specifically a route fits the request (higher is better), undefined when it does not. */
function fit(r: CompiledRoute, target: RequestTarget, headers: IncomingHttpHeaders): number | undefined {
  if (!r.pattern.match(target.segments)) return undefined;
  let literalQuery = 0;
  let xId = 0;
  for (const [k, v] of r.pattern.literalQuery) {
    const got = target.query.get(k);
    if (k === "x-id") {
      if (got !== undefined && got[0] !== v) return undefined;
      if (got !== undefined) xId = 1;
      continue;
    }
    if (got === undefined || (v !== "" && got[0] !== v)) return undefined;
    literalQuery++;
  }
  let present = 0;
  let missing = 0;
  for (const q of r.query) target.query.has(q) ? present++ : missing++;
  for (const h of r.headers) headers[h] !== undefined ? present++ : missing++;
  // among twins: how many of the request's query parameters the input binds (at most 9)
  let bound = 0;
  if (r.known) for (const k of target.query.keys()) if (r.known.has(k) && bound < 9) bound++;
  return (
    r.pattern.literalCount * 10_000_000 +
    (r.pattern.hasGreedy ? 0 : 1_000_000) +
    literalQuery * 100_000 +
    (missing === 0 ? 10_000 : 0) +
    present * 100 +
    xId * 10 +
    bound
  );
}

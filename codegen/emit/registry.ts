// generated/registry.ts: the always-loaded descriptor of every service; each service's
// generated module is imported on its first request.
import type { HttpRoute, ServiceDescriptor } from "../../runtime/schema.ts";
import type { ServiceIR } from "../model/resolve.ts";
import { HEADER, literal } from "./common.ts";

export function emitRegistry(services: ServiceIR[], runtimeImport: string): string {
  const out: string[] = [HEADER, `import type { ServiceDescriptor } from "${runtimeImport}/schema.ts";\n`];
  out.push("export const services: readonly ServiceDescriptor[] = [");
  for (const svc of services) {
    const d: Omit<ServiceDescriptor, "load"> = {
      id: svc.id,
      sdkId: svc.sdkId,
      shapeId: svc.shapeId,
      version: svc.version,
      protocol: svc.protocol,
      protocols: svc.protocols,
      targetPrefix: svc.name,
      signingName: svc.signingName,
      endpointPrefix: svc.endpointPrefix,
      ...(svc.awsQueryCompatible ? { awsQueryCompatible: true as const } : {}),
      ...(svc.xmlNamespace ? { xmlNamespace: svc.xmlNamespace } : {}),
      ...(svc.noErrorWrapping ? { noErrorWrapping: true as const } : {}),
      operationNames: svc.operations.map((o) => o.name),
      ...(svc.protocol === "restJson1" || svc.protocol === "restXml" ? { httpRoutes: httpRoutes(svc) } : {}),
    };
    const body = literal(d, "  ").replace(/\n  }$/, "");
    out.push(`  ${body}`);
    out.push(`    load: () => import("./${svc.id}/index.ts").then((m) => m.service),`);
    out.push("  },");
  }
  out.push("];\n");
  return out.join("\n");
}

/** The HTTP route of every operation that has one, with the query parameters and headers its input requires. */
function httpRoutes(svc: ServiceIR): HttpRoute[] {
  const out: HttpRoute[] = [];
  for (const op of svc.operations) {
    if (!op.http) continue;
    const route: HttpRoute = { operation: op.name, method: op.http.method, uri: op.http.uri };
    const members = Object.values(svc.shapes.get(op.input)?.members ?? {});
    const query = members.filter((m) => m.required && m.httpQuery).map((m) => m.httpQuery!).sort();
    const headers = members.filter((m) => m.required && m.httpHeader).map((m) => m.httpHeader!.toLowerCase()).sort();
    if (query.length) route.query = query;
    if (headers.length) route.headers = headers;
    const payload = members.find((m) => m.httpPayload);
    if (payload && svc.shapes.get(payload.target)?.type === "blob" && svc.shapes.get(payload.target)?.streaming) route.streaming = true;
    out.push(route);
  }
  // Routes that only x-id tells apart (S3's ListBuckets and ListDirectoryBuckets are both
  // GET /) carry the query parameters their inputs may bind: the router picks the one that
  // binds more of a request's parameters.
  const twinKey = (r: HttpRoute) => {
    const [path, query = ""] = r.uri.split("?");
    const literal = query.split("&").filter((p) => p && !p.startsWith("x-id=")).sort().join("&");
    return `${r.method} ${path.replace(/\{[^}]*\}/g, "{}")}?${literal} q:${(r.query ?? []).join(",")} h:${(r.headers ?? []).join(",")}`;
  };
  const groups = new Map<string, HttpRoute[]>();
  for (const r of out) groups.set(twinKey(r), [...(groups.get(twinKey(r)) ?? []), r]);
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    for (const r of group) {
      const op = svc.operations.find((o) => o.name === r.operation)!;
      const optional = Object.values(svc.shapes.get(op.input)?.members ?? {})
        .filter((m) => !m.required && m.httpQuery)
        .map((m) => m.httpQuery!)
        .sort();
      r.optionalQuery = optional;
    }
  }
  return out;
}

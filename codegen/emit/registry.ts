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
  return out;
}

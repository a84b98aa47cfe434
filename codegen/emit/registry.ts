// generated/registry.ts: the always-loaded descriptor of every service; each service's
// generated module is imported on its first request.
import type { ServiceDescriptor } from "../../runtime/schema.ts";
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
      operationNames: svc.operations.map((o) => o.name),
    };
    const body = literal(d, "  ").replace(/\n  }$/, "");
    out.push(`  ${body}`);
    out.push(`    load: () => import("./${svc.id}/index.ts").then((m) => m.service),`);
    out.push("  },");
  }
  out.push("];\n");
  return out.join("\n");
}

// generated/<service>/operations.ts: one entry per operation (shapes, errors, HTTP
// binding and the operation traits the protocols need).
import type { ServiceIR } from "../model/resolve.ts";
import { HEADER, literal, propKey } from "./common.ts";

export function emitOperations(svc: ServiceIR, runtimeImport: string): string {
  const out: string[] = [HEADER, `import type { OperationSchema } from "${runtimeImport}/schema.ts";\n`];
  out.push("export const operations: Readonly<Record<string, OperationSchema>> = {");
  for (const op of svc.operations) out.push(`  ${propKey(op.name)}: ${literal(op, "  ")},`);
  out.push("};\n");
  return out.join("\n");
}

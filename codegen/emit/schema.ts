// generated/<service>/schema.ts: the shape table the runtime compiles codecs and
// validators from.
import type { ServiceIR } from "../model/resolve.ts";
import { HEADER, literal } from "./common.ts";

export function emitSchema(svc: ServiceIR, runtimeImport: string): string {
  const out: string[] = [HEADER, `import type { ShapeTable } from "${runtimeImport}/schema.ts";\n`];
  out.push("export const shapes: ShapeTable = {");
  for (const [key, s] of svc.shapes) out.push(`  ${JSON.stringify(key)}: ${literal(s, "  ")},`);
  out.push("};\n");
  return out.join("\n");
}

// generated/<service>/index.ts: the typed Handlers interface and the service module the
// runtime loads on the service's first request.
import { UNIT, type ServiceIR } from "../model/resolve.ts";
import { HEADER, propKey, tsName } from "./common.ts";

export function emitIndex(svc: ServiceIR, runtimeImport: string): string {
  const out: string[] = [
    HEADER,
    `import type { RequestContext } from "${runtimeImport}/types.ts";`,
    `import type { ServiceModule } from "${runtimeImport}/schema.ts";`,
    `import * as errors from "./errors.ts";`,
    `import { operations } from "./operations.ts";`,
    `import { shapes } from "./schema.ts";`,
    `import type * as T from "./types.ts";\n`,
    `export type * from "./types.ts";`,
    `export * as errors from "./errors.ts";\n`,
    `/** One function per operation of ${svc.shapeId}; an operation left out answers NotImplemented (501). */`,
    `export interface ${svc.typeName}Handlers {`,
  ];
  for (const op of svc.operations) {
    const input = op.input === UNIT ? `T.${tsName(UNIT)}` : `T.${tsName(op.input)}`;
    const output = op.output === UNIT ? "void" : `T.${tsName(op.output)}`;
    out.push(`  ${propKey(op.name)}(input: ${input}, ctx: RequestContext): Promise<${output}>;`);
  }
  out.push("}\n");
  out.push(`export const errorClasses: ServiceModule["errors"] = {`);
  for (const key of svc.errors) out.push(`  ${JSON.stringify(key)}: errors.${tsName(key)},`);
  out.push("};\n");
  out.push(`export const service: ServiceModule = { shapes, operations, errors: errorClasses };\n`);
  return out.join("\n");
}

// generated/<service>/errors.ts: a class per modeled error, thrown by handlers.
import type { ErrorInfo } from "../../runtime/schema.ts";
import type { ServiceIR } from "../model/resolve.ts";
import { HEADER, literal, tsName } from "./common.ts";

export function errorInfo(key: string, svc: ServiceIR): ErrorInfo {
  const s = svc.shapes.get(key)!;
  const fault = s.error ?? "client";
  const info: ErrorInfo = {
    code: key.includes("#") ? key.slice(key.indexOf("#") + 1) : key,
    status: s.httpError ?? (fault === "client" ? 400 : 500),
    fault,
    shape: key,
  };
  if (s.awsQueryError) {
    info.queryCode = s.awsQueryError.code;
    info.queryStatus = s.awsQueryError.httpResponseCode;
  }
  return info;
}

/** The member that carries the error message, if the shape models one. */
export function messageMember(key: string, svc: ServiceIR): string | undefined {
  const members = svc.shapes.get(key)?.members ?? {};
  return Object.keys(members).find((m) => m.toLowerCase() === "message");
}

export function emitErrors(svc: ServiceIR, runtimeImport: string): string {
  const out: string[] = [
    HEADER,
    `import { ServiceError } from "${runtimeImport}/errors.ts";`,
    `import type { ErrorInfo } from "${runtimeImport}/schema.ts";`,
    `import type * as T from "./types.ts";\n`,
  ];
  for (const key of svc.errors) {
    const name = tsName(key);
    const msg = messageMember(key, svc);
    const members = msg ? `Omit<T.${name}, ${JSON.stringify(msg)}>` : `T.${name}`;
    out.push(`export class ${name} extends ServiceError {`);
    out.push(`  static readonly info: ErrorInfo = ${literal(errorInfo(key, svc), "  ")};`);
    out.push(`  constructor(message?: string, members?: ${members}) {`);
    out.push(`    super(${name}.info, message, members as Record<string, unknown> | undefined);`);
    out.push("  }");
    out.push("}\n");
  }
  if (svc.errors.length === 0) out.push("export {};\n");
  return out.join("\n");
}

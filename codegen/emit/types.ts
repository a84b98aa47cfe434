// generated/<service>/types.ts: a TypeScript type for every shape of the service.
import type { MemberSchema, ShapeSchema } from "../../runtime/schema.ts";
import { UNIT, type ServiceIR } from "../model/resolve.ts";
import { HEADER, propKey, tsName } from "./common.ts";

function memberType(m: MemberSchema, shapes: Map<string, ShapeSchema>): string {
  const target = shapes.get(m.target)!;
  if (target.type === "union" && target.streaming) return `AsyncIterable<${tsName(m.target)}>`;
  if (target.type === "blob" && target.streaming) return "StreamingBlob";
  return tsName(m.target);
}

function typeOf(key: string, s: ShapeSchema, shapes: Map<string, ShapeSchema>): string {
  switch (s.type) {
    case "structure":
    case "union": {
      const members = Object.entries(s.members ?? {});
      if (members.length === 0) return "{}";
      // Union members are all optional: exactly one is set on the wire.
      const lines = members.map(([name, m]) => {
        const opt = s.type === "union" || !m.required ? "?" : "";
        return `  ${propKey(name)}${opt}: ${memberType(m, shapes)};`;
      });
      return `{\n${lines.join("\n")}\n}`;
    }
    case "list": {
      const item = memberType(s.member!, shapes);
      return s.sparse ? `(${item} | null)[]` : `${item}[]`;
    }
    case "map": {
      const v = memberType(s.value!, shapes);
      return `Record<string, ${s.sparse ? `${v} | null` : v}>`;
    }
    case "enum":
      return (s.values ?? []).map((v) => JSON.stringify(v)).join(" | ") || "string";
    case "intEnum":
      return (s.values ?? []).map((v) => String(v)).join(" | ") || "number";
    case "string":
      return "string";
    case "blob":
      return s.streaming ? "StreamingBlob" : "Uint8Array";
    case "boolean":
      return "boolean";
    case "byte":
    case "short":
    case "integer":
    case "long":
    case "float":
    case "double":
    case "bigDecimal":
      return "number";
    case "bigInteger":
      return "bigint";
    case "timestamp":
      return "Date";
    case "document":
      return "unknown";
  }
  throw new Error(`no TypeScript type for ${key}`);
}

export function emitTypes(svc: ServiceIR, runtimeImport: string): string {
  const out: string[] = [HEADER, `import type { StreamingBlob } from "${runtimeImport}/types.ts";\n`];
  out.push(`export type ${tsName(UNIT)} = Record<string, never>;\n`);
  for (const [key, s] of svc.shapes) {
    if (key === UNIT) continue;
    const t = typeOf(key, s, svc.shapes);
    if ((s.type === "structure" || s.type === "union") && t.startsWith("{")) {
      out.push(`export interface ${tsName(key)} ${t}\n`);
    } else {
      out.push(`export type ${tsName(key)} = ${t};\n`);
    }
  }
  return out.join("\n");
}

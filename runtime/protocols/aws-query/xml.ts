// Typed output -> XML elements for Query answers, compiled once per shape and written by
// hand into an array of strings:
//   structure  one element per member, named by its xmlName or member name
//   list       <name><member>..</member></name> (the list member's xmlName replaces
//              "member"); flattened: the item elements repeat under the member's name
//   map        <name><entry><key/><value/></entry></name> (xmlName on key and value);
//              flattened: <name><key/><value/></name> repeated
//   scalars    text: timestamps ISO 8601 unless the member says otherwise, blobs base64
import type { MemberSchema, ShapeSchema, ShapeTable, TimestampFormat } from "../../schema.ts";

type Encoder = (v: unknown, name: string, out: string[]) => void;

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "\r": "&#xD;",
};

/** Text for element content and attribute values; \r as a reference, which no parser turns into \n. */
export function escapeXml(s: string): string {
  return /[&<>"\r]/.test(s) ? s.replace(/[&<>"\r]/g, (c) => ESCAPES[c]) : s;
}

function number(v: unknown): string {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
  }
  return String(v);
}

function timestamp(v: unknown, format: TimestampFormat): string {
  const ms = v instanceof Date ? v.getTime() : typeof v === "number" ? v * 1000 : typeof v === "string" ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(ms)) return escapeXml(String(v));
  if (format === "epoch-seconds") return String(ms / 1000);
  if (format === "http-date") return new Date(ms).toUTCString();
  return new Date(ms).toISOString();
}

function blob(v: unknown): string {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
  if (typeof v === "string") return Buffer.from(v, "utf8").toString("base64");
  return "";
}

export class XmlEncoder {
  private readonly encoders = new Map<string, Encoder>();
  /** structure key -> the writer of its members alone (no element of its own) */
  private readonly memberWriters = new Map<string, (v: Record<string, unknown>, out: string[]) => void>();
  constructor(private readonly shapes: ShapeTable) {}

  /** Writes the members of structure `key` (the content of a Result or Error element). */
  members(key: string, value: unknown, out: string[]): void {
    if (key === "smithy.api#Unit" || !this.shapes[key] || value === null || typeof value !== "object") return;
    let w = this.memberWriters.get(key);
    if (!w) {
      w = this.structureMembers(this.shapes[key]);
      this.memberWriters.set(key, w);
    }
    w(value as Record<string, unknown>, out);
  }

  private encoder(key: string): Encoder {
    let e = this.encoders.get(key);
    if (!e) {
      let real: Encoder | undefined;
      this.encoders.set(key, (v, n, o) => real!(v, n, o));
      real = this.build(key, undefined);
      this.encoders.set(key, real);
      e = real;
    }
    return e;
  }

  private memberEncoder(m: MemberSchema): Encoder {
    const s = this.shapes[m.target];
    if (m.xmlFlattened && s?.type === "list") return this.listEncoder(s, true);
    if (m.xmlFlattened && s?.type === "map") return this.mapEncoder(s, true);
    if (s?.type === "timestamp" && m.timestampFormat) return this.build(m.target, m.timestampFormat);
    return this.encoder(m.target);
  }

  private structureMembers(s: ShapeSchema): (v: Record<string, unknown>, out: string[]) => void {
    const members: { name: string; wire: string; schema: MemberSchema; encoder?: Encoder }[] = Object.entries(s.members ?? {}).map(
      ([name, schema]) => ({ name, wire: schema.xmlName ?? name, schema }),
    );
    return (v, out) => {
      for (const m of members) {
        const x = v[m.name];
        if (x === undefined || x === null) continue;
        (m.encoder ??= this.memberEncoder(m.schema))(x, m.wire, out);
      }
    };
  }

  private build(key: string, tsFormat: TimestampFormat | undefined): Encoder {
    const s = this.shapes[key];
    if (!s) throw new Error(`shape ${key} is not in the table`);
    switch (s.type) {
      case "structure":
      case "union": {
        let write: ((v: Record<string, unknown>, out: string[]) => void) | undefined;
        return (v, name, out) => {
          out.push(`<${name}>`);
          if (v && typeof v === "object") (write ??= this.structureMembers(s))(v as Record<string, unknown>, out);
          out.push(`</${name}>`);
        };
      }
      case "list":
        return this.listEncoder(s, false);
      case "map":
        return this.mapEncoder(s, false);
      case "string":
      case "enum":
        return (v, name, out) => void out.push(`<${name}>${escapeXml(String(v))}</${name}>`);
      case "boolean":
        return (v, name, out) => void out.push(`<${name}>${v ? "true" : "false"}</${name}>`);
      case "timestamp": {
        const format = tsFormat ?? s.timestampFormat ?? "date-time";
        return (v, name, out) => void out.push(`<${name}>${timestamp(v, format)}</${name}>`);
      }
      case "blob":
        return (v, name, out) => void out.push(`<${name}>${blob(v)}</${name}>`);
      case "document":
        return (v, name, out) => void out.push(`<${name}>${escapeXml(typeof v === "string" ? v : JSON.stringify(v))}</${name}>`);
      default:
        return (v, name, out) => void out.push(`<${name}>${number(v)}</${name}>`);
    }
  }

  private listEncoder(s: ShapeSchema, flattened: boolean): Encoder {
    const m = s.member!;
    const itemName = m.xmlName ?? "member";
    let item: Encoder | undefined;
    return (v, name, out) => {
      if (!Array.isArray(v)) return;
      item ??= this.memberEncoder(m);
      if (flattened) {
        for (const x of v) if (x !== null && x !== undefined) item(x, name, out);
        return;
      }
      out.push(`<${name}>`);
      for (const x of v) if (x !== null && x !== undefined) item(x, itemName, out);
      out.push(`</${name}>`);
    };
  }

  private mapEncoder(s: ShapeSchema, flattened: boolean): Encoder {
    const keyName = s.key!.xmlName ?? "key";
    const valueName = s.value!.xmlName ?? "value";
    let value: Encoder | undefined;
    return (v, name, out) => {
      if (!v || typeof v !== "object") return;
      value ??= this.memberEncoder(s.value!);
      if (!flattened) out.push(`<${name}>`);
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x === undefined || x === null) continue;
        out.push(flattened ? `<${name}>` : "<entry>", `<${keyName}>${escapeXml(k)}</${keyName}>`);
        value(x, valueName, out);
        out.push(flattened ? `</${name}>` : "</entry>");
      }
      if (!flattened) out.push(`</${name}>`);
    };
  }
}

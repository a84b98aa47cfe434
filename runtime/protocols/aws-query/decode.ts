// Query parameters -> typed input, compiled once per shape. The flat keys ("A.B.member.1")
// are first made into a tree of their dot-separated parts; each shape's decoder then reads
// its node:
//   structure  member name, or its xmlName (two members with one wire name: the first wins)
//   list       "<name>.member.N" (the list member's xmlName replaces "member"),
//              flattened "<name>.N"; "<name>=" alone is the empty list
//   map        "<name>.entry.N.key" / ".value" (xmlName on key and value replaces them),
//              flattened "<name>.N.key"
//   scalars    text: booleans "true"/"false", numbers in decimal, blobs in base64,
//              timestamps ISO 8601 unless the member says otherwise
// A value of the wrong kind is an InvalidParameterValue naming the parameter.
import type { MemberSchema, ShapeSchema, ShapeTable, TimestampFormat } from "../../schema.ts";
import { QueryErrors } from "./errors.ts";

export interface QueryNode {
  value?: string;
  children?: Map<string, QueryNode>;
}

/** Parameters (Action and Version left out) as a tree of their dot-separated key parts. */
export function paramTree(params: Map<string, string>): QueryNode {
  const root: QueryNode = {};
  for (const [key, value] of params) {
    if (key === "Action" || key === "Version") continue;
    let node = root;
    for (const part of key.split(".")) {
      node.children ??= new Map();
      let next = node.children.get(part);
      if (!next) node.children.set(part, (next = {}));
      node = next;
    }
    node.value = value;
  }
  return root;
}

type Decoder = (node: QueryNode, path: string) => unknown;

const INT_LIMITS: Partial<Record<ShapeSchema["type"], [number, number]>> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  intEnum: [-2147483648, 2147483647],
  long: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function invalid(value: string, path: string, why: string): never {
  throw QueryErrors.invalidParameterValue(`Value ${value} for parameter ${path} is invalid. Reason: ${why}`);
}

/** The entries of a node whose children are numbered 1, 2, ..., in number order. */
function numbered(node: QueryNode | undefined): [number, QueryNode][] {
  if (!node?.children) return [];
  const out: [number, QueryNode][] = [];
  for (const [k, child] of node.children) {
    if (/^[1-9]\d*$/.test(k)) out.push([Number(k), child]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

function text(node: QueryNode, path: string): string {
  if (node.value === undefined) invalid("(structure)", path, "a single value is expected.");
  return node.value;
}

function parseTimestamp(v: string, format: TimestampFormat, path: string): Date {
  if (format === "epoch-seconds" || /^-?\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    if (v !== "" && Number.isFinite(n)) return new Date(Math.round(n * 1000));
  } else {
    const d = new Date(v);
    if (v !== "" && !Number.isNaN(d.getTime())) return d;
  }
  return invalid(v, path, "must be a timestamp.");
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export class QueryDecoder {
  private readonly decoders = new Map<string, Decoder>();
  constructor(private readonly shapes: ShapeTable) {}

  decode(key: string, root: QueryNode): Record<string, unknown> {
    if (key === "smithy.api#Unit" || !this.shapes[key]) return {};
    return this.decoder(key)(root, "") as Record<string, unknown>;
  }

  private decoder(key: string): Decoder {
    let d = this.decoders.get(key);
    if (!d) {
      let real: Decoder | undefined;
      this.decoders.set(key, (n, p) => real!(n, p));
      real = this.build(key, undefined);
      this.decoders.set(key, real);
      d = real;
    }
    return d;
  }

  private memberDecoder(m: MemberSchema): Decoder {
    const s = this.shapes[m.target];
    if (s?.type === "timestamp" && m.timestampFormat) return this.build(m.target, m.timestampFormat);
    return this.decoder(m.target);
  }

  private build(key: string, tsFormat: TimestampFormat | undefined): Decoder {
    const s = this.shapes[key];
    if (!s) throw new Error(`shape ${key} is not in the table`);
    const join = (path: string, part: string) => (path ? `${path}.${part}` : part);
    switch (s.type) {
      case "structure":
      case "union": {
        // wire name -> member name and its decoder (made when first needed: shapes may be recursive)
        const byWire = new Map<string, { name: string; schema: MemberSchema; decoder?: Decoder }>();
        for (const [name, m] of Object.entries(s.members ?? {})) {
          const wire = m.xmlName ?? name;
          if (!byWire.has(wire)) byWire.set(wire, { name, schema: m });
        }
        return (node, path) => {
          const out: Record<string, unknown> = {};
          if (!node.children) return out;
          for (const [wire, child] of node.children) {
            const m = byWire.get(wire);
            if (!m) continue; // unknown parameters are ignored
            out[m.name] = (m.decoder ??= this.listAware(m.schema))(child, join(path, wire));
          }
          return out;
        };
      }
      case "list":
        return this.listDecoder(s, false);
      case "map":
        return this.mapDecoder(s, false);
      case "string":
      case "enum":
        return (node, path) => text(node, path);
      case "boolean":
        return (node, path) => {
          const v = text(node, path).toLowerCase();
          if (v === "true") return true;
          if (v === "false") return false;
          return invalid(node.value!, path, "must be a boolean (true or false).");
        };
      case "byte":
      case "short":
      case "integer":
      case "intEnum":
      case "long": {
        const [lo, hi] = INT_LIMITS[s.type]!;
        return (node, path) => {
          const v = text(node, path).trim();
          if (!/^[+-]?\d+$/.test(v)) return invalid(node.value!, path, "must be an integer.");
          const n = Number(v);
          if (n < lo || n > hi) return invalid(node.value!, path, `must be between ${lo} and ${hi}.`);
          return n;
        };
      }
      case "bigInteger":
        return (node, path) => {
          const v = text(node, path).trim();
          if (!/^[+-]?\d+$/.test(v)) return invalid(node.value!, path, "must be an integer.");
          return BigInt(v);
        };
      case "float":
      case "double":
      case "bigDecimal":
        return (node, path) => {
          const v = text(node, path).trim();
          if (v === "NaN") return Number.NaN;
          if (v === "Infinity") return Number.POSITIVE_INFINITY;
          if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
          const n = Number(v);
          if (v === "" || !Number.isFinite(n)) return invalid(node.value!, path, "must be a number.");
          return n;
        };
      case "timestamp": {
        const format = tsFormat ?? s.timestampFormat ?? "date-time";
        return (node, path) => parseTimestamp(text(node, path).trim(), format, path);
      }
      case "blob":
        return (node, path) => {
          const v = text(node, path);
          if (!BASE64.test(v)) return invalid(v, path, "must be base64-encoded.");
          return new Uint8Array(Buffer.from(v, "base64"));
        };
      case "document":
        return (node) => node.value;
    }
  }

  /** A member's decoder: a flattened list or map reads its items from the member's own node. */
  private listAware(m: MemberSchema): Decoder {
    const s = this.shapes[m.target];
    if (m.xmlFlattened && s?.type === "list") return this.listDecoder(s, true);
    if (m.xmlFlattened && s?.type === "map") return this.mapDecoder(s, true);
    return this.memberDecoder(m);
  }

  private listDecoder(s: ShapeSchema, flattened: boolean): Decoder {
    const m = s.member!;
    const itemName = m.xmlName ?? "member";
    let item: Decoder | undefined;
    return (node, path) => {
      const container = flattened ? node : node.children?.get(itemName);
      const base = flattened ? path : `${path}.${itemName}`;
      item ??= this.memberDecoder(m);
      const out: unknown[] = [];
      for (const [n, child] of numbered(container)) out.push(item(child, `${base}.${n}`));
      return out;
    };
  }

  private mapDecoder(s: ShapeSchema, flattened: boolean): Decoder {
    const keyName = s.key!.xmlName ?? "key";
    const valueName = s.value!.xmlName ?? "value";
    let key: Decoder | undefined;
    let value: Decoder | undefined;
    return (node, path) => {
      const container = flattened ? node : node.children?.get("entry");
      const base = flattened ? path : `${path}.entry`;
      key ??= this.memberDecoder(s.key!);
      value ??= this.memberDecoder(s.value!);
      const out: Record<string, unknown> = {};
      for (const [n, entry] of numbered(container)) {
        const k = entry.children?.get(keyName);
        const v = entry.children?.get(valueName);
        if (!k) continue;
        const name = key(k, `${base}.${n}.${keyName}`) as string;
        if (name === "__proto__") continue;
        if (v) out[name] = value(v, `${base}.${n}.${valueName}`);
      }
      return out;
    };
  }
}

// XML documents of restXml bodies, read and written per the shape schema. Compiled once
// per shape (closures over the schema):
//   structure  one child element per member, named by its xmlName or member name;
//              xmlAttribute members are attributes of the element; a member's
//              xmlNamespace is declared on its element (xmlns or xmlns:prefix)
//   union      like a structure, with one member set
//   list       <Name><member>..</member></Name> (the list member's xmlName replaces
//              "member"); flattened: the items repeat under the member's own name
//   map        <Name><entry><key/><value/></entry></Name> (xmlName on key and value);
//              flattened: <Name><key/><value/></Name> repeated
//   scalars    text: timestamps date-time unless the member or shape says otherwise,
//              blobs base64, booleans true/false, non-finite floats NaN/Infinity/-Infinity
// Reading ignores namespace prefixes on element and attribute names (xsi:type is read as
// type), unknown elements, and whitespace between elements.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { MemberSchema, ShapeSchema, ShapeTable, TimestampFormat, XmlNamespace } from "../../schema.ts";
import { formatTimestamp } from "../http-binding/values.ts";

type Rec = Record<string, unknown>;
/** an element as the parser hands it over: child element arrays, "@_attr" strings, "#text" */
type Node = Rec | string;

/** Why a document could not be read (the protocol turns it into its error). */
export class XmlError extends Error {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  alwaysCreateTextNode: true,
  isArray: (_name: string, _path: unknown, _leaf: boolean, attribute: boolean) => !attribute,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** The root element of a document: its local name and its node. */
export function parseDocument(text: string): { name: string; node: Node } {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlError(valid.err.msg);
  const doc = parser.parse(text) as Rec;
  const roots = Object.keys(doc).filter((k) => !k.startsWith("@_") && k !== "#text");
  if (roots.length !== 1) throw new XmlError("the document must have exactly one root element");
  const list = doc[roots[0]] as Node[];
  if (!Array.isArray(list) || list.length !== 1) throw new XmlError("the document must have exactly one root element");
  return { name: roots[0], node: list[0] };
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#xD;" };

export function escapeXml(s: string): string {
  return /[&<>"\r]/.test(s) ? s.replace(/[&<>"\r]/g, (c) => ESCAPES[c]) : s;
}

function local(name: string): string {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
}

function textOf(node: Node | undefined): string {
  if (node === undefined) return "";
  if (typeof node === "string") return node;
  const t = node["#text"];
  return t === undefined ? "" : String(t);
}

function children(node: Node | undefined, name: string): Node[] | undefined {
  if (node === undefined || typeof node === "string") return undefined;
  const v = node[name];
  return Array.isArray(v) ? (v as Node[]) : undefined;
}

export function namespaceAttribute(ns: XmlNamespace | undefined): string {
  if (!ns) return "";
  return ns.prefix ? ` xmlns:${ns.prefix}="${escapeXml(ns.uri)}"` : ` xmlns="${escapeXml(ns.uri)}"`;
}

const INTEGER_TYPES = new Set(["byte", "short", "integer", "long", "intEnum"]);

type Decoder = (node: Node) => unknown;
/** writes the element `name` (with `attrs`, e.g. a namespace declaration) for value v */
type Encoder = (v: unknown, name: string, attrs: string, out: string[]) => void;

export class XmlCodec {
  private readonly decoders = new Map<string, Decoder>();
  private readonly encoders = new Map<string, Encoder>();

  constructor(private readonly shapes: ShapeTable) {}

  shape(key: string): ShapeSchema {
    const s = this.shapes[key];
    if (!s) throw new Error(`shape ${key} is not in the table`);
    return s;
  }

  /** The element name a shape's document has at its root. */
  rootName(key: string): string {
    return this.shapes[key]?.xmlName ?? local(key.slice(key.indexOf("#") + 1));
  }

  // -------------------------------------------------------------------------------------
  // Reading

  decode(key: string, node: Node): unknown {
    return this.decoder(key, undefined)(node);
  }

  private decoder(key: string, tsFormat: TimestampFormat | undefined): Decoder {
    const cacheKey = tsFormat ? `${key}@${tsFormat}` : key;
    let d = this.decoders.get(cacheKey);
    if (!d) {
      let real: Decoder | undefined;
      this.decoders.set(cacheKey, (n) => real!(n));
      real = this.buildDecoder(key, tsFormat);
      this.decoders.set(cacheKey, real);
      d = real;
    }
    return d;
  }

  private memberDecoder(m: MemberSchema): Decoder {
    const s = this.shape(m.target);
    return this.decoder(m.target, s.type === "timestamp" ? m.timestampFormat : undefined);
  }

  /** How a member is found in its parent element: undefined when absent. */
  private memberReader(name: string, m: MemberSchema): (parent: Node) => unknown {
    const wire = local(m.xmlName ?? name);
    const s = this.shape(m.target);
    if (m.xmlAttribute) {
      const attr = `@_${wire}`;
      return (parent) => {
        if (typeof parent === "string") return undefined;
        const v = parent[attr];
        return v === undefined ? undefined : this.memberDecoder(m)(String(v));
      };
    }
    if (m.xmlFlattened && s.type === "list") {
      const item = s.member!;
      return (parent) => {
        const els = children(parent, wire);
        if (!els) return undefined;
        const d = this.memberDecoder(item);
        return els.map((e) => d(e));
      };
    }
    if (m.xmlFlattened && s.type === "map") {
      const read = this.entriesReader(s);
      return (parent) => {
        const els = children(parent, wire);
        return els ? read(els) : undefined;
      };
    }
    return (parent) => {
      const els = children(parent, wire);
      return els && els.length ? this.memberDecoder(m)(els[0]) : undefined;
    };
  }

  private entriesReader(s: ShapeSchema): (entries: Node[]) => Rec {
    const keyName = local(s.key!.xmlName ?? "key");
    const valueName = local(s.value!.xmlName ?? "value");
    return (entries) => {
      const out: Rec = {};
      const vd = this.memberDecoder(s.value!);
      for (const e of entries) {
        const k = children(e, keyName);
        const v = children(e, valueName);
        if (!k || !k.length) continue;
        out[textOf(k[0])] = v && v.length ? vd(v[0]) : s.sparse ? null : "";
      }
      return out;
    };
  }

  private buildDecoder(key: string, tsFormat: TimestampFormat | undefined): Decoder {
    const s = this.shape(key);
    switch (s.type) {
      case "structure":
      case "union": {
        const readers = Object.entries(s.members ?? {}).map(([name, m]) => [name, this.memberReader(name, m)] as const);
        return (node) => {
          const out: Rec = {};
          for (const [name, read] of readers) {
            const v = read(node);
            if (v !== undefined) out[name] = v;
          }
          return out;
        };
      }
      case "list": {
        const itemName = local(s.member!.xmlName ?? "member");
        return (node) => {
          const d = this.memberDecoder(s.member!);
          return (children(node, itemName) ?? []).map((e) => d(e));
        };
      }
      case "map": {
        const read = this.entriesReader(s);
        return (node) => read(children(node, "entry") ?? []);
      }
      case "string":
      case "enum":
        return (node) => textOf(node);
      case "boolean":
        return (node) => {
          const t = textOf(node).trim();
          if (t === "true") return true;
          if (t === "false") return false;
          throw new XmlError(`'${t}' is not a boolean`);
        };
      case "blob":
        return (node) => new Uint8Array(Buffer.from(textOf(node).trim(), "base64"));
      case "timestamp": {
        const format = tsFormat ?? s.timestampFormat ?? "date-time";
        return (node) => {
          const t = textOf(node).trim();
          const d = format === "epoch-seconds" ? new Date(Math.round(Number(t) * 1000)) : new Date(t);
          if (t === "" || Number.isNaN(d.getTime())) throw new XmlError(`'${t}' is not a timestamp`);
          return d;
        };
      }
      case "float":
      case "double":
      case "bigDecimal":
        return (node) => {
          const t = textOf(node).trim();
          if (t === "NaN") return Number.NaN;
          if (t === "Infinity") return Number.POSITIVE_INFINITY;
          if (t === "-Infinity") return Number.NEGATIVE_INFINITY;
          const n = Number(t);
          if (t === "" || Number.isNaN(n)) throw new XmlError(`'${t}' is not a number`);
          return n;
        };
      case "bigInteger":
        return (node) => {
          const t = textOf(node).trim();
          if (!/^-?\d+$/.test(t)) throw new XmlError(`'${t}' is not an integer`);
          return BigInt(t);
        };
      case "document":
        return (node) => textOf(node);
      default:
        if (INTEGER_TYPES.has(s.type)) {
          return (node) => {
            const t = textOf(node).trim();
            if (!/^-?\d+$/.test(t)) throw new XmlError(`'${t}' is not an integer`);
            return Number(t);
          };
        }
        throw new Error(`cannot read a ${s.type} from XML`);
    }
  }

  // -------------------------------------------------------------------------------------
  // Writing

  /** The element `name` holding value `v` of shape `key`; `attrs` go into its start tag. */
  encode(key: string, v: unknown, name: string, attrs: string, out: string[]): void {
    this.encoder(key, undefined)(v, name, attrs, out);
  }

  private encoder(key: string, tsFormat: TimestampFormat | undefined): Encoder {
    const cacheKey = tsFormat ? `${key}@${tsFormat}` : key;
    let e = this.encoders.get(cacheKey);
    if (!e) {
      let real: Encoder | undefined;
      this.encoders.set(cacheKey, (v, n, a, o) => real!(v, n, a, o));
      real = this.buildEncoder(key, tsFormat);
      this.encoders.set(cacheKey, real);
      e = real;
    }
    return e;
  }

  private memberEncoder(m: MemberSchema): Encoder {
    const s = this.shape(m.target);
    return this.encoder(m.target, s.type === "timestamp" ? m.timestampFormat : undefined);
  }

  private scalarText(key: string, tsFormat: TimestampFormat | undefined): (v: unknown) => string {
    const s = this.shape(key);
    switch (s.type) {
      case "boolean":
        return (v) => (v ? "true" : "false");
      case "blob":
        return (v) =>
          v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") : Buffer.from(String(v), "utf8").toString("base64");
      case "timestamp": {
        const format = tsFormat ?? s.timestampFormat ?? "date-time";
        return (v) => escapeXml(formatTimestamp(v, format));
      }
      case "float":
      case "double":
      case "bigDecimal":
        return (v) => (typeof v === "number" && !Number.isFinite(v) ? (Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity") : String(v));
      case "document":
        return (v) => escapeXml(typeof v === "string" ? v : JSON.stringify(v));
      default:
        return (v) => escapeXml(String(v));
    }
  }

  /** The writer of a structure's attributes and child elements. */
  structureWriter(key: string): { attrs(v: Rec): string; content(v: Rec, out: string[]): void } {
    const s = this.shape(key);
    const entries = Object.entries(s.members ?? {});
    const attributes = entries
      .filter(([, m]) => m.xmlAttribute)
      .map(([name, m]) => ({ name, wire: m.xmlName ?? name, text: this.scalarText(m.target, m.timestampFormat) }));
    const elements = entries
      .filter(([, m]) => !m.xmlAttribute)
      .map(([name, m]) => {
        const target = this.shape(m.target);
        const ns = namespaceAttribute(m.xmlNamespace);
        let write: Encoder | undefined;
        const make = (): Encoder => {
          if (m.xmlFlattened && target.type === "list") return this.flatList(target, ns);
          if (m.xmlFlattened && target.type === "map") return this.mapEncoder(target, true);
          return this.memberEncoder(m);
        };
        return { name, wire: m.xmlName ?? name, ns, encode: (v: unknown, out: string[]) => (write ??= make())(v, m.xmlName ?? name, ns, out) };
      });
    return {
      attrs: (v) => {
        let a = "";
        for (const at of attributes) {
          const x = v[at.name];
          if (x !== undefined && x !== null) a += ` ${at.wire}="${at.text(x)}"`;
        }
        return a;
      },
      content: (v, out) => {
        for (const el of elements) {
          const x = v[el.name];
          if (x !== undefined && x !== null) el.encode(x, out);
        }
      },
    };
  }

  private flatList(s: ShapeSchema, ns: string): Encoder {
    let item: Encoder | undefined;
    return (v, name, _attrs, out) => {
      if (!Array.isArray(v)) return;
      item ??= this.memberEncoder(s.member!);
      for (const x of v) if (x !== null && x !== undefined) item(x, name, ns, out);
    };
  }

  private mapEncoder(s: ShapeSchema, flattened: boolean): Encoder {
    const keyName = s.key!.xmlName ?? "key";
    const valueName = s.value!.xmlName ?? "value";
    let value: Encoder | undefined;
    return (v, name, attrs, out) => {
      if (!v || typeof v !== "object") return;
      value ??= this.memberEncoder(s.value!);
      if (!flattened) out.push(`<${name}${attrs}>`);
      for (const [k, x] of Object.entries(v as Rec)) {
        if (x === undefined || x === null) continue;
        out.push(flattened ? `<${name}${attrs}>` : "<entry>", `<${keyName}>${escapeXml(k)}</${keyName}>`);
        value(x, valueName, "", out);
        out.push(flattened ? `</${name}>` : "</entry>");
      }
      if (!flattened) out.push(`</${name}>`);
    };
  }

  private buildEncoder(key: string, tsFormat: TimestampFormat | undefined): Encoder {
    const s = this.shape(key);
    switch (s.type) {
      case "structure":
      case "union": {
        let w: ReturnType<XmlCodec["structureWriter"]> | undefined;
        return (v, name, attrs, out) => {
          w ??= this.structureWriter(key);
          const rec = (v && typeof v === "object" ? v : {}) as Rec;
          out.push(`<${name}${attrs}${w.attrs(rec)}>`);
          w.content(rec, out);
          out.push(`</${name}>`);
        };
      }
      case "list": {
        const itemName = s.member!.xmlName ?? "member";
        let item: Encoder | undefined;
        return (v, name, attrs, out) => {
          if (!Array.isArray(v)) return;
          item ??= this.memberEncoder(s.member!);
          out.push(`<${name}${attrs}>`);
          for (const x of v) if (x !== null && x !== undefined) item(x, itemName, namespaceAttribute(s.member!.xmlNamespace), out);
          out.push(`</${name}>`);
        };
      }
      case "map":
        return this.mapEncoder(s, false);
      default: {
        const text = this.scalarText(key, tsFormat);
        return (v, name, attrs, out) => void out.push(`<${name}${attrs}>${text(v)}</${name}>`);
      }
    }
  }
}

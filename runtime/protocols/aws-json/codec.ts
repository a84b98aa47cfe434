// Typed values <-> body documents for the awsJson protocols, compiled once per shape.
// Decoding checks value types and answers mismatches the way Coral's JSON reader does
// (SerializationException with a Java-flavoured text); constraints are not its business.
//
// ShapeCodec holds what every awsJson body format shares (structures, unions, lists, maps,
// strings, booleans, integers); a subclass supplies the value kinds whose wire form
// differs (blobs, timestamps, floats, big integers). Those are asked for once, when a
// shape is compiled, so the compiled closures carry no per-value format switch.
// JsonCodec is the JSON one; cbor.ts has the CBOR one.
import { CommonErrors } from "../../errors.ts";
import { isImmutable } from "../../immutable.ts";
import type { MemberSchema, ShapeSchema, ShapeTable, TimestampFormat } from "../../schema.ts";

export type Decoder = (v: unknown) => unknown;
export type Encoder = (v: unknown) => unknown;

export const JAVA_TYPE: Partial<Record<ShapeSchema["type"], string>> = {
  string: "String",
  enum: "String",
  boolean: "Boolean",
  byte: "Byte",
  short: "Short",
  integer: "Integer",
  intEnum: "Integer",
  long: "Long",
  float: "Float",
  double: "Double",
  bigInteger: "BigInteger",
  bigDecimal: "BigDecimal",
  blob: "Blob",
  timestamp: "Date",
};

function javaClassOf(v: unknown): string {
  if (typeof v === "string") return "java.lang.String";
  if (typeof v === "boolean") return "java.lang.Boolean";
  // Coral reads every JSON number into one class of its own (CBOR's big integers too).
  if (typeof v === "number" || typeof v === "bigint") return "com.amazon.coral.value.json.numbers.TruncatingBigNumber";
  // a CBOR byte string
  if (v instanceof Uint8Array) return "[B";
  return "java.lang.Object";
}

/** Coral's texts for a value of the wrong kind (its article is "an", except before Blob). */
export function mismatch(v: unknown, javaType: string): never {
  if (Array.isArray(v)) throw CommonErrors.serialization("Start of list found where not expected");
  if (v && typeof v === "object" && !(v instanceof Uint8Array)) {
    throw CommonErrors.serialization("Start of structure or map found where not expected.");
  }
  const article = javaType === "Blob" ? "a" : "an";
  if (typeof v === "string" && javaType === "Boolean") throw CommonErrors.serialization(`'${v}' can not be converted to an Boolean`);
  throw CommonErrors.serialization(`class ${javaClassOf(v)} can not be converted to ${article} ${javaType}`);
}

export function decodeBase64(s: string): Uint8Array {
  if (s.length % 4 !== 0) {
    throw CommonErrors.serialization(
      `'${s}' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: ${s.length}`,
    );
  }
  // Node's decoder skips characters outside the alphabet (and takes the URL-safe one), so
  // a text is valid exactly when nothing was skipped, which the decoded length says, and
  // it has no URL-safe character (indexOf scans a long text far faster than a RegExp).
  const bytes = Buffer.from(s, "base64");
  const pad = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
  if (bytes.length === (s.length / 4) * 3 - pad && s.indexOf("-") < 0 && s.indexOf("_") < 0) return bytes;
  const bad = /[^A-Za-z0-9+/=]|=(?=[^=])/.exec(s)?.[0] ?? "=";
  throw CommonErrors.serialization(`'${s}' can not be converted to a Blob: Invalid Base64 character: '${bad}'`);
}

/** A date-time text ("2023-11-14T22:13:20Z") as a Date, or Coral's error. */
export function parseDateText(v: string): Date {
  const d = new Date(v);
  if (!Number.isNaN(d.getTime())) return d;
  throw CommonErrors.serialization(`Unable to parse date value '${v}'`);
}

function parseTimestamp(v: unknown, format: TimestampFormat): Date {
  if (typeof v === "number" && Number.isFinite(v)) return new Date(Math.round(v * 1000));
  if (typeof v === "string") {
    if (format === "epoch-seconds" && /^-?\d+(\.\d+)?$/.test(v)) return new Date(Math.round(Number(v) * 1000));
    return parseDateText(v);
  }
  return mismatch(v, "Date");
}

function formatTimestamp(d: unknown, format: TimestampFormat): unknown {
  const ms = d instanceof Date ? d.getTime() : typeof d === "number" ? d : Number.NaN;
  if (Number.isNaN(ms)) return d;
  if (format === "date-time") return new Date(ms).toISOString();
  if (format === "http-date") return new Date(ms).toUTCString();
  return ms / 1000;
}

/** The texts JSON has for the floats it has no number for (CBOR has them as numbers too). */
export function nonFiniteFromText(v: unknown): number | undefined {
  if (v === "NaN") return Number.NaN;
  if (v === "Infinity") return Number.POSITIVE_INFINITY;
  if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
  return undefined;
}

const INT_LIMITS: Partial<Record<ShapeSchema["type"], [number, number]>> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  long: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Compiles decoders and encoders over one service's shape table; see the top of the file. */
export abstract class ShapeCodec {
  private readonly decoders = new Map<string, Decoder>();
  private readonly encoders = new Map<string, Encoder>();
  constructor(protected readonly shapes: ShapeTable) {}

  /** the body format's decoders and encoders of the kinds that differ between formats */
  protected abstract blobDecoder(): Decoder;
  protected abstract timestampDecoder(format: TimestampFormat): Decoder;
  /** float, double and bigDecimal */
  protected abstract floatDecoder(javaType: string): Decoder;
  protected abstract bigIntegerDecoder(): Decoder;
  protected abstract blobEncoder(): Encoder;
  protected abstract timestampEncoder(format: TimestampFormat): Encoder;
  protected abstract floatEncoder(): Encoder;
  protected abstract bigIntegerEncoder(): Encoder;

  decode(key: string, doc: unknown): Record<string, unknown> {
    return this.decoder(key)(doc ?? {}) as Record<string, unknown>;
  }

  encode(key: string, value: unknown): unknown {
    return this.encoder(key)(value ?? {});
  }

  protected shape(key: string): ShapeSchema {
    const s = this.shapes[key];
    if (!s) throw new Error(`shape ${key} is not in the table`);
    return s;
  }

  private decoder(key: string): Decoder {
    let d = this.decoders.get(key);
    if (!d) {
      let real: Decoder | undefined;
      this.decoders.set(key, (v) => real!(v));
      real = this.buildDecoder(key, undefined);
      this.decoders.set(key, real);
      d = real;
    }
    return d;
  }

  /** Members with their own timestamp format get a decoder of their own. */
  private memberDecoder(m: MemberSchema): Decoder {
    const s = this.shape(m.target);
    if (s.type === "timestamp" && m.timestampFormat) return this.buildDecoder(m.target, m.timestampFormat);
    return this.decoder(m.target);
  }

  protected buildDecoder(key: string, tsFormat: TimestampFormat | undefined): Decoder {
    const s = this.shape(key);
    switch (s.type) {
      case "structure":
      case "union": {
        // member name -> its decoder, made when first needed (shapes may be recursive)
        const members = new Map<string, { schema: MemberSchema; decoder?: Decoder }>();
        for (const [name, m] of Object.entries(s.members ?? {})) members.set(name, { schema: m });
        return (v) => {
          if (v === null || typeof v !== "object" || Array.isArray(v)) {
            if (Array.isArray(v)) throw CommonErrors.serialization("Start of list found where not expected");
            throw CommonErrors.serialization("Expected null");
          }
          const out: Record<string, unknown> = {};
          for (const k in v as Record<string, unknown>) {
            const member = members.get(k);
            if (!member) continue; // unknown members are ignored
            const raw = (v as Record<string, unknown>)[k];
            if (raw === null || raw === undefined) continue;
            out[k] = (member.decoder ??= this.memberDecoder(member.schema))(raw);
          }
          return out;
        };
      }
      case "list": {
        let item: Decoder | undefined;
        const m = s.member!;
        return (v) => {
          if (!Array.isArray(v)) {
            if (v && typeof v === "object") throw CommonErrors.serialization("Start of structure or map found where not expected.");
            throw CommonErrors.serialization("Expected list or null");
          }
          item ??= this.memberDecoder(m);
          const out: unknown[] = new Array(v.length);
          for (let i = 0; i < v.length; i++) out[i] = v[i] === null ? null : item(v[i]);
          return out;
        };
      }
      case "map": {
        let val: Decoder | undefined;
        const m = s.value!;
        return (v) => {
          if (v === null || typeof v !== "object" || Array.isArray(v)) {
            if (Array.isArray(v)) throw CommonErrors.serialization("Start of list found where not expected");
            throw CommonErrors.serialization("Expected map or null");
          }
          val ??= this.memberDecoder(m);
          const out: Record<string, unknown> = {};
          for (const k in v as Record<string, unknown>) {
            const raw = (v as Record<string, unknown>)[k];
            out[k] = raw === null ? null : val(raw);
          }
          return out;
        };
      }
      case "string":
      case "enum":
        return (v) => (typeof v === "string" ? v : mismatch(v, "String"));
      case "boolean":
        return (v) => (typeof v === "boolean" ? v : mismatch(v, "Boolean"));
      case "byte":
      case "short":
      case "integer":
      case "long":
      case "intEnum": {
        const javaType = JAVA_TYPE[s.type]!;
        const [lo, hi] = INT_LIMITS[s.type === "intEnum" ? "integer" : s.type]!;
        const outOfRange = (v: unknown) => CommonErrors.serialization(`Numeric value (${v}) out of range of ${javaType.toLowerCase()}`);
        return (v) => {
          if (typeof v !== "number") {
            // CBOR integers beyond 2^53 arrive as bigints
            if (typeof v === "bigint") throw outOfRange(v);
            return mismatch(v, javaType);
          }
          // Coral truncates fractions of integral members.
          const n = Math.trunc(v);
          // (written so that NaN, which CBOR can carry, is out of range too)
          if (!(n >= lo && n <= hi)) throw outOfRange(v);
          return n;
        };
      }
      case "float":
      case "double":
      case "bigDecimal":
        return this.floatDecoder(JAVA_TYPE[s.type]!);
      case "bigInteger":
        return this.bigIntegerDecoder();
      case "blob":
        return this.blobDecoder();
      case "timestamp":
        return this.timestampDecoder(tsFormat ?? s.timestampFormat ?? "epoch-seconds");
      case "document":
        return (v) => v;
    }
  }

  /** The encoder of a shape, with a member's own timestamp format where it has one. */
  encoderOf(key: string, tsFormat: TimestampFormat | undefined): Encoder {
    return tsFormat ? this.buildEncoder(key, tsFormat) : this.encoder(key);
  }

  private encoder(key: string): Encoder {
    let e = this.encoders.get(key);
    if (!e) {
      let real: Encoder | undefined;
      this.encoders.set(key, (v) => real!(v));
      real = this.buildEncoder(key, undefined);
      this.encoders.set(key, real);
      e = real;
    }
    return e;
  }

  private memberEncoder(m: MemberSchema): Encoder {
    const s = this.shape(m.target);
    if (s.type === "timestamp" && m.timestampFormat) return this.buildEncoder(m.target, m.timestampFormat);
    return this.encoder(m.target);
  }

  protected buildEncoder(key: string, tsFormat: TimestampFormat | undefined): Encoder {
    const s = this.shape(key);
    const identity: Encoder = (v) => v;
    switch (s.type) {
      case "structure":
      case "union": {
        // each member's encoder is made when first needed (shapes may be recursive)
        const members: { name: string; schema: MemberSchema; encoder?: Encoder }[] = Object.entries(s.members ?? {}).map(
          ([name, schema]) => ({ name, schema }),
        );
        return (v) => {
          const obj = v as Record<string, unknown>;
          const out: Record<string, unknown> = {};
          for (const member of members) {
            const x = obj[member.name];
            if (x !== undefined && x !== null) out[member.name] = (member.encoder ??= this.memberEncoder(member.schema))(x);
          }
          return out;
        };
      }
      case "list": {
        let item: Encoder | undefined;
        return (v) => {
          item ??= this.memberEncoder(s.member!);
          return (v as unknown[]).map((x) => (x === null || x === undefined ? null : item!(x)));
        };
      }
      case "map": {
        let val: Encoder | undefined;
        return (v) => {
          val ??= this.memberEncoder(s.value!);
          const out: Record<string, unknown> = {};
          for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
            if (x === undefined) continue;
            out[k] = x === null ? null : val(x);
          }
          return out;
        };
      }
      case "blob":
        return this.blobEncoder();
      case "timestamp":
        return this.timestampEncoder(tsFormat ?? s.timestampFormat ?? "epoch-seconds");
      case "float":
      case "double":
      case "bigDecimal":
        return this.floatEncoder();
      case "bigInteger":
        return this.bigIntegerEncoder();
      default:
        return identity;
    }
  }
}

/** JSON: blobs in base64, timestamps in their format (epoch seconds by default), non-finite floats as texts. */
export class JsonCodec extends ShapeCodec {
  protected blobDecoder(): Decoder {
    return (v) => (typeof v === "string" ? decodeBase64(v) : mismatch(v, "Blob"));
  }

  protected timestampDecoder(format: TimestampFormat): Decoder {
    return (v) => parseTimestamp(v, format);
  }

  protected floatDecoder(javaType: string): Decoder {
    return (v) => {
      if (typeof v === "number") return v;
      return nonFiniteFromText(v) ?? mismatch(v, javaType);
    };
  }

  protected bigIntegerDecoder(): Decoder {
    return (v) => {
      if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
      return mismatch(v, "BigInteger");
    };
  }

  protected blobEncoder(): Encoder {
    return (v) => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") : v);
  }

  protected timestampEncoder(format: TimestampFormat): Encoder {
    return (v) => formatTimestamp(v, format);
  }

  protected floatEncoder(): Encoder {
    return (v) => {
      if (typeof v !== "number" || Number.isFinite(v)) return v;
      return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    };
  }

  protected bigIntegerEncoder(): Encoder {
    return (v) => (typeof v === "bigint" ? Number(v) : v);
  }
}

// ---------------------------------------------------------------------------------------
// JSON text written directly: the same text as JSON.stringify(encode(value)), made without
// the intermediate document, as a list of parts. A blob's base64 text needs no escaping,
// so it goes in as it is instead of being scanned again by JSON.stringify; and a large
// answer (Kinesis GetRecords: a thousand 1 KiB records) is copied once, straight into the
// bytes that are sent, instead of into one long string and then into bytes.

/** Writes a value's JSON text into `out`; false (and nothing written) when JSON has none. */
type PartWriter = (v: unknown, out: string[]) => boolean;

/** Characters JSON.stringify writes otherwise than as they are (lone surrogates among them). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify of a string, without its call for the common text that needs no escape. */
function stringText(s: string): string {
  // a regular expression costs more than JSON.stringify's own scan beyond a few characters
  return s.length > 24 || NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** JSON.stringify of one value, for the kinds that need nothing of their own. */
const plainPart: PartWriter = (v, out) => {
  if (typeof v === "string") {
    out.push(stringText(v));
    return true;
  }
  const text = JSON.stringify(v);
  if (text === undefined) return false;
  out.push(text);
  return true;
};

/**
 * A writer that keeps the text it wrote for a value marked immutable (runtime/immutable.ts)
 * and answers with that text when the same value is written again.
 */
function remembered(write: PartWriter): PartWriter {
  const texts = new WeakMap<object, string>();
  return (v, out) => {
    // a kept text means the value was marked, and a mark is never taken back
    let text = typeof v === "object" && v !== null ? texts.get(v) : undefined;
    if (text !== undefined) {
      out.push(text);
      return true;
    }
    if (!isImmutable(v)) return write(v, out);
    const parts: string[] = [];
    if (!write(v, parts)) return false;
    text = parts.join("");
    texts.set(v, text);
    out.push(text);
    return true;
  };
}

/** Answers up to this many characters are joined into one string (written with the headers); longer ones are copied into a Buffer in runs. */
const STRING_BODY_MAX = 256 * 1024;

export class JsonTextWriter {
  private readonly writers = new Map<string, PartWriter>();
  constructor(
    private readonly shapes: ShapeTable,
    private readonly codec: JsonCodec,
  ) {}

  /** The bytes of JSON.stringify(codec.encode(key, value)): a string when short, else a Buffer. */
  write(key: string, value: unknown): string | Buffer {
    const parts: string[] = [];
    if (!this.writer(key)(value ?? {}, parts)) return "{}";
    let chars = 0;
    for (let i = 0; i < parts.length; i++) chars += parts[i].length;
    if (chars <= STRING_BODY_MAX) return parts.join("");
    // Copied in runs of about 64K characters: one write per part would cost more than the copy.
    const runs: string[] = [];
    let bytes = 0;
    for (let i = 0; i < parts.length; ) {
      const from = i;
      let n = 0;
      while (i < parts.length && n < 65536) n += parts[i++].length;
      const run = parts.slice(from, i).join("");
      runs.push(run);
      bytes += Buffer.byteLength(run, "utf8");
    }
    const buf = Buffer.allocUnsafe(bytes);
    let at = 0;
    for (const run of runs) at += buf.write(run, at, "utf8");
    return buf;
  }

  private writer(key: string): PartWriter {
    let w = this.writers.get(key);
    if (!w) {
      let real: PartWriter | undefined;
      this.writers.set(key, (v, out) => real!(v, out));
      real = this.build(key, undefined);
      this.writers.set(key, real);
      w = real;
    }
    return w;
  }

  private memberWriter(m: MemberSchema): PartWriter {
    const s = this.shapes[m.target];
    if (s?.type === "timestamp" && m.timestampFormat) return this.build(m.target, m.timestampFormat);
    return this.writer(m.target);
  }

  /** Members set, in model order: '{"A":' before the first written, ',"B":' before the others. */
  private structureParts(
    order: readonly string[],
    members: Map<string, { first: string; schema: MemberSchema; writer?: PartWriter }>,
    obj: Record<string, unknown>,
    out: string[],
  ): boolean {
    let written = false;
    for (let i = 0; i < order.length; i++) {
      const x = obj[order[i]];
      if (x === undefined || x === null) continue;
      const m = members.get(order[i])!;
      const mark = out.length;
      out.push(written ? `,${m.first.slice(1)}` : m.first);
      if ((m.writer ??= this.memberWriter(m.schema))(x, out)) written = true;
      else out.length = mark;
    }
    out.push(written ? "}" : "{}");
    return true;
  }

  private build(key: string, tsFormat: TimestampFormat | undefined): PartWriter {
    const s = this.shapes[key];
    if (!s) throw new Error(`shape ${key} is not in the table`);
    switch (s.type) {
      case "union": {
        // One member is set: look up the value's own keys rather than trying every member.
        const members = new Map<string, { first: string; schema: MemberSchema; writer?: PartWriter }>();
        for (const [n, m] of Object.entries(s.members ?? {})) members.set(n, { first: `{${JSON.stringify(n)}:`, schema: m });
        const order = [...members.keys()];
        return (v, out) => {
          const obj = v as Record<string, unknown>;
          let set: string | undefined;
          let several = false;
          for (const k in obj) {
            if (!members.has(k)) continue;
            const x = obj[k];
            if (x === undefined || x === null) continue;
            if (set !== undefined) several = true;
            set = k;
          }
          // more than one member set (a handler's mistake): written in model order, like a structure
          if (several) return this.structureParts(order, members, obj, out);
          if (set === undefined) {
            out.push("{}");
            return true;
          }
          const m = members.get(set)!;
          const mark = out.length;
          out.push(m.first);
          if (!(m.writer ??= this.memberWriter(m.schema))(obj[set], out)) {
            out.length = mark;
            out.push("{}");
            return true;
          }
          out.push("}");
          return true;
        };
      }
      case "structure": {
        const members = new Map<string, { first: string; schema: MemberSchema; writer?: PartWriter }>();
        for (const [n, m] of Object.entries(s.members ?? {})) members.set(n, { first: `{${JSON.stringify(n)}:`, schema: m });
        const order = [...members.keys()];
        return remembered((v, out) => this.structureParts(order, members, v as Record<string, unknown>, out));
      }
      case "list": {
        let item: PartWriter | undefined;
        return (v, out) => {
          item ??= this.memberWriter(s.member!);
          const list = v as unknown[];
          if (!Array.isArray(list)) throw new TypeError(`${key}: a list was expected`);
          out.push("[");
          for (let i = 0; i < list.length; i++) {
            if (i > 0) out.push(",");
            const x = list[i];
            if (x === null || x === undefined || !item(x, out)) out.push("null");
          }
          out.push("]");
          return true;
        };
      }
      case "map": {
        let val: PartWriter | undefined;
        return remembered((v, out) => {
          val ??= this.memberWriter(s.value!);
          const obj = v as Record<string, unknown>;
          let written = false;
          for (const k in obj) {
            if (!Object.hasOwn(obj, k)) continue;
            const x = obj[k];
            if (x === undefined) continue;
            const mark = out.length;
            out.push(written ? "," : "{", stringText(k), ":");
            if (x === null) out.push("null");
            else if (!val(x, out)) {
              out.length = mark;
              continue;
            }
            written = true;
          }
          out.push(written ? "}" : "{}");
          return true;
        });
      }
      case "blob":
        return (v, out) => {
          if (!(v instanceof Uint8Array)) return plainPart(v, out);
          out.push('"', Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64"), '"');
          return true;
        };
      case "timestamp":
      case "float":
      case "double":
      case "bigDecimal":
      case "bigInteger": {
        const encode = this.codec.encoderOf(key, tsFormat);
        return (v, out) => plainPart(encode(v), out);
      }
      case "byte":
      case "short":
      case "integer":
      case "long":
      case "intEnum":
        return (v, out) => {
          if (typeof v !== "number" || !Number.isFinite(v)) return plainPart(v, out);
          out.push(String(v));
          return true;
        };
      case "boolean":
        return (v, out) => {
          if (typeof v !== "boolean") return plainPart(v, out);
          out.push(v ? "true" : "false");
          return true;
        };
      default:
        return plainPart;
    }
  }
}

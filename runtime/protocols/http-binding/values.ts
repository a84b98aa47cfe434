// Scalar values in HTTP text (labels, query parameters, headers) and back, per the
// HTTP binding rules: timestamps in date-time for labels and query parameters and in
// http-date for headers unless the member says otherwise; booleans and numbers as their
// text; blobs in base64; strings with a mediaType (and jsonValue strings) base64 in headers;
// header lists comma-separated (values with commas or quotes quoted).
import type { ShapeSchema, TimestampFormat } from "../../schema.ts";

export type Location = "label" | "query" | "header";

/** Why a text could not be read as the member's type (the binding turns it into the protocol's error). */
export class BadValue extends Error {}

const DEFAULT_FORMAT: Record<Location, TimestampFormat> = { label: "date-time", query: "date-time", header: "http-date" };

function parseTimestamp(text: string, format: TimestampFormat): Date {
  if (format === "epoch-seconds") {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new BadValue(`'${text}' is not a timestamp in epoch seconds`);
    return new Date(Math.round(Number(text) * 1000));
  }
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new BadValue(`'${text}' is not a timestamp`);
  return d;
}

export function formatTimestamp(v: unknown, format: TimestampFormat): string {
  const ms = v instanceof Date ? v.getTime() : typeof v === "number" ? v : Number.NaN;
  if (Number.isNaN(ms)) return String(v);
  if (format === "epoch-seconds") return String(ms / 1000);
  if (format === "http-date") return new Date(ms).toUTCString();
  // date-time: milliseconds only when there are any
  const iso = new Date(ms).toISOString();
  return ms % 1000 === 0 ? iso.replace(".000Z", "Z") : iso;
}

const INTEGER_TYPES = new Set(["byte", "short", "integer", "long", "intEnum"]);
const INT_LIMITS: Record<string, [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  intEnum: [-2147483648, 2147483647],
  long: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Reads one scalar. `format` is the member's own timestamp format, if it has one. */
export function readScalar(text: string, shape: ShapeSchema, where: Location, format?: TimestampFormat): unknown {
  switch (shape.type) {
    case "string":
      if (where === "header" && shape.mediaType) return fromBase64(text);
      return text;
    case "enum":
      return text;
    case "boolean":
      if (text === "true") return true;
      if (text === "false") return false;
      throw new BadValue(`'${text}' is not a boolean`);
    case "float":
    case "double":
    case "bigDecimal": {
      if (text === "NaN") return Number.NaN;
      if (text === "Infinity") return Number.POSITIVE_INFINITY;
      if (text === "-Infinity") return Number.NEGATIVE_INFINITY;
      const n = Number(text);
      if (text.trim() === "" || Number.isNaN(n)) throw new BadValue(`'${text}' is not a number`);
      return n;
    }
    case "bigInteger":
      if (!/^-?\d+$/.test(text)) throw new BadValue(`'${text}' is not an integer`);
      return BigInt(text);
    case "blob":
      return new Uint8Array(Buffer.from(text, "base64"));
    case "timestamp":
      return parseTimestamp(text, format ?? shape.timestampFormat ?? DEFAULT_FORMAT[where]);
    default:
      if (INTEGER_TYPES.has(shape.type)) {
        if (!/^-?\d+$/.test(text)) throw new BadValue(`'${text}' is not an integer`);
        const n = Number(text);
        const [lo, hi] = INT_LIMITS[shape.type];
        if (n < lo || n > hi) throw new BadValue(`${text} is out of range of ${shape.type}`);
        return n;
      }
      throw new BadValue(`a ${shape.type} cannot travel in a ${where}`);
  }
}

function fromBase64(text: string): string {
  return Buffer.from(text, "base64").toString("utf8");
}

/** Writes one scalar as text. */
export function writeScalar(v: unknown, shape: ShapeSchema, where: Location, format?: TimestampFormat): string {
  switch (shape.type) {
    case "string":
      if (where === "header" && shape.mediaType) return Buffer.from(String(v), "utf8").toString("base64");
      return String(v);
    case "blob":
      return v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") : String(v);
    case "timestamp":
      return formatTimestamp(v, format ?? shape.timestampFormat ?? DEFAULT_FORMAT[where]);
    case "float":
    case "double":
    case "bigDecimal":
      if (typeof v === "number" && !Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
      return String(v);
    default:
      return String(v);
  }
}

/**
 * A header list split into its items: commas separate items, double-quoted items keep
 * theirs (backslash escapes inside quotes). Unquoted http-dates contain a comma of their
 * own, so for timestamp lists in http-date every second comma separates.
 */
export function splitHeaderList(text: string, httpDates: boolean): string[] {
  if (httpDates) {
    const parts = text.split(",").map((p) => p.trim());
    const out: string[] = [];
    for (let i = 0; i < parts.length; i += 2) out.push(parts[i + 1] !== undefined ? `${parts[i]}, ${parts[i + 1]}` : parts[i]);
    return out;
  }
  const out: string[] = [];
  let i = 0;
  while (i <= text.length) {
    while (text[i] === " " || text[i] === "\t") i++;
    if (text[i] === '"') {
      let item = "";
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && i + 1 < text.length) i++;
        item += text[i++];
      }
      i++; // closing quote
      while (i < text.length && text[i] !== ",") i++;
      out.push(item);
      i++;
    } else {
      const comma = text.indexOf(",", i);
      const end = comma < 0 ? text.length : comma;
      out.push(text.slice(i, end).trim());
      i = end + 1;
    }
  }
  return out;
}

/** Items joined into one header value; an item with a comma or a quote is quoted. */
export function joinHeaderList(items: readonly string[], httpDates: boolean): string {
  if (httpDates) return items.join(", ");
  return items.map((s) => (/[",]/.test(s) || s !== s.trim() ? `"${s.replace(/(["\\])/g, "\\$1")}"` : s)).join(", ");
}

// CBOR bodies (Content-Type application/x-amz-cbor-1.1) for every awsJson service: the
// Java SDKs (v1 and v2) and the KCL send them by default. Bytes <-> CBOR
// data items is @smithy/core's codec; this file maps data items to typed values per shape,
// compiled once per shape like the JSON codec (it shares ShapeCodec with it), and answers in
// CBOR, errors included (a map with __type, the message and the modeled members).
//
// What @smithy/core/cbor's raw codec does, and what this file adds:
// - it decodes definite- and indefinite-length maps, arrays, byte strings and text
//   strings (Jackson writes indefinite-length maps and arrays, and long strings in chunks);
//   map keys must be definite-length text;
// - it decodes tags 2/3 (big integers) to bigints, tag 4 (decimal) to a NumericValue, and
//   leaves every other tag, tag 1 included, as { tag, value } marked with tagSymbol: its
//   schema-aware deserializers would read tag 1 as epoch SECONDS (rpcv2Cbor's rule), which
//   is why this file reads the tag itself;
// - integers beyond 2^53 decode to bigints; it ignores bytes after the first data item
//   (as Jackson does by default);
// - known limit: it builds a tag 2/3 big integer byte by byte, in time quadratic in its
//   length (about a second for 100 KB), which no AWS client sends but a hostile one could.
//
// Timestamps, the choice made here: the Java SDKs write a timestamp as tag 1 around an
// integer count of epoch MILLISECONDS (Jackson's CBOR generator with the AWS customisation)
// and read them back the same way, and they are the clients that speak CBOR to awsJson
// services, so:
// - decoding: tag 1 around a number is epoch milliseconds, whether the number is an
//   integer or a float (a fraction of a millisecond is rounded away); an untagged number is
//   milliseconds too; a text (tag 0 or none) is a date-time;
// - encoding: always tag 1 around the integer milliseconds.
// A member's timestampFormat trait does not change this (no awsJson model has one).
//
// Blobs are byte strings both ways (a text is read as base64, as Jackson's getBinaryValue
// does); floats travel as CBOR floats, NaN and the infinities included; any other tag
// around a scalar is ignored, as Jackson's parser ignores it.
import { cbor, tag, tagSymbol } from "@smithy/core/cbor";
import { NumericValue } from "@smithy/core/serde";
import type { ServiceError } from "../../errors.ts";
import { CommonErrors } from "../../errors.ts";
import { type OperationSchema, perModule, type ServiceDescriptor, type ServiceModule, type ShapeType, type TimestampFormat } from "../../schema.ts";
import type { ProtocolCodec, WireRequest, WireResponse } from "../types.ts";
import { type Decoder, type Encoder, ShapeCodec, decodeBase64, mismatch, nonFiniteFromText, parseDateText } from "./codec.ts";
import { errorParts } from "./error.ts";
import { CBOR_TYPE } from "./index.ts";
import { eventStreamAnswer } from "./stream.ts";

interface Tagged {
  tag: number | bigint;
  value: unknown;
}

function isTagged(v: unknown): v is Tagged {
  return typeof v === "object" && v !== null && (v as Record<symbol, unknown>)[tagSymbol] === true;
}

/** Shapes whose values may come wrapped in a tag that means nothing to them. */
const UNTAG = new Set<ShapeType>([
  "string",
  "enum",
  "boolean",
  "byte",
  "short",
  "integer",
  "long",
  "intEnum",
  "float",
  "double",
  "bigDecimal",
  "bigInteger",
  "blob",
]);

/** a Date from epoch milliseconds, or Coral's error when there is no such date */
function dateOfMillis(ms: number, raw: unknown): Date {
  const d = new Date(Math.round(ms));
  if (Number.isNaN(d.getTime())) throw CommonErrors.serialization(`Unable to parse date value '${String(raw)}'`);
  return d;
}

export class CborCodec extends ShapeCodec {
  protected override buildDecoder(key: string, tsFormat: TimestampFormat | undefined): Decoder {
    const d = super.buildDecoder(key, tsFormat);
    if (!UNTAG.has(this.shape(key).type)) return d;
    return (v) => d(isTagged(v) ? v.value : v);
  }

  protected blobDecoder(): Decoder {
    return (v) => {
      // a copy: a view would keep the whole request body alive for as long as the value
      if (v instanceof Uint8Array) return Buffer.from(v);
      if (typeof v === "string") return decodeBase64(v);
      return mismatch(v, "Blob");
    };
  }

  protected timestampDecoder(): Decoder {
    return (v) => {
      const x = isTagged(v) ? v.value : v;
      if (typeof x === "number") return dateOfMillis(x, x);
      if (typeof x === "bigint") return dateOfMillis(Number(x), x);
      if (x instanceof NumericValue) return dateOfMillis(Number(x.string), x.string);
      if (typeof x === "string") return parseDateText(x);
      return mismatch(x, "Date");
    };
  }

  protected floatDecoder(javaType: string): Decoder {
    return (v) => {
      if (typeof v === "number") return v;
      if (typeof v === "bigint") return Number(v);
      if (v instanceof NumericValue) return Number(v.string);
      return nonFiniteFromText(v) ?? mismatch(v, javaType);
    };
  }

  protected bigIntegerDecoder(): Decoder {
    return (v) => {
      if (typeof v === "bigint") return v;
      if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
      return mismatch(v, "BigInteger");
    };
  }

  protected blobEncoder(): Encoder {
    return (v) => v;
  }

  protected timestampEncoder(): Encoder {
    return (v) => {
      // a number from a handler is epoch milliseconds, as for JSON
      const ms = v instanceof Date ? v.getTime() : typeof v === "number" ? v : Number.NaN;
      if (Number.isNaN(ms)) return v;
      return tag({ tag: 1, value: Math.round(ms) });
    };
  }

  protected floatEncoder(): Encoder {
    return (v) => v;
  }

  protected bigIntegerEncoder(): Encoder {
    return (v) => v;
  }
}

export const cborCodecFor = perModule((mod) => new CborCodec(mod.shapes));

const ignore = () => {};

/** The body's top-level map; anything unreadable is a SerializationException, as for JSON. */
function readBody(body: Buffer): Record<string, unknown> {
  let doc: unknown;
  // The codec console.warn()s (with a stack) on a length with an 8-byte argument past 2^53,
  // before failing on it: a client could fill the log that way, so warnings are off while it
  // runs (it is synchronous: nothing else runs meanwhile).
  const warn = console.warn;
  console.warn = ignore;
  try {
    doc = cbor.deserialize(body);
  } catch {
    // truncated, a reserved or unexpected byte, a missing break, lengths past the end, ...
    throw CommonErrors.serialization();
  } finally {
    console.warn = warn;
  }
  if (isTagged(doc)) doc = doc.value; // e.g. tag 55799, "self-described CBOR"
  if (Array.isArray(doc)) throw CommonErrors.serialization("Start of list found where not expected");
  if (doc === null || typeof doc !== "object" || doc instanceof Uint8Array || doc instanceof NumericValue) {
    throw CommonErrors.serialization();
  }
  return doc as Record<string, unknown>;
}

function writeBody(doc: unknown): Buffer {
  const bytes = cbor.serialize(doc);
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The CBOR side of AwsJsonProtocol (which hands it CBOR requests through forRequest). */
export class AwsCborProtocol implements ProtocolCodec {
  checkBody(req: WireRequest): void {
    if (req.body.length > 0) readBody(req.body);
  }

  parse(req: WireRequest, op: OperationSchema, mod: ServiceModule): Record<string, unknown> {
    if (req.body.length === 0) throw CommonErrors.serialization();
    return cborCodecFor(mod).decode(op.input, readBody(req.body));
  }

  serialize(output: unknown, op: OperationSchema, mod: ServiceModule): WireResponse {
    if (op.outputEventStream) return eventStreamAnswer(output, op, mod, cborCodecFor(mod), CBOR_TYPE, writeBody);
    const body = writeBody(cborCodecFor(mod).encode(op.output, output ?? {}));
    return { status: 200, headers: { "content-type": CBOR_TYPE }, body };
  }

  serializeError(err: ServiceError, svc: ServiceDescriptor, mod: ServiceModule | undefined): WireResponse {
    const { status, headers, doc } = errorParts(err, svc, mod, mod && cborCodecFor(mod));
    let body: Buffer;
    try {
      body = writeBody(doc);
    } catch {
      // a member CBOR cannot carry (an undefined deep in a document): the code and message still go
      const { __type, ...rest } = doc;
      const plain: Record<string, unknown> = { __type };
      for (const [k, v] of Object.entries(rest)) if (typeof v === "string") plain[k] = v;
      body = writeBody(plain);
    }
    return { status, headers: { "content-type": CBOR_TYPE, ...headers }, body };
  }
}

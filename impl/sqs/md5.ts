// The checksums SQS answers with: MD5 of the body, and MD5 of message attributes in the
// encoding AWS documents for them (names sorted; each name, data type and value preceded
// by its length as a 4-byte big-endian integer; a transport byte between type and value:
// 1 for String and Number, 2 for Binary; list values are not part of the encoding).
import * as crypto from "node:crypto";
import { createHash } from "node:crypto";

export interface AttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
}

// crypto.hash (one call, no Hash object) is in Node.js 20.12 and later
export const md5Hex: (text: string) => string =
  typeof crypto.hash === "function" ? (text) => crypto.hash("md5", text, "hex") : (text) => createHash("md5").update(text, "utf8").digest("hex");

function lengthPrefixed(parts: Buffer[], bytes: Buffer): void {
  const len = Buffer.allocUnsafe(4);
  len.writeUInt32BE(bytes.length, 0);
  parts.push(len, bytes);
}

/** undefined when there are no attributes (AWS then leaves the checksum out). */
export function md5OfAttributes(attrs: Readonly<Record<string, AttributeValue>> | undefined): string | undefined {
  if (!attrs) return undefined;
  const names = Object.keys(attrs).sort();
  if (names.length === 0) return undefined;
  const parts: Buffer[] = [];
  for (const name of names) {
    const a = attrs[name];
    lengthPrefixed(parts, Buffer.from(name, "utf8"));
    lengthPrefixed(parts, Buffer.from(a.DataType, "utf8"));
    if (a.BinaryValue !== undefined && a.DataType.startsWith("Binary")) {
      parts.push(Buffer.from([2]));
      lengthPrefixed(parts, Buffer.from(a.BinaryValue));
    } else {
      parts.push(Buffer.from([1]));
      lengthPrefixed(parts, Buffer.from(a.StringValue ?? "", "utf8"));
    }
  }
  return createHash("md5").update(Buffer.concat(parts)).digest("hex");
}

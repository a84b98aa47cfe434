// The binary event-stream framing (application/vnd.amazon.eventstream), written here from
// its published layout so that tests check the runtime's frames with code that does not
// share its library:
//   total length (4) | headers length (4) | prelude CRC32 (4) | headers | payload | message CRC32 (4)
// A header is: name length (1), name, value type (1), value. Value types: 0 true, 1 false,
// 2 byte, 3 short, 4 integer, 5 long, 6 bytes (2-byte length), 7 string (2-byte length),
// 8 timestamp (epoch milliseconds, 8 bytes), 9 uuid (16 bytes). Integers are big-endian.
import { crc32 } from "node:zlib";

export type HeaderValue = boolean | number | bigint | string | Buffer | Date;

export interface Frame {
  headers: Record<string, HeaderValue>;
  payload: Buffer;
}

/** Splits a body into frames; throws on a bad length or CRC. */
export function parseFrames(body: Buffer): Frame[] {
  const frames: Frame[] = [];
  let at = 0;
  while (at < body.length) {
    if (body.length - at < 16) throw new Error(`${body.length - at} bytes left: too few for a frame`);
    const total = body.readUInt32BE(at);
    const headersLength = body.readUInt32BE(at + 4);
    if (total < 16 || at + total > body.length) throw new Error(`frame length ${total} past the end of the body`);
    if (crc32(body.subarray(at, at + 8)) !== body.readUInt32BE(at + 8)) throw new Error("prelude CRC mismatch");
    if (crc32(body.subarray(at, at + total - 4)) !== body.readUInt32BE(at + total - 4)) throw new Error("message CRC mismatch");
    const headers: Record<string, HeaderValue> = {};
    let h = at + 12;
    const end = h + headersLength;
    while (h < end) {
      const nameLength = body[h++];
      const name = body.toString("utf8", h, h + nameLength);
      h += nameLength;
      const type = body[h++];
      let value: HeaderValue;
      switch (type) {
        case 0:
        case 1:
          value = type === 0;
          break;
        case 2:
          value = body.readInt8(h);
          h += 1;
          break;
        case 3:
          value = body.readInt16BE(h);
          h += 2;
          break;
        case 4:
          value = body.readInt32BE(h);
          h += 4;
          break;
        case 5:
          value = body.readBigInt64BE(h);
          h += 8;
          break;
        case 6:
        case 7: {
          const n = body.readUInt16BE(h);
          h += 2;
          value = type === 6 ? Buffer.from(body.subarray(h, h + n)) : body.toString("utf8", h, h + n);
          h += n;
          break;
        }
        case 8:
          value = new Date(Number(body.readBigInt64BE(h)));
          h += 8;
          break;
        case 9:
          value = body.subarray(h, h + 16).toString("hex");
          h += 16;
          break;
        default:
          throw new Error(`unknown header value type ${type}`);
      }
      headers[name] = value;
    }
    frames.push({ headers, payload: Buffer.from(body.subarray(end, at + total - 4)) });
    at += total;
  }
  return frames;
}

/** One frame with string headers. */
export function frame(headers: Record<string, string>, payload: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name, "utf8");
    const v = Buffer.from(value, "utf8");
    const len = Buffer.alloc(2);
    len.writeUInt16BE(v.length);
    parts.push(Buffer.from([n.length]), n, Buffer.from([7]), len, v);
  }
  const headerBytes = Buffer.concat(parts);
  const total = 16 + headerBytes.length + payload.length;
  const prelude = Buffer.alloc(12);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(headerBytes.length, 4);
  prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
  const message = Buffer.concat([prelude, headerBytes, payload]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(message));
  return Buffer.concat([message, crc]);
}

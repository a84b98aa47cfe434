// The checksums S3 accepts on uploads (x-amz-checksum-*, Content-MD5, x-amz-content-sha256),
// computed incrementally as a body streams by. CRC32 is zlib's (node >= 20.15), MD5, SHA-1
// and SHA-256 node:crypto's; CRC32C and CRC64/NVME are table-driven here (no dependency
// offers them to the runtime). Digests are big-endian bytes, as S3 writes them in base64.
import { createHash, type Hash } from "node:crypto";
import * as zlib from "node:zlib";

export type ChecksumAlgorithm = "crc32" | "crc32c" | "crc64nvme" | "sha1" | "sha256" | "md5";

/** The algorithms of x-amz-checksum-<name> headers and trailers, and the sizes of their digests. */
export const CHECKSUM_HEADERS: Readonly<Record<string, { algorithm: ChecksumAlgorithm; bytes: number; label: string }>> = {
  "x-amz-checksum-crc32": { algorithm: "crc32", bytes: 4, label: "CRC32" },
  "x-amz-checksum-crc32c": { algorithm: "crc32c", bytes: 4, label: "CRC32C" },
  "x-amz-checksum-crc64nvme": { algorithm: "crc64nvme", bytes: 8, label: "CRC64NVME" },
  "x-amz-checksum-sha1": { algorithm: "sha1", bytes: 20, label: "SHA1" },
  "x-amz-checksum-sha256": { algorithm: "sha256", bytes: 32, label: "SHA256" },
};

export interface Checksum {
  update(data: Uint8Array): void;
  digest(): Buffer;
}

function crcTable32(poly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

let CRC32C: Uint32Array | undefined;
let CRC32: Uint32Array | undefined;

class Crc32Table implements Checksum {
  private crc = 0xffffffff;
  constructor(private readonly table: Uint32Array) {}
  update(data: Uint8Array): void {
    let c = this.crc;
    const t = this.table;
    for (let i = 0; i < data.length; i++) c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
    this.crc = c;
  }
  digest(): Buffer {
    const b = Buffer.alloc(4);
    b.writeUInt32BE((this.crc ^ 0xffffffff) >>> 0);
    return b;
  }
}

class Crc32Zlib implements Checksum {
  private crc = 0;
  update(data: Uint8Array): void {
    this.crc = (zlib as unknown as { crc32(d: Uint8Array, v: number): number }).crc32(data, this.crc);
  }
  digest(): Buffer {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(this.crc >>> 0);
    return b;
  }
}

// CRC-64/NVME: reflected polynomial 0x9a6c9329ac4bc9b5, as two 32-bit halves (no BigInt in the loop).
let CRC64_HI: Uint32Array | undefined;
let CRC64_LO: Uint32Array | undefined;
function crc64Tables(): [Uint32Array, Uint32Array] {
  if (!CRC64_HI) {
    const polyHi = 0x9a6c9329;
    const polyLo = 0xac4bc9b5;
    CRC64_HI = new Uint32Array(256);
    CRC64_LO = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let hi = 0;
      let lo = n;
      for (let k = 0; k < 8; k++) {
        const bit = lo & 1;
        lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
        hi = hi >>> 1;
        if (bit) {
          hi = (hi ^ polyHi) >>> 0;
          lo = (lo ^ polyLo) >>> 0;
        }
      }
      CRC64_HI[n] = hi;
      CRC64_LO[n] = lo;
    }
  }
  return [CRC64_HI, CRC64_LO!];
}

class Crc64Nvme implements Checksum {
  private hi = 0xffffffff;
  private lo = 0xffffffff;
  private readonly th: Uint32Array;
  private readonly tl: Uint32Array;
  constructor() {
    [this.th, this.tl] = crc64Tables();
  }
  update(data: Uint8Array): void {
    let hi = this.hi;
    let lo = this.lo;
    const th = this.th;
    const tl = this.tl;
    for (let i = 0; i < data.length; i++) {
      const idx = (lo ^ data[i]) & 0xff;
      // crc >>> 8, then xor the table entry
      lo = ((lo >>> 8) | (hi << 24)) ^ tl[idx];
      hi = (hi >>> 8) ^ th[idx];
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
  }
  digest(): Buffer {
    const b = Buffer.alloc(8);
    b.writeUInt32BE((this.hi ^ 0xffffffff) >>> 0, 0);
    b.writeUInt32BE((this.lo ^ 0xffffffff) >>> 0, 4);
    return b;
  }
}

class NodeHash implements Checksum {
  private readonly h: Hash;
  constructor(alg: string) {
    this.h = createHash(alg);
  }
  update(data: Uint8Array): void {
    this.h.update(data);
  }
  digest(): Buffer {
    return this.h.digest();
  }
}

export function createChecksum(algorithm: ChecksumAlgorithm): Checksum {
  switch (algorithm) {
    case "crc32":
      if (typeof (zlib as { crc32?: unknown }).crc32 === "function") return new Crc32Zlib();
      return new Crc32Table((CRC32 ??= crcTable32(0xedb88320)));
    case "crc32c":
      return new Crc32Table((CRC32C ??= crcTable32(0x82f63b78)));
    case "crc64nvme":
      return new Crc64Nvme();
    default:
      return new NodeHash(algorithm);
  }
}

/** The base64 digest of `data` (whole) in `algorithm`. */
export function checksumOf(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  const c = createChecksum(algorithm);
  c.update(data);
  return c.digest().toString("base64");
}

// The aws-chunked content encoding of S3 uploads, in all its forms:
//   STREAMING-AWS4-HMAC-SHA256-PAYLOAD           <hex-size>;chunk-signature=<sig>\r\n<data>\r\n ... 0;chunk-signature=<sig>\r\n\r\n
//   STREAMING-UNSIGNED-PAYLOAD-TRAILER           <hex-size>\r\n<data>\r\n ... 0\r\n<name>:<value>\r\n\r\n
//   STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER   signed chunks, then trailers and x-amz-trailer-signature:<sig>
// (and the ECDSA variants, whose chunk lines look the same). The decoder is a state machine
// fed bytes as they arrive: it hands the data back without the framing, tells an observer
// each chunk's size, signature and bytes and the trailers with their signature (for a
// signature verifier), and keeps the trailers and signatures for whoever reads them later.
import type { IncomingHttpHeaders } from "node:http";

/** A body that is not valid aws-chunked framing, or ends early. */
export class AwsChunkedError extends Error {
  constructor(
    readonly code: "IncompleteBody" | "InvalidChunkSizeError" | "InvalidRequest",
    message: string,
  ) {
    super(message);
  }
}

/** What a signature verifier is told while a body is decoded; any method may throw to reject it. */
export interface ChunkObserver {
  /** a chunk line was read: its size (0 for the last chunk) and chunk-signature, if any */
  chunk?(size: number, signature: string | undefined): void;
  /** bytes of the current chunk, in order */
  data?(bytes: Uint8Array): void;
  /** the current chunk is complete */
  chunkEnd?(): void;
  /** the trailers (names in lower case) and x-amz-trailer-signature, if any */
  trailers?(trailers: Record<string, string>, signature: string | undefined): void;
}

/** Whether a request's body is aws-chunked (Content-Encoding, or a STREAMING- x-amz-content-sha256). */
export function isAwsChunked(headers: IncomingHttpHeaders): boolean {
  const sha = headers["x-amz-content-sha256"];
  if (typeof sha === "string" && sha.startsWith("STREAMING-")) return true;
  const enc = headers["content-encoding"];
  return typeof enc === "string" && enc.split(",").some((e) => e.trim().toLowerCase() === "aws-chunked");
}

const enum State {
  Line,
  Data,
  DataEnd,
  Trailer,
  Done,
}

const MAX_LINE = 8192;

export class AwsChunkedDecoder {
  /** every chunk's signature, in order (the last, empty chunk's included) */
  readonly signatures: string[] = [];
  readonly trailers: Record<string, string> = {};
  trailerSignature: string | undefined;
  /** bytes of data decoded so far */
  decoded = 0;
  private state = State.Line;
  private line: number[] = [];
  private remaining = 0;
  private crlf = 0;

  constructor(private readonly observer: ChunkObserver = {}) {}

  get done(): boolean {
    return this.state === State.Done;
  }

  /** Feeds bytes; returns the data they complete (views into `buf`). */
  push(buf: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let i = 0;
    while (i < buf.length && this.state !== State.Done) {
      switch (this.state) {
        case State.Data: {
          const n = Math.min(this.remaining, buf.length - i);
          const piece = buf.subarray(i, i + n);
          out.push(piece);
          this.observer.data?.(piece);
          this.decoded += n;
          this.remaining -= n;
          i += n;
          if (this.remaining === 0) {
            this.state = State.DataEnd;
            this.crlf = 0;
          }
          break;
        }
        case State.DataEnd: {
          const want = this.crlf === 0 ? 13 : 10;
          if (buf[i] !== want) throw new AwsChunkedError("IncompleteBody", "A chunk is not followed by CRLF.");
          i++;
          if (++this.crlf === 2) {
            this.observer.chunkEnd?.();
            this.state = State.Line;
          }
          break;
        }
        default: {
          // a line: chunk header or trailer
          const b = buf[i++];
          if (b === 10 && this.line[this.line.length - 1] === 13) {
            this.line.pop();
            const text = Buffer.from(this.line).toString("latin1");
            this.line = [];
            if (this.state === State.Line) this.chunkLine(text);
            else this.trailerLine(text);
          } else {
            if (this.line.length >= MAX_LINE) throw new AwsChunkedError("InvalidRequest", "An aws-chunked line is too long.");
            this.line.push(b);
          }
        }
      }
    }
    return out;
  }

  /** The body ended: throws when the framing did not. */
  end(): void {
    if (this.state === State.Trailer && this.line.length === 0) {
      // "0\r\n" then the end: no trailers and no closing CRLF, which some clients send
      this.finish();
    }
    if (this.state !== State.Done) throw new AwsChunkedError("IncompleteBody", "The request body terminated unexpectedly");
  }

  private chunkLine(text: string): void {
    const parts = text.split(";");
    const hex = parts[0].trim();
    if (!/^[0-9a-fA-F]{1,16}$/.test(hex)) throw new AwsChunkedError("InvalidChunkSizeError", `Invalid chunk size '${hex}'.`);
    const size = parseInt(hex, 16);
    let signature: string | undefined;
    for (const ext of parts.slice(1)) {
      const eq = ext.indexOf("=");
      if (eq > 0 && ext.slice(0, eq).trim() === "chunk-signature") signature = ext.slice(eq + 1).trim();
    }
    if (signature !== undefined) this.signatures.push(signature);
    this.observer.chunk?.(size, signature);
    if (size === 0) {
      this.observer.chunkEnd?.();
      this.state = State.Trailer;
    } else {
      this.remaining = size;
      this.state = State.Data;
    }
  }

  private trailerLine(text: string): void {
    if (text === "") return this.finish();
    const colon = text.indexOf(":");
    if (colon <= 0) throw new AwsChunkedError("InvalidRequest", `Invalid trailer '${text}'.`);
    const name = text.slice(0, colon).trim().toLowerCase();
    const value = text.slice(colon + 1).trim();
    if (name === "x-amz-trailer-signature") this.trailerSignature = value;
    else this.trailers[name] = value;
  }

  private finish(): void {
    this.state = State.Done;
    this.observer.trailers?.(this.trailers, this.trailerSignature);
  }
}

/** Decodes a whole aws-chunked body held in memory. */
export function decodeAwsChunked(body: Uint8Array, observer?: ChunkObserver): { data: Buffer; decoder: AwsChunkedDecoder } {
  const decoder = new AwsChunkedDecoder(observer);
  const parts = decoder.push(body);
  decoder.end();
  return { data: parts.length === 1 ? Buffer.from(parts[0].buffer, parts[0].byteOffset, parts[0].byteLength) : Buffer.concat(parts), decoder };
}

/** Decodes an aws-chunked body as it streams in. */
export async function* decodeAwsChunkedStream(src: AsyncIterable<Uint8Array>, decoder: AwsChunkedDecoder): AsyncGenerator<Uint8Array> {
  for await (const buf of src) {
    for (const piece of decoder.push(buf)) yield piece;
  }
  decoder.end();
}

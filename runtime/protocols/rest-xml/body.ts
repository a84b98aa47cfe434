// Upload bodies of restXml requests before the binding reads them: aws-chunked decoding
// (whole bodies and streamed ones), and the integrity checks S3 makes on every body:
// x-amz-checksum-<alg> (header or trailer), Content-MD5, and x-amz-content-sha256 when it
// is a hash. A body held in memory is checked at once; a streamed body as it is read: its
// last read throws the error (BadDigest, ...), which reaches the handler reading it.
import type { IncomingHttpHeaders } from "node:http";
import { ServiceError } from "../../errors.ts";
import { AwsChunkedDecoder, AwsChunkedError, type ChunkObserver, decodeAwsChunked, decodeAwsChunkedStream, isAwsChunked } from "../aws-chunked/index.ts";
import { type Checksum, CHECKSUM_HEADERS, type ChecksumAlgorithm, createChecksum } from "../aws-chunked/checksum.ts";

const err = (code: string, message: string, status = 400) => new ServiceError({ code, status, fault: "client" }, message);

export const XmlErrors = {
  malformedXml: () => err("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema"),
  invalidArgument: (message: string) => err("InvalidArgument", message),
  invalidRequest: (message: string) => err("InvalidRequest", message),
  badDigest: (message: string) => err("BadDigest", message),
  invalidDigest: () => err("InvalidDigest", "The Content-MD5 you specified was invalid."),
  sha256Mismatch: () => err("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed."),
  incompleteBody: (message = "The request body terminated unexpectedly") => err("IncompleteBody", message),
};

function chunkedError(e: unknown): unknown {
  if (e instanceof AwsChunkedError) return e.code === "IncompleteBody" ? XmlErrors.incompleteBody(e.message) : err(e.code, e.message);
  return e;
}

/** What the checks of one body expect: each algorithm's expected digest (base64), with its failure. */
interface Expectation {
  algorithm: ChecksumAlgorithm;
  /** the header it came from (for a trailer: filled in when the trailers arrive) */
  header: string;
  expected?: Buffer;
  fail: () => ServiceError;
  /** a hex sha256 (x-amz-content-sha256) rather than base64 */
  hex?: boolean;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function decodeDigest(text: string, bytes: number): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const b = Buffer.from(text, "base64");
  return b.length === bytes ? b : undefined;
}

/** The checks a request's headers ask for (trailing checksums are added once the trailers are read). */
function expectations(headers: IncomingHttpHeaders, chunked: boolean, checksumHeaders: boolean): Expectation[] {
  const out: Expectation[] = [];
  // x-amz-checksum-* headers are the body's checksums only where the operation has request
  // checksums (httpChecksum); elsewhere they are members of their own (the checksums of
  // something else than the body, such as a whole multipart object)
  for (const [name, info] of checksumHeaders ? Object.entries(CHECKSUM_HEADERS) : []) {
    const v = header(headers, name);
    if (v === undefined) continue;
    const expected = decodeDigest(v.trim(), info.bytes);
    if (!expected) throw XmlErrors.invalidRequest(`Value for ${name} header is invalid.`);
    out.push({ algorithm: info.algorithm, header: name, expected, fail: () => XmlErrors.badDigest(`The ${info.label} you specified did not match the calculated checksum.`) });
  }
  const md5 = header(headers, "content-md5");
  if (md5 !== undefined) {
    const expected = decodeDigest(md5.trim(), 16);
    if (!expected) throw XmlErrors.invalidDigest();
    out.push({ algorithm: "md5", header: "content-md5", expected, fail: () => XmlErrors.badDigest("The Content-MD5 you specified did not match what we received.") });
  }
  const sha = header(headers, "x-amz-content-sha256");
  // the hash covers the body as sent: for aws-chunked bodies it is a STREAMING- keyword
  if (sha !== undefined && !chunked && /^[0-9a-fA-F]{64}$/.test(sha)) {
    out.push({ algorithm: "sha256", header: "x-amz-content-sha256", expected: Buffer.from(sha, "hex"), hex: true, fail: XmlErrors.sha256Mismatch });
  }
  // trailing checksums announced by x-amz-trailer
  const trailer = header(headers, "x-amz-trailer");
  if (trailer) {
    for (const name of trailer.split(",").map((s) => s.trim().toLowerCase())) {
      const info = CHECKSUM_HEADERS[name];
      if (info && !out.some((e) => e.header === name)) {
        out.push({ algorithm: info.algorithm, header: name, fail: () => XmlErrors.badDigest(`The ${info.label} you specified did not match the calculated checksum.`) });
      }
    }
  }
  return out;
}

/** Runs the checks over data as it comes; finish() throws the first failure. */
class Verifier {
  private readonly sums: Checksum[];
  constructor(private readonly checks: Expectation[]) {
    this.sums = checks.map((c) => createChecksum(c.algorithm));
  }
  get empty(): boolean {
    return this.checks.length === 0;
  }
  update(data: Uint8Array): void {
    for (const s of this.sums) s.update(data);
  }
  finish(trailers?: Record<string, string>): void {
    for (let i = 0; i < this.checks.length; i++) {
      const c = this.checks[i];
      let expected = c.expected;
      if (!expected) {
        const text = trailers?.[c.header];
        if (text === undefined) throw XmlErrors.invalidRequest(`The trailer ${c.header} announced by x-amz-trailer is missing.`);
        expected = decodeDigest(text, CHECKSUM_HEADERS[c.header].bytes);
        if (!expected) throw XmlErrors.invalidRequest(`Value for ${c.header} trailing header is invalid.`);
      }
      if (!this.sums[i].digest().equals(expected)) throw c.fail();
    }
  }
}

/** What a prepared body hands the binding, and what it learnt on the way. */
export interface PreparedBody {
  body: Buffer;
  stream?: AsyncIterable<Uint8Array>;
  /** aws-chunked: the decoded length, and the trailers once read (header name -> value) */
  chunked?: { decodedLength?: number; trailers: Record<string, string> };
}

/**
 * A stream body as the handler gets it: the data, plus what a signature verifier or the
 * handler may want of its framing once it has been read.
 */
export interface UploadStream extends AsyncIterable<Uint8Array> {
  /** aws-chunked trailers (lower-case names), filled in when the stream ends */
  readonly trailers: Record<string, string>;
  /** each aws-chunked chunk-signature, in order, as read so far */
  readonly chunkSignatures: readonly string[];
}

/**
 * Decodes and checks a request body. `checksumHeaders`: the operation takes request
 * checksums, so x-amz-checksum-* headers are checked against the body. `observer` sees the
 * aws-chunked framing (signatures); `onTrailers` is called with the trailers of a streamed
 * body when they arrive.
 */
export function prepareBody(
  headers: IncomingHttpHeaders,
  body: Buffer,
  stream: AsyncIterable<Uint8Array> | undefined,
  checksumHeaders: boolean,
  onTrailers?: (trailers: Record<string, string>) => void,
  observer?: ChunkObserver,
): PreparedBody {
  const chunked = isAwsChunked(headers);
  const checks = new Verifier(expectations(headers, chunked, checksumHeaders));
  const declared = header(headers, "x-amz-decoded-content-length");
  const decodedLength = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined;

  if (!stream) {
    let data = body;
    let trailers: Record<string, string> = {};
    if (chunked) {
      try {
        const r = decodeAwsChunked(body, observer);
        data = r.data;
        trailers = r.decoder.trailers;
      } catch (e) {
        throw chunkedError(e);
      }
      if (decodedLength !== undefined && decodedLength !== data.length) throw XmlErrors.incompleteBody();
    }
    if (!checks.empty) {
      checks.update(data);
      checks.finish(trailers);
    }
    return { body: data, chunked: chunked ? { decodedLength: data.length, trailers } : undefined };
  }

  const decoder = chunked ? new AwsChunkedDecoder(observer) : undefined;
  const trailers = decoder ? decoder.trailers : {};
  async function* run(): AsyncGenerator<Uint8Array> {
    const src = decoder ? decodeAwsChunkedStream(stream!, decoder) : stream!;
    try {
      for await (const piece of src) {
        if (!checks.empty) checks.update(piece);
        yield piece;
      }
    } catch (e) {
      throw chunkedError(e);
    }
    if (decoder && decodedLength !== undefined && decoder.decoded !== decodedLength) throw XmlErrors.incompleteBody();
    checks.finish(trailers);
    if (decoder) onTrailers?.(trailers);
  }
  const gen = run();
  const upload: UploadStream = {
    [Symbol.asyncIterator]: () => gen,
    trailers,
    chunkSignatures: decoder ? decoder.signatures : [],
  };
  return { body: Buffer.alloc(0), stream: upload, chunked: chunked ? { decodedLength, trailers } : undefined };
}

// The only differences the protocol round trip accepts between what an SDK was given and
// what the emulator's handler received ("input"), or between what the handler returned
// and what the SDK decoded ("output"). Each entry names the SDK behaviour behind it.
// A difference caused by the emulator is a bug to fix, never an entry here.

export interface Difference {
  /** where in the value: "Entries[0].Id", "Tags.k"; "" for the whole value */
  path: string;
  expected: unknown;
  actual: unknown;
}

export interface AllowedDifference {
  service: string;
  /** every operation of the service when absent */
  operation?: string;
  where: "input" | "output";
  /** matched against Difference.path */
  path: RegExp;
  /** a further condition on the values, when the path alone would accept too much */
  when?: (d: Difference) => boolean;
  reason: string;
}

export const ALLOWED_DIFFERENCES: readonly AllowedDifference[] = [
  {
    service: "s3",
    where: "input",
    path: /^ContentMD5$/,
    when: (d) => d.expected === undefined && typeof d.actual === "string" && Buffer.from(d.actual, "base64").length === 16,
    reason:
      "clients from before the CRC32 default (3.441) add Content-MD5 to every operation that requires a checksum, after " +
      "the input is given; the handler receives that header as the member",
  },
  {
    service: "s3",
    where: "output",
    path: /^[A-Za-z]+$/,
    when: (d) => d.expected === undefined && (d.actual === "" || (typeof d.actual === "object" && d.actual !== null && !(d.actual instanceof Uint8Array) && Object.keys(d.actual).length === 0)),
    reason:
      "an answer whose payload member the handler leaves out has an empty body, which clients with generated " +
      "deserializers (3.441, 3.922) decode as an empty payload ({} or \"\") and schema-based ones as no member",
  },
  {
    service: "lambda",
    where: "output",
    path: /^(StatusCode|Status)$/,
    when: (d) => d.expected === undefined && typeof d.actual === "number",
    reason:
      "an httpResponseCode member the handler leaves out is still decoded by the SDK: it is the HTTP status " +
      "of the answer (the operation's own code), which every answer has",
  },
  {
    service: "lambda",
    operation: "Invoke",
    where: "output",
    path: /^Payload$/,
    when: (d) => d.expected === undefined && (d.actual === null || (d.actual instanceof Uint8Array && d.actual.length === 0)),
    reason: "a blob payload is the whole body: an answer without one has an empty body, which the SDK decodes as null",
  },
  {
    service: "lambda",
    operation: "InvokeWithResponseStream",
    where: "output",
    path: /^\[\d+\]\.PayloadChunk\.Payload$/,
    when: (d) => d.expected === undefined && d.actual instanceof Uint8Array && d.actual.length === 0,
    reason: "an @eventPayload blob is the whole message payload: an event without it has an empty payload, which the SDK decodes as empty bytes",
  },
  {
    service: "lambda",
    operation: "InvokeWithResponseStream",
    where: "output",
    path: /^ResponseStreamContentType$/,
    when: (d) => d.expected === undefined && d.actual === "application/vnd.amazon.eventstream",
    reason:
      "the member is bound to the Content-Type header, which an event-stream answer always has: left out by the " +
      "handler, the SDK decodes the answer's own type",
  },
  // S3 (@aws-sdk/client-s3). Each entry accepts a member the case left out (expected undefined)
  // and a value the SDK or HTTP itself supplies; a member the case gave must arrive unchanged.
  {
    service: "s3",
    where: "input",
    path: /^ChecksumAlgorithm$/,
    when: (d) => d.expected === undefined && d.actual === "CRC32",
    reason:
      "the SDK's flexible checksums (requestChecksumCalculation WHEN_SUPPORTED, its default) set an operation's " +
      "request algorithm member to CRC32 when the input has none, and send it as x-amz-sdk-checksum-algorithm",
  },
  {
    service: "s3",
    where: "input",
    path: /^ChecksumCRC32$/,
    when: (d) => d.expected === undefined && typeof d.actual === "string" && /^[A-Za-z0-9+/]{6}==$/.test(d.actual),
    reason:
      "with no checksum header in the input, the SDK computes the CRC32 of the body it sends and adds it as " +
      "x-amz-checksum-crc32, the header of the ChecksumCRC32 member",
  },
  {
    service: "s3",
    operation: "GetObject",
    where: "input",
    path: /^ChecksumMode$/,
    when: (d) => d.expected === undefined && d.actual === "ENABLED",
    reason:
      "the SDK (responseChecksumValidation WHEN_SUPPORTED, its default) sets ChecksumMode ENABLED when the input has " +
      "none, to validate the checksum of the object it gets",
  },
  {
    service: "s3",
    where: "input",
    path: /^ContentLength$/,
    when: (d) => d.expected === undefined && d.actual === 0,
    reason:
      "the member is bound to Content-Length: the SDK's HTTP handler (Node's http client) sends Content-Length: 0 " +
      "with a PUT or POST that has no body",
  },
  {
    service: "s3",
    operation: "PutObject",
    where: "input",
    path: /^ContentType$/,
    when: (d) => d.expected === undefined && d.actual === "application/octet-stream",
    reason: "the SDK's serializer sends Content-Type: application/octet-stream with a blob payload when the input gives no type",
  },
  {
    service: "s3",
    where: "input",
    path: /^Body$/,
    when: (d) => d.expected === undefined && d.actual instanceof Uint8Array && d.actual.length === 0,
    reason: "a blob payload is the whole body: a request without one has an empty body, which is empty bytes to the handler",
  },
  {
    service: "s3",
    where: "output",
    path: /^Body$/,
    when: (d) => d.expected === undefined && d.actual instanceof Uint8Array && d.actual.length === 0,
    reason: "a streaming blob payload is the whole body: the SDK gives every answer's body as a stream, empty when the answer has none",
  },
  {
    service: "s3",
    where: "output",
    path: /^ContentLength$/,
    when: (d) => d.expected === undefined && d.actual === 0,
    reason:
      "the member is bound to Content-Length, which every answer that is not chunked carries: with no ContentLength " +
      "given, it is the length of the answer's empty body, 0, and the SDK decodes it",
  },
  {
    service: "s3",
    where: "output",
    path: /^Metadata$/,
    when: (d) => d.expected === undefined && typeof d.actual === "object" && d.actual !== null && Object.keys(d.actual).length === 0,
    reason: "the SDK collects the x-amz-meta-* headers of an answer into Metadata, an empty map when there are none",
  },
  {
    service: "s3",
    where: "output",
    path: /^ExpiresString$/,
    when: (d) => d.expected === undefined && typeof d.actual === "string" && !Number.isNaN(Date.parse(d.actual)),
    reason:
      "ExpiresString is no member of the model: the S3 client adds it, the Expires header as the answer wrote it, " +
      "next to the Expires member it parses from that header",
  },
  {
    service: "s3",
    operation: "SelectObjectContent",
    where: "output",
    path: /^\[\d+\]\.Records\.Payload$/,
    when: (d) => d.expected === undefined && d.actual instanceof Uint8Array && d.actual.length === 0,
    reason: "an @eventPayload blob is the whole message payload: an event without it has an empty payload, which the SDK decodes as empty bytes",
  },
  {
    service: "s3",
    operation: "SelectObjectContent",
    where: "output",
    path: /^\[\d+\]\.(Stats|Progress)\.Details$/,
    when: (d) => d.expected === undefined && typeof d.actual === "object" && d.actual !== null && Object.keys(d.actual).length === 0,
    reason:
      "an @eventPayload structure is the whole message payload: an event without it has an empty payload, which the " +
      "SDK decodes as an empty structure",
  },
];

export function isAllowed(service: string, operation: string, where: "input" | "output", d: Difference): AllowedDifference | undefined {
  return ALLOWED_DIFFERENCES.find(
    (a) =>
      a.service === service &&
      (a.operation === undefined || a.operation === operation) &&
      a.where === where &&
      a.path.test(d.path) &&
      (a.when === undefined || a.when(d)),
  );
}

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

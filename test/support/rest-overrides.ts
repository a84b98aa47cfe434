// Synthesizer overrides for the REST round trips (restJson1 now): values the synthesizer
// cannot make from their constraints, or that HTTP itself limits. Each says why.
import type { OverrideTable } from "./synth.ts";

/** A 2xx status other than 204 (which has no body): an httpResponseCode member becomes the answer's status. */
const success = {
  reason: "an httpResponseCode member is the HTTP status of the answer: it must be a 2xx the SDK reads as success, with a body",
  value: (rng: () => number) => (rng() < 0.5 ? 200 : 202),
};

export const LAMBDA_OVERRIDES: OverrideTable = {
  S3Bucket: {
    reason: "its pattern ^[0-9A-Za-z\\.\\-_]*(?<!\\.)$ uses a lookbehind, which randexp's parser (ret) cannot read",
    value: (rng) => (rng() < 0.5 ? "my-bucket.example-1" : "code_bucket-2"),
  },
  InvocationResponse$StatusCode: success,
  InvokeAsyncResponse$Status: success,
  InvokeWithResponseStreamResponse$StatusCode: success,
};

// Values the synthesizer cannot generate from their constraint, per service. Keys: a shape
// key (used wherever the shape is), or "Owner$Member" for one member. Each says why.
// The values still go through the runtime's validator like every generated value.
import { createHash } from "node:crypto";
import type { OverrideTable } from "./synth.ts";

export const OVERRIDES: Readonly<Record<string, OverrideTable>> = {
  firehose: {
    ClusterJDBCURL: {
      reason:
        "its pattern uses a lookbehind, (?<!-), which randexp's parser (ret) cannot read: " +
        "^jdbc:(redshift|postgresql)://((?!-)[A-Za-z0-9-]{1,63}(?<!-)\\.)+(redshift(-serverless)?)\\.([a-zA-Z0-9\\.\\-]+):\\d{1,5}/[a-zA-Z0-9_$-]+$",
      value: (rng) =>
        rng() < 0.5
          ? "jdbc:redshift://examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com:5439/dev"
          : "jdbc:redshift://wg-1.123456789012.us-east-1.redshift-serverless.amazonaws.com:5439/analytics",
    },
  },
};

type Rec = Record<string, unknown>;

export interface OutputFixup {
  /** the SDK check that a synthesized value would fail */
  reason: string;
  /** rewrites the synthesized output, given the input the SDK is sent */
  fix: (output: Rec, input: Rec) => void;
}

/** md5 of a string's UTF-8 bytes, in lower-case hex, as SQS reports it */
export function md5Hex(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}

/**
 * service -> operation -> a rewrite of the synthesized output. The SQS client checks the
 * MD5 of message bodies in these outputs (@aws-sdk/middleware-sdk-sqs: send-message.js,
 * send-message-batch.js, receive-message.js) and throws on a mismatch, so the output
 * carries the real digests; MD5OfMessageAttributes is not checked by this client version.
 */
export const OUTPUT_FIXUPS: Readonly<Record<string, Readonly<Record<string, OutputFixup>>>> = {
  sqs: {
    SendMessage: {
      reason: "the client compares MD5OfMessageBody with the MD5 of the MessageBody it sent",
      fix: (output, input) => {
        output.MD5OfMessageBody = md5Hex(input.MessageBody as string);
      },
    },
    SendMessageBatch: {
      reason: "the client compares MD5OfMessageBody of each Successful entry with the MD5 of the sent entry of that Id",
      fix: (output, input) => {
        const sent = input.Entries as Rec[];
        const ok = output.Successful as Rec[];
        ok.forEach((entry, i) => {
          if (i >= sent.length) return;
          entry.Id = sent[i].Id;
          entry.MD5OfMessageBody = md5Hex(sent[i].MessageBody as string);
        });
      },
    },
    ReceiveMessage: {
      reason: "the client compares MD5OfBody of each message with the MD5 of its Body",
      fix: (output) => {
        for (const m of (output.Messages as Rec[] | undefined) ?? []) m.MD5OfBody = md5Hex((m.Body as string | undefined) ?? "");
      },
    },
  },
};

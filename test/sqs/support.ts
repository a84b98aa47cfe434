// Shared by the SQS tests: an emulator serving SQS, an SDK client over HTTP/1.1, raw
// awsJson 1.0 requests, error assertions, and AWS facts computed independently of the
// code under test (MD5 checksums per AWS's documented attribute encoding).
import { createHash } from "node:crypto";
import { expectFailure } from "../support/fails.ts";
import { CreateQueueCommand, GetQueueAttributesCommand, type Message, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { Clock } from "../../runtime/clock.ts";
import type { Emulator, EmulatorOptions } from "../../runtime/emulator.ts";
import { clientConfig, testEmulator } from "../support/emulator.ts";
import { send } from "../support/http.ts";

export const ACCOUNT = "000000000000";

export interface Setup {
  emu: Emulator;
  sqs: SQSClient;
  port: number;
  close(): Promise<void>;
}

/** `frozen`: time moves only when a test advances the clock (exact visibility and delay edges). */
export async function setup(opts: EmulatorOptions & { frozen?: boolean } = {}): Promise<Setup> {
  const { frozen, ...rest } = opts;
  const emu = await testEmulator({ services: ["sqs"], ...(frozen ? { clock: new Clock({ frozen: true }) } : {}), ...rest });
  const sqs = new SQSClient(clientConfig(emu));
  return {
    emu,
    sqs,
    port: Number(new URL(emu.url).port),
    async close() {
      sqs.destroy();
      await emu.stop();
    },
  };
}

let seq = 0;
/** a fresh queue; FIFO when the name ends with .fifo */
export async function makeQueue(sqs: SQSClient, prefix = "q", attributes: Record<string, string> = {}): Promise<string> {
  const fifo = prefix.endsWith(".fifo");
  const name = fifo ? `${prefix.slice(0, -5)}-${++seq}.fifo` : `${prefix}-${++seq}`;
  const out = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: fifo ? { FifoQueue: "true", ...attributes } : attributes }));
  return out.QueueUrl!;
}

export async function counts(sqs: SQSClient, QueueUrl: string): Promise<[number, number, number]> {
  const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }))).Attributes!;
  return [Number(a.ApproximateNumberOfMessages), Number(a.ApproximateNumberOfMessagesNotVisible), Number(a.ApproximateNumberOfMessagesDelayed)];
}

/** The messages one ReceiveMessage answers, with every system attribute. */
export async function receiveAll(sqs: SQSClient, QueueUrl: string, extra: Record<string, unknown> = {}): Promise<Message[]> {
  return (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ["All"], ...extra }))).Messages ?? [];
}

/** One awsJson 1.0 request as curl would send it (no signature); the answer's JSON parsed. */
export async function raw(port: number, op: string, body: unknown) {
  const a = await send(port, {
    path: "/",
    headers: { "X-Amz-Target": `AmazonSQS.${op}`, "Content-Type": "application/x-amz-json-1.0" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(a.body || "{}");
  } catch {
    /* not JSON */
  }
  return { status: a.status, json, text: a.body, headers: a.headers };
}

/** Expects the promise to fail with the SDK error `name` (and the query code and message when given). */
export const fails = (p: Promise<unknown>, name: string, message?: string | RegExp, queryCode?: string) => expectFailure(p, name, message, { code: queryCode });

export const md5 = (text: string | Buffer): string => createHash("md5").update(text).digest("hex");
export const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

/**
 * MD5 of message attributes as AWS documents it: names sorted; name, data type and value
 * each preceded by a 4-byte big-endian length; transport byte 1 (string) or 2 (binary).
 */
export function md5OfAttributes(attrs: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }>): string {
  const parts: Buffer[] = [];
  const withLength = (b: Buffer) => {
    const n = Buffer.alloc(4);
    n.writeUInt32BE(b.length);
    parts.push(n, b);
  };
  for (const name of Object.keys(attrs).sort()) {
    const a = attrs[name];
    withLength(Buffer.from(name, "utf8"));
    withLength(Buffer.from(a.DataType, "utf8"));
    if (a.BinaryValue) {
      parts.push(Buffer.from([2]));
      withLength(Buffer.from(a.BinaryValue));
    } else {
      parts.push(Buffer.from([1]));
      withLength(Buffer.from(a.StringValue!, "utf8"));
    }
  }
  return md5(Buffer.concat(parts));
}

// Starting and stopping emulators in tests, and SDK client settings that point at them.
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../runtime/emulator.ts";

process.env.AWS_EC2_METADATA_DISABLED = "true";
// The SDK warns on Node 20 that releases after January 2027 need Node 22; it is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };

/** An emulator on a free loopback port, quiet unless TEST_LOG is set. */
export function testEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ host: "127.0.0.1", port: 0, logLevel: process.env.TEST_LOG ? "info" : "silent", ...opts });
}

/**
 * Client configuration for @aws-sdk/client-*: static credentials, one attempt, HTTP/1.1.
 * `{ requestHandler: undefined }` leaves the key out, so the client uses its default
 * handler (HTTP/2 for Kinesis); remember `client.destroy()`, which closes its sessions.
 */
export function clientConfig(emu: Emulator, extra: Record<string, unknown> = {}) {
  const config: Record<string, unknown> = {
    endpoint: emu.url,
    region: "us-east-1",
    credentials: CREDENTIALS,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 30_000 }),
    ...extra,
  };
  if ("requestHandler" in extra && extra.requestHandler === undefined) delete config.requestHandler;
  return config;
}

// An emulator (S3 only) in a process of its own, for test/protocol/s3-uploads.test.ts:
// the test reads this process's peak RSS (/proc/<pid>/status VmHWM) while large uploads
// stream through it. Its PutObject handler hashes the body as it arrives (sha256), never
// holding it, and prints one JSON line per upload on stdout:
//   {"upload":{"key":..,"size":..,"sha256":..,"crc32":..,"contentLength":..}}
// or {"failed":{"key":..,"code":..}} when reading the body failed (BadDigest, ...).
// The first line is {"ready":"http://127.0.0.1:<port>"}. It stops when stdin closes
// (the test ended, or died) or on SIGTERM.
import { createHash } from "node:crypto";
import { startEmulator } from "../../runtime/emulator.ts";

process.env.AWS_EC2_METADATA_DISABLED = "true";

type Rec = Record<string, unknown>;
const line = (v: unknown) => process.stdout.write(`${JSON.stringify(v)}\n`);

const emu = await startEmulator({
  host: "127.0.0.1",
  port: 0,
  services: ["s3"],
  logLevel: process.env.TEST_LOG ? "info" : "silent",
  handlers: {
    s3: {
      PutObject: async (input: Rec) => {
        const hash = createHash("sha256");
        let size = 0;
        try {
          if (input.Body instanceof Uint8Array) {
            hash.update(input.Body);
            size = input.Body.length;
          } else if (input.Body) {
            for await (const chunk of input.Body as AsyncIterable<Uint8Array>) {
              hash.update(chunk);
              size += chunk.length;
            }
          }
        } catch (err) {
          line({ failed: { key: input.Key, code: (err as { info?: { code?: string } }).info?.code ?? String(err) } });
          throw err;
        }
        const sha256 = hash.digest("hex");
        // the trailer's checksum is on the input once the body has been read
        line({ upload: { key: input.Key, size, sha256, crc32: input.ChecksumCRC32, contentLength: input.ContentLength } });
        return { ETag: `"${sha256.slice(0, 32)}"` };
      },
    },
  },
});

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await emu.stop();
  process.exit(0);
}
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
line({ ready: emu.url });

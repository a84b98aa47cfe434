// Fills models/ with the bundled Smithy models pinned in models/models.lock.
//
//   npm run models                 copy from ../shared/models (when present), else download
//   npm run models -- --from DIR   copy from a local mirror directory
//   npm run models -- --download   download the pinned files
//
// Every file's sha256 is checked against the lock; a mismatch fails the run and
// leaves no file behind.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

interface LockEntry {
  file: string;
  path: string;
  sha256: string;
}
interface Lock {
  repository: string;
  commit: string;
  models: LockEntry[];
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const modelsDir = join(root, "models");

function parseArgs(argv: string[]): { from?: string; download: boolean } {
  const out: { from?: string; download: boolean } = { download: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--from") out.from = argv[++i];
    else if (a.startsWith("--from=")) out.from = a.slice("--from=".length);
    else if (a === "--download") out.download = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return out;
}

const sha256 = (buf: Buffer) => createHash("sha256").update(buf).digest("hex");

async function fetchPinned(lock: Lock, entry: LockEntry): Promise<Buffer> {
  const url = `https://raw.githubusercontent.com/${lock.repository}/${lock.commit}/${entry.path}`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`download of ${entry.file} failed: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const lock = JSON.parse(readFileSync(join(modelsDir, "models.lock"), "utf8")) as Lock;
  const defaultMirror = resolve(root, "..", "shared", "models");
  const from = args.from ? resolve(args.from) : !args.download && existsSync(defaultMirror) ? defaultMirror : undefined;
  mkdirSync(modelsDir, { recursive: true });

  let failed = 0;
  for (const entry of lock.models) {
    let body: Buffer;
    try {
      body = from ? readFileSync(join(from, entry.file)) : await fetchPinned(lock, entry);
    } catch (err) {
      console.error(`models: ${entry.file}: ${(err as Error).message}`);
      failed++;
      continue;
    }
    const sum = sha256(body);
    if (sum !== entry.sha256) {
      console.error(`models: ${entry.file}: sha256 ${sum} does not match the lock (${entry.sha256})`);
      failed++;
      continue;
    }
    const target = join(modelsDir, entry.file);
    const tmp = `${target}.partial`;
    writeFileSync(tmp, body);
    renameSync(tmp, target);
  }
  // The upstream license travels with the models.
  if (from) {
    for (const extra of ["LICENSE", "NOTICE"]) {
      if (existsSync(join(from, extra))) writeFileSync(join(modelsDir, extra), readFileSync(join(from, extra)));
    }
  }
  const source = from ?? `${lock.repository}@${lock.commit.slice(0, 12)}`;
  if (failed) {
    console.error(`models: ${failed} of ${lock.models.length} failed (source: ${source})`);
    process.exit(1);
  }
  console.log(`models: ${lock.models.length} models verified from ${source}`);
}

main().catch((err) => {
  console.error(`models: ${(err as Error).message}`);
  process.exit(1);
});

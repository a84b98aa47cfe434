// Compiles the TypeScript sources to JavaScript in dist/, so that `npm start` (and the
// bench) run plain JavaScript instead of paying tsx's loader on every start and its
// overhead on every request.
//
//   npm run build                  (also run by `npm start` and `npm run bench` first)
//
// esbuild bundles each entry with code splitting, in ESM: every dynamic import stays a
// separate lazy chunk (each service's generated module, impl/, the CBOR codec), so start-up
// loads no more than under tsx. Packages stay imports of node_modules. Every output file
// sits directly in dist/, one level below the project root like runtime/*.ts, so that
// `new URL("../package.json", import.meta.url)` means the same file in both.
//
// dist/build.json records when the build started and, per entry, every source file it
// can reach (statically or by dynamic import): bin/awsemu.mjs runs dist/ only when none
// of them changed since, and the sources through tsx otherwise.
import { build as esbuild, stop as stopEsbuild, type Metafile } from "esbuild";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DIST = join(root, "dist");
export const STAMP = "build.json";

/** dist/<name>.js <- source; the bench's servers are built too, so that the bench runs what `npm start` runs. */
const ENTRIES: Record<string, string> = {
  cli: "runtime/cli.ts",
  "bench-emulator": "bench/servers/emulator.ts",
  "bench-bare": "bench/servers/bare.ts",
  "bench-service": "bench/servers/service.ts",
};

export interface BuildStamp {
  /** Date.now() when the build started: a source modified later makes the output stale */
  startedAt: number;
  /** entry name -> its output file (in dist/) and the source files it reaches (relative to the root) */
  entries: Record<string, { file: string; inputs: string[] }>;
}

/** The source files an output reaches through its imports, static and dynamic. */
function reachableInputs(meta: Metafile, output: string): string[] {
  const inputs = new Set<string>();
  const seen = new Set<string>();
  const walk = (out: string) => {
    if (seen.has(out)) return;
    seen.add(out);
    const o = meta.outputs[out];
    if (!o) return;
    for (const i of Object.keys(o.inputs)) inputs.add(i);
    for (const imp of o.imports) if (!imp.external) walk(imp.path);
  };
  walk(output);
  return [...inputs].sort();
}

export async function build(): Promise<BuildStamp> {
  const startedAt = Date.now();
  // esbuild's service process would otherwise live as long as the caller (the bench's
  // load generator, say): one build is all a process asks for.
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir: DIST,
    entryNames: "[name]",
    chunkNames: "[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    // for `node --enable-source-maps` when a stack trace should point into the sources
    sourcemap: "linked",
    metafile: true,
    logLevel: "warning",
  }).finally(() => stopEsbuild());
  const meta = result.metafile;
  const stamp: BuildStamp = { startedAt, entries: {} };
  for (const [out, o] of Object.entries(meta.outputs)) {
    const name = Object.entries(ENTRIES).find(([, src]) => src === o.entryPoint)?.[0];
    if (name) stamp.entries[name] = { file: relative(DIST, join(root, out)), inputs: reachableInputs(meta, out) };
  }

  // Files of earlier builds go (chunk names carry a hash of their content).
  const written = new Set(Object.keys(meta.outputs).map((p) => relative(DIST, join(root, p))));
  for (const name of readdirSync(DIST)) {
    if (name !== STAMP && !written.has(name)) rmSync(join(DIST, name), { recursive: true, force: true });
  }
  writeFileSync(join(DIST, STAMP), JSON.stringify(stamp, null, 1) + "\n");
  return stamp;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  build().catch((err) => {
    process.stderr.write(`build: ${(err as Error)?.message ?? err}\n`);
    process.exit(1);
  });
}

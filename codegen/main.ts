// models/*.json -> generated/
//
//   npm run codegen                       write generated/
//   npm run codegen -- --check            exit 1 when generated/ differs from what the models produce
//   npm run codegen -- --models DIR --out DIR
//
// Output is deterministic: sorted, no timestamps, no machine paths.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { emitErrors } from "./emit/errors.ts";
import { emitIndex } from "./emit/index.ts";
import { emitOperations } from "./emit/operations.ts";
import { emitRegistry } from "./emit/registry.ts";
import { emitSchema } from "./emit/schema.ts";
import { emitTypes } from "./emit/types.ts";
import { loadModels } from "./model/load.ts";
import { resolveServices, type ServiceIR } from "./model/resolve.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const runtimeDir = join(root, "runtime");

export interface CodegenOptions {
  modelsDir: string;
  outDir: string;
}

function importPath(fromDir: string, toDir: string): string {
  let p = relative(fromDir, toDir).split(sep).join("/");
  if (!p.startsWith(".")) p = `./${p}`;
  return p;
}

/** Every file codegen produces, keyed by path relative to the output directory. */
export function generate(opts: CodegenOptions): Map<string, string> {
  const services: ServiceIR[] = [];
  for (const model of loadModels(opts.modelsDir)) services.push(...resolveServices(model));
  services.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = new Set<string>();
  for (const s of services) {
    if (ids.has(s.id)) throw new Error(`two services with id ${s.id}`);
    ids.add(s.id);
  }
  const files = new Map<string, string>();
  for (const svc of services) {
    const rt = importPath(join(opts.outDir, svc.id), runtimeDir);
    files.set(`${svc.id}/types.ts`, emitTypes(svc, rt));
    files.set(`${svc.id}/errors.ts`, emitErrors(svc, rt));
    files.set(`${svc.id}/schema.ts`, emitSchema(svc, rt));
    files.set(`${svc.id}/operations.ts`, emitOperations(svc, rt));
    files.set(`${svc.id}/index.ts`, emitIndex(svc, rt));
  }
  files.set("registry.ts", emitRegistry(services, importPath(opts.outDir, runtimeDir)));
  return files;
}

function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p, base));
    else out.push(relative(base, p).split(sep).join("/"));
  }
  return out.sort();
}

/** Writes the files, removing generated files no model produces any more. */
export function writeGenerated(outDir: string, files: Map<string, string>): void {
  for (const existing of listFiles(outDir)) {
    if (!files.has(existing)) rmSync(join(outDir, existing));
  }
  for (const [path, content] of files) {
    const full = join(outDir, path);
    mkdirSync(dirname(full), { recursive: true });
    if (!existsSync(full) || readFileSync(full, "utf8") !== content) writeFileSync(full, content);
  }
  for (const d of readdirSync(outDir)) {
    const p = join(outDir, d);
    if (statSync(p).isDirectory() && readdirSync(p).length === 0) rmSync(p, { recursive: true });
  }
}

/** Paths that differ between the output directory and what the models produce. */
export function diffGenerated(outDir: string, files: Map<string, string>): string[] {
  const diffs: string[] = [];
  for (const existing of listFiles(outDir)) if (!files.has(existing)) diffs.push(`stale: ${existing}`);
  for (const [path, content] of files) {
    const full = join(outDir, path);
    if (!existsSync(full)) diffs.push(`missing: ${path}`);
    else if (readFileSync(full, "utf8") !== content) diffs.push(`differs: ${path}`);
  }
  return diffs;
}

function main(argv: string[]): void {
  let modelsDir = join(root, "models");
  let outDir = join(root, "generated");
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--check") check = true;
    else if (a === "--models") modelsDir = resolve(argv[++i]);
    else if (a === "--out") outDir = resolve(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  const started = performance.now();
  const files = generate({ modelsDir, outDir });
  const services = [...files.keys()].filter((f) => f.endsWith("/index.ts")).length;
  if (check) {
    const diffs = diffGenerated(outDir, files);
    if (diffs.length) {
      console.error(`codegen --check: ${diffs.length} file(s) differ from what the models produce; run 'npm run codegen':`);
      for (const d of diffs) console.error(`  ${d}`);
      process.exit(1);
    }
    console.log(`codegen --check: generated/ is current (${services} services, ${files.size} files)`);
    return;
  }
  writeGenerated(outDir, files);
  const ms = Math.round(performance.now() - started);
  console.log(`codegen: ${services} services, ${files.size} files written to ${relative(process.cwd(), outDir) || "."} in ${ms} ms`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(`codegen: ${(err as Error).message}`);
    process.exit(1);
  }
}

// Loads Smithy 2.0 JSON AST models from a directory and applies the RFC 6902 patches
// of its patches/ folder.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import fastJsonPatch from "fast-json-patch";
import type { Operation } from "fast-json-patch";

export interface AstTraits {
  [traitId: string]: unknown;
}
export interface AstRef {
  target: string;
}
export interface AstMember {
  target: string;
  traits?: AstTraits;
}
export interface AstShape {
  type: string;
  traits?: AstTraits;
  members?: Record<string, AstMember>;
  member?: AstMember;
  key?: AstMember;
  value?: AstMember;
  input?: AstRef;
  output?: AstRef;
  errors?: AstRef[];
  operations?: AstRef[];
  resources?: AstRef[];
  collectionOperations?: AstRef[];
  create?: AstRef;
  put?: AstRef;
  read?: AstRef;
  update?: AstRef;
  delete?: AstRef;
  list?: AstRef;
  version?: string;
}
export interface AstModel {
  smithy: string;
  shapes: Record<string, AstShape>;
}

export interface LoadedModel {
  /** file name inside the models directory */
  file: string;
  ast: AstModel;
}

/** A patch file: which model it corrects and the operations, each with its reason. */
export interface PatchFile {
  model: string;
  patches: (Operation & { reason: string })[];
}

export function loadModels(modelsDir: string): LoadedModel[] {
  const files = readdirSync(modelsDir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  const patches = loadPatches(join(modelsDir, "patches"));
  const models: LoadedModel[] = [];
  for (const file of files) {
    const ast = JSON.parse(readFileSync(join(modelsDir, file), "utf8")) as AstModel;
    if (!ast || typeof ast !== "object" || !ast.shapes) throw new Error(`${file}: not a Smithy JSON AST model`);
    if (!String(ast.smithy).startsWith("2")) throw new Error(`${file}: Smithy IDL version ${ast.smithy} is not supported (2.x only)`);
    for (const p of patches.get(file) ?? []) {
      for (const op of p.patches) {
        if (!op.reason) throw new Error(`patch for ${file} at ${op.path} has no reason`);
      }
      const ops = p.patches.map(({ reason: _reason, ...op }) => op as Operation);
      fastJsonPatch.applyPatch(ast, ops, true, true);
    }
    models.push({ file, ast });
  }
  for (const name of patches.keys()) {
    if (!files.includes(name)) throw new Error(`patches name model ${name}, which is not in ${modelsDir}`);
  }
  return models;
}

function loadPatches(dir: string): Map<string, PatchFile[]> {
  const out = new Map<string, PatchFile[]>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".json")).sort()) {
    const pf = JSON.parse(readFileSync(join(dir, f), "utf8")) as PatchFile;
    if (!pf.model || !Array.isArray(pf.patches)) throw new Error(`${basename(f)}: expected { model, patches: [...] }`);
    const list = out.get(pf.model) ?? [];
    list.push(pf);
    out.set(pf.model, list);
  }
  return out;
}

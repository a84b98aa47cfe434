// What an older SDK knows of a service's shapes, read from its published type declarations
// (dist-types/models/*.d.ts): interface name -> member names. The round trip of an old
// client leaves out the members it does not know, in inputs and outputs alike.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ShapeTable } from "../../runtime/schema.ts";

type Rec = Record<string, unknown>;

/** interface name -> its member names, from every models d.ts of the package `pkg` */
export function knownMembers(pkg: string): Map<string, Set<string>> {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve(`${pkg}/package.json`));
  const dir = join(root, "dist-types", "models");
  const out = new Map<string, Set<string>>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".d.ts"))) {
    let current: Set<string> | undefined;
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      const start = /^export interface (\w+)\s*\{/.exec(line);
      if (start) {
        current = new Set();
        out.set(start[1], current);
        continue;
      }
      if (line.startsWith("}")) current = undefined;
      const member = current && /^ {4}(\w+)\??:/.exec(line);
      if (member) current!.add(member[1]);
    }
  }
  return out;
}

/**
 * A function that removes from a value of shape `key` (recursively) the members of
 * structures the old SDK declares without them. Structures it does not declare at all
 * keep every member.
 */
export function pruneUnknown(shapes: ShapeTable, known: Map<string, Set<string>>): (key: string, value: Rec) => Rec {
  const prune = (key: string, v: unknown): unknown => {
    const s = shapes[key];
    if (!s || v === null || typeof v !== "object" || v instanceof Uint8Array || v instanceof Date) return v;
    if (s.type === "list") return (v as unknown[]).map((x) => prune(s.member!.target, x));
    if (s.type === "map") {
      const out: Rec = {};
      for (const [k, x] of Object.entries(v as Rec)) out[k] = prune(s.value!.target, x);
      return out;
    }
    if (s.type !== "structure" && s.type !== "union") return v;
    // a structure whose name is reserved in JS is declared with an underscore (Object -> _Object)
    const names = known.get(key) ?? known.get(`_${key}`);
    const out: Rec = {};
    for (const [k, x] of Object.entries(v as Rec)) {
      const m = s.members?.[k];
      if (!m || (names && !names.has(k))) continue;
      out[k] = prune(m.target, x);
    }
    return out;
  };
  return (key, value) => prune(key, value) as Rec;
}

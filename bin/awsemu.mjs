#!/usr/bin/env node
// Entry point of `awsemu` and `npm start`. The sources are TypeScript: `npm run build`
// (run by `npm start` first, see scripts/build.ts) compiles them to dist/, which starts
// faster and serves faster than the sources through tsx. dist/ is used only when it is
// current: when no source file the CLI reaches has changed since the build started.
// Otherwise (never built, an edit since, an installed package, which ships no dist/) the
// sources run through tsx, so `awsemu` never serves stale code. It does not build
// itself: the package directory may be read-only, and a build here would make every
// start after an edit pay for it.
import { readFileSync, statSync } from "node:fs";

const root = new URL("../", import.meta.url);

/** dist/<file> of the CLI when the build is current, else undefined. */
function currentBuild() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(new URL("dist/build.json", root), "utf8"));
  } catch {
    return undefined; // never built
  }
  const entry = stamp.entries?.cli;
  if (!entry || typeof stamp.startedAt !== "number") return undefined;
  for (const input of entry.inputs) {
    const stat = statSync(new URL(input, root), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > stamp.startedAt) return undefined;
  }
  return new URL(`dist/${entry.file}`, root);
}

const built = currentBuild();
if (built) {
  await import(built.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../runtime/cli.ts");
}

#!/usr/bin/env node
// Entry point of `awsemu` and `npm start`: the sources are TypeScript, run through tsx.
import { register } from "tsx/esm/api";

register();
await import("../runtime/cli.ts");

// The emulator with no-op handlers, for the bench: the whole pipeline (routing, parsing,
// validation, serialization) runs; the handlers return constants.
import { startEmulator } from "../../runtime/emulator.ts";
import { NOOP_HANDLERS } from "../workloads.ts";

const emu = await startEmulator({ host: "127.0.0.1", port: 0, logLevel: "silent", implementations: {}, handlers: NOOP_HANDLERS });
process.stdout.write(`${JSON.stringify({ url: emu.url })}\n`);
process.on("SIGTERM", () => emu.stop().then(() => process.exit(0)));

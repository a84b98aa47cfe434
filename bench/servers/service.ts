// The emulator as `npm start` runs it (the services' real behaviour), for the bench's
// service workloads.
import { startEmulator } from "../../runtime/emulator.ts";

const emu = await startEmulator({ host: "127.0.0.1", port: 0, logLevel: "silent" });
process.stdout.write(`${JSON.stringify({ url: emu.url })}\n`);
process.on("SIGTERM", () => emu.stop().then(() => process.exit(0)));

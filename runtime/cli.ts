// `awsemu` / `npm start`: reads flags and EMU_* variables, prints the configuration,
// serves until SIGINT/SIGTERM.
import { services as registry } from "../generated/registry.ts";
import { implementations, serviceOptions } from "../impl/index.ts";
import { ConfigError, parseConfig, usage } from "./config.ts";
import { Emulator, VERSION } from "./emulator.ts";


async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(usage(serviceOptions));
    return;
  }
  let config;
  try {
    config = parseConfig(argv, process.env, registry.map((s) => s.id), serviceOptions);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`awsemu: ${err.message}\n\n${usage(serviceOptions)}`);
      process.exit(2);
    }
    throw err;
  }
  const emu = new Emulator(registry, implementations, config);
  const served = emu.services.map((s) => s.id);
  const lines = [
    `awsemu ${VERSION}`,
    `  host        ${config.host}`,
    `  port        ${config.port}`,
    `  region      ${config.region}`,
    `  account-id  ${config.accountId}`,
    `  services    ${served.join(", ")}`,
    `  log-level   ${config.logLevel}`,
    `  auth        ${config.auth === "verify" ? `verify (keys: ${Object.keys(config.authKeys).join(", ")})` : "off"}`,
    ...Object.entries(config.servicePorts).map(([id, p]) => `  ${`${id}-port`.padEnd(11)} ${p}`),
    ...Object.entries(config.options).map(([flag, v]) => `  ${flag.padEnd(11)} ${v}`),
  ];
  process.stdout.write(lines.join("\n") + "\n");
  try {
    await emu.start();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(`awsemu: cannot listen: ${e.code === "EADDRINUSE" ? `port in use (${e.message})` : e.message}\n`);
    process.exit(1);
  }
  const ms = Math.round(process.uptime() * 1000);
  process.stdout.write(`awsemu ready on ${emu.url} (${served.length} services, ${ms} ms)\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stdout.write(`awsemu: ${signal}, stopping\n`);
    emu.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err) => {
  process.stderr.write(`awsemu: ${(err as Error)?.stack ?? err}\n`);
  process.exit(1);
});

// Flags and EMU_* environment variables. Every flag --x-y also reads EMU_X_Y;
// a flag wins over the variable.
import { isLogLevel, type LogLevel } from "./log.ts";

export interface EmulatorConfig {
  host: string;
  port: number;
  region: string;
  accountId: string;
  /** service ids to serve; undefined = all in the registry */
  services?: string[];
  logLevel: LogLevel;
  /** service id -> a port of its own */
  servicePorts: Record<string, number>;
  dataDir?: string;
  auth: "off" | "verify";
  /** access key id -> secret access key: the keys `--auth verify` accepts */
  authKeys: Record<string, string>;
  /** largest request body read into memory */
  maxBodyBytes: number;
  /**
   * Options a service's implementation declares (see ServiceOption), by flag name; only
   * those given are here: the implementation knows its own defaults.
   */
  options: Record<string, number | boolean>;
}

/**
 * A flag of one service's behaviour (`--kinesis-status-delay-ms 500`, or
 * EMU_KINESIS_STATUS_DELAY_MS), declared by impl/ so that runtime/ knows no service.
 */
export interface ServiceOption {
  /** the flag without its dashes, starting with the service id */
  flag: string;
  /** one line for --help, default included */
  help: string;
  type: "integer" | "boolean";
  /** smallest integer accepted (default 0) */
  min?: number;
}

export const DEFAULTS: EmulatorConfig = {
  host: "127.0.0.1",
  port: 4566,
  region: "us-east-1",
  accountId: "000000000000",
  logLevel: "info",
  servicePorts: {},
  auth: "off",
  authKeys: {},
  maxBodyBytes: 16 * 1024 * 1024,
  options: {},
};

export class ConfigError extends Error {}

const envName = (flag: string) => `EMU_${flag.replace(/-/g, "_").toUpperCase()}`;

function parsePort(v: string, what: string): number {
  // digits only: Number() would also take "", "0x50" and "1e3"
  const n = /^\d{1,5}$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${what}: '${v}' is not a port number`);
  return n;
}

export const BASE_USAGE = `Usage: awsemu [options]

  --port N              edge port for every service (default 4566)       EMU_PORT
  --host H              address to listen on (default 127.0.0.1)         EMU_HOST
  --region R            default region (default us-east-1)               EMU_REGION
  --account-id ID       default 12-digit account (default 000000000000) EMU_ACCOUNT_ID
  --services a,b        serve only these services (default: all)         EMU_SERVICES
  --log-level L         silent, error, warn, info or debug (default info) EMU_LOG_LEVEL
  --<service>-port N    also serve that service alone on port N          EMU_<SERVICE>_PORT
  --data-dir DIR        keep state on disk (not implemented yet)         EMU_DATA_DIR
  --auth off|verify     check signatures (SigV4, SigV2) (default off)    EMU_AUTH
  --auth-keys K:S,...   access key id:secret pairs --auth verify accepts EMU_AUTH_KEYS
  --max-body-bytes N    largest request body accepted (default 16 MiB)   EMU_MAX_BODY_BYTES
  --help                this text
`;

/** The usage text with the services' own options. */
export function usage(options: readonly ServiceOption[] = []): string {
  if (options.length === 0) return BASE_USAGE;
  const lines = options.map((o) => {
    const left = `  --${o.flag} ${o.type === "integer" ? "N" : "true|false"}`;
    return `${left.padEnd(Math.max(left.length + 2, 24))}${o.help}  ${envName(o.flag)}`;
  });
  return `${BASE_USAGE}\nService options:\n${lines.join("\n")}\n`;
}

function parseOption(o: ServiceOption, v: string): number | boolean {
  if (o.type === "boolean") {
    if (v === "true" || v === "1") return true;
    if (v === "false" || v === "0") return false;
    throw new ConfigError(`--${o.flag}: '${v}' is not true or false`);
  }
  const n = /^-?\d+$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < (o.min ?? 0)) throw new ConfigError(`--${o.flag}: '${v}' is not an integer of at least ${o.min ?? 0}`);
  return n;
}

/**
 * `AKID:SECRET,AKID2:SECRET2`: an access key id (letters and digits) and its secret, split
 * at the first colon. Secrets never appear in an error message.
 */
export function parseAuthKeys(v: string): Record<string, string> {
  const keys: Record<string, string> = {};
  const pairs = v.split(",").map((s) => s.trim()).filter(Boolean);
  if (pairs.length === 0) throw new ConfigError("--auth-keys: no AKID:SECRET pair given");
  pairs.forEach((pair, i) => {
    const colon = pair.indexOf(":");
    const id = colon < 0 ? pair : pair.slice(0, colon);
    const secret = colon < 0 ? "" : pair.slice(colon + 1);
    if (!/^[A-Za-z0-9]{1,128}$/.test(id)) throw new ConfigError(`--auth-keys: pair ${i + 1} does not start with an access key id of letters and digits`);
    if (!secret) throw new ConfigError(`--auth-keys: ${id} has no secret (AKID:SECRET)`);
    if (id in keys) throw new ConfigError(`--auth-keys: ${id} is given twice`);
    keys[id] = secret;
  });
  return keys;
}

/** Reads flags (argv without node and script) and the environment against the known service ids. */
export function parseConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  serviceIds: readonly string[],
  serviceOptions: readonly ServiceOption[] = [],
): EmulatorConfig {
  const cfg: EmulatorConfig = { ...DEFAULTS, servicePorts: {}, options: {}, authKeys: {} };
  const values = new Map<string, string>();
  const portFlags = new Map(serviceIds.map((id) => [`${id}-port`, id]));
  const optionFlags = new Map(serviceOptions.map((o) => [o.flag, o]));
  const known = new Set([
    "port",
    "host",
    "region",
    "account-id",
    "services",
    "log-level",
    "data-dir",
    "auth",
    "auth-keys",
    "max-body-bytes",
    ...portFlags.keys(),
    ...optionFlags.keys(),
  ]);

  for (const flag of known) {
    const v = env[envName(flag)];
    if (v !== undefined && v !== "") values.set(flag, v);
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new ConfigError(`unexpected argument '${a}'`);
    let name = a.slice(2);
    let value: string | undefined;
    const eq = name.indexOf("=");
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    if (!known.has(name)) throw new ConfigError(`unknown flag --${name}`);
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new ConfigError(`--${name} needs a value`);
    }
    values.set(name, value);
  }

  for (const [name, v] of values) {
    switch (name) {
      case "port":
        cfg.port = parsePort(v, "--port");
        break;
      case "host":
        cfg.host = v;
        break;
      case "region":
        if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(v)) throw new ConfigError(`--region: '${v}' is not a region name`);
        cfg.region = v;
        break;
      case "account-id":
        if (!/^\d{12}$/.test(v)) throw new ConfigError(`--account-id: '${v}' is not a 12-digit account id`);
        cfg.accountId = v;
        break;
      case "services": {
        const list = v.split(",").map((s) => s.trim()).filter(Boolean);
        const unknown = list.filter((s) => !serviceIds.includes(s));
        if (unknown.length) throw new ConfigError(`--services: unknown service(s) ${unknown.join(", ")}; known: ${serviceIds.join(", ")}`);
        cfg.services = list;
        break;
      }
      case "log-level":
        if (!isLogLevel(v)) throw new ConfigError(`--log-level: '${v}' is not one of silent, error, warn, info, debug`);
        cfg.logLevel = v;
        break;
      case "data-dir":
        // Said plainly rather than ignored: state would silently not survive a restart.
        throw new ConfigError("--data-dir: persistence is not implemented yet; state is kept in memory only");
      case "auth":
        if (v !== "off" && v !== "verify") throw new ConfigError(`--auth: '${v}' is not 'off' or 'verify'`);
        cfg.auth = v;
        break;
      case "auth-keys":
        cfg.authKeys = parseAuthKeys(v);
        break;
      case "max-body-bytes": {
        const n = Number(v);
        if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`--max-body-bytes: '${v}' is not a positive integer`);
        cfg.maxBodyBytes = n;
        break;
      }
      default: {
        const option = optionFlags.get(name);
        if (option) {
          cfg.options[name] = parseOption(option, v);
          break;
        }
        const id = portFlags.get(name)!;
        cfg.servicePorts[id] = parsePort(v, `--${name}`);
      }
    }
  }
  if (cfg.auth === "verify" && Object.keys(cfg.authKeys).length === 0) {
    throw new ConfigError("--auth verify needs the access keys it accepts: --auth-keys AKID:SECRET[,AKID2:SECRET2...] (or EMU_AUTH_KEYS)");
  }
  for (const id of Object.keys(cfg.servicePorts)) {
    if (cfg.services && !cfg.services.includes(id)) throw new ConfigError(`--${id}-port given but ${id} is not in --services`);
  }
  return cfg;
}

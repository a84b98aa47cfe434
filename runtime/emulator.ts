// One emulator instance: configuration, services, handlers, clock and state, the edge
// port and any per-service ports. Tests start as many as they like on port 0.
import { readFileSync } from "node:fs";
import { AuthVerifier } from "./auth/verify.ts";
import { Clock } from "./clock.ts";
import { Ids } from "./ids.ts";
import { DEFAULTS, type EmulatorConfig } from "./config.ts";
import { Edge } from "./edge.ts";
import { Logger } from "./log.ts";
import type { AnyHandler, HandlerTable, PipelineEnv } from "./pipeline.ts";
import type { WireResponse } from "./protocols/types.ts";
import type { ServiceDescriptor } from "./schema.ts";
import { type AdminHandler, type AdminRequest, type ConnectionCounts, EdgeServer } from "./server.ts";
import { StateRegistry } from "./state.ts";
import type { ImplementationRegistry, ServiceEnv } from "./types.ts";

export interface EmulatorOptions extends Partial<EmulatorConfig> {
  /** the services to serve (default: generated/registry.ts) */
  registry?: readonly ServiceDescriptor[];
  /** their implementations (default: impl/index.ts) */
  implementations?: ImplementationRegistry;
  /** service id -> operation -> handler, taking precedence over the implementation */
  handlers?: Readonly<Record<string, Readonly<Record<string, AnyHandler>>>>;
  clock?: Clock;
  /** a seed for generated ids (request, message, table ids...), so that a run repeats exactly; random without */
  idSeed?: string;
  /** where log lines go (default stdout) */
  logSink?: (chunk: string) => void;
}

export const VERSION: string = (() => {
  try {
    return JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version as string;
  } catch {
    return "0.0.0";
  }
})();

const json = (status: number, value: unknown): WireResponse => ({
  status,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(value),
});

export class Emulator {
  readonly config: EmulatorConfig;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly state = new StateRegistry();
  readonly services: readonly ServiceDescriptor[];
  readonly log: Logger;
  private readonly servers: EdgeServer[] = [];
  private readonly tables = new Map<string, Promise<HandlerTable>>();
  private readonly implementations: ImplementationRegistry;
  private readonly overrides: EmulatorOptions["handlers"];
  private readonly env: PipelineEnv;

  constructor(registry: readonly ServiceDescriptor[], implementations: ImplementationRegistry, opts: EmulatorOptions = {}) {
    const { registry: _r, implementations: _i, handlers, clock, idSeed, logSink, ...config } = opts;
    this.config = { ...DEFAULTS, ...config, servicePorts: { ...(config.servicePorts ?? {}) }, options: { ...(config.options ?? {}) }, authKeys: { ...(config.authKeys ?? {}) } };
    this.services = this.config.services ? registry.filter((s) => this.config.services!.includes(s.id)) : registry;
    this.clock = clock ?? new Clock();
    this.ids = new Ids(idSeed);
    this.log = new Logger(this.config.logLevel, logSink);
    this.implementations = implementations;
    this.overrides = handlers;
    this.env = {
      edge: new Edge(this.services),
      clock: this.clock,
      ids: this.ids,
      log: this.log,
      defaultAccount: this.config.accountId,
      defaultRegion: this.config.region,
      handlers: (svc) => this.handlerTable(svc),
      auth: this.config.auth === "verify" ? new AuthVerifier(this.config.authKeys) : undefined,
    };
  }

  /** http://host:port of the edge port */
  get url(): string {
    const host = this.config.host.includes(":") ? `[${this.config.host}]` : this.config.host;
    return `http://${host}:${this.servers[0]?.port ?? this.config.port}`;
  }

  /** port of each server: "edge" and the service ids given a port of their own */
  get ports(): Record<string, number> {
    const out: Record<string, number> = { edge: this.servers[0]?.port ?? 0 };
    for (const s of this.servers.slice(1)) if (s.opts.only) out[s.opts.only.id] = s.port;
    return out;
  }

  async start(): Promise<this> {
    const edge = new EdgeServer(this.env, this.log, (p) => this.admin(p), {
      host: this.config.host,
      port: this.config.port,
      maxBodyBytes: this.config.maxBodyBytes,
    });
    await edge.listen();
    this.servers.push(edge);
    for (const [id, port] of Object.entries(this.config.servicePorts)) {
      const svc = this.services.find((s) => s.id === id);
      if (!svc) throw new Error(`--${id}-port: no service ${id} is served`);
      const server = new EdgeServer(this.env, this.log, () => undefined, {
        host: this.config.host,
        port,
        maxBodyBytes: this.config.maxBodyBytes,
        only: svc,
      });
      await server.listen();
      this.servers.push(server);
    }
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.splice(0).map((s) => s.close()));
    this.clock.clear();
    this.log.flush();
  }

  /** Open connections and HTTP/2 sessions over every port (for tests: they return to their level). */
  connections(): ConnectionCounts {
    const total: ConnectionCounts = { sockets: 0, sessions: 0 };
    for (const s of this.servers) {
      const c = s.connections();
      total.sockets += c.sockets;
      total.sessions += c.sessions;
    }
    return total;
  }

  reset(): void {
    this.state.reset();
  }

  /** Which operations of a service have behaviour. */
  async implemented(svc: ServiceDescriptor): Promise<string[]> {
    const table = await this.handlerTable(svc);
    return svc.operationNames.filter((op) => typeof table[op] === "function");
  }

  private handlerTable(svc: ServiceDescriptor): Promise<HandlerTable> {
    let t = this.tables.get(svc.id);
    if (!t) {
      t = (async () => {
        const loader = this.implementations[svc.id];
        const env: ServiceEnv = { clock: this.clock, ids: this.ids, state: this.state, config: this.config, service: svc };
        const impl = loader ? (await loader()).default(env) : {};
        return { ...impl, ...(this.overrides?.[svc.id] ?? {}) };
      })();
      this.tables.set(svc.id, t);
      t.catch(() => this.tables.delete(svc.id));
    }
    return t;
  }

  private admin(path: string): AdminHandler | undefined {
    switch (path) {
      case "/_emu/health":
        return async () => {
          const services = [];
          for (const s of this.services) {
            const implemented = await this.implemented(s);
            services.push({
              id: s.id,
              sdkId: s.sdkId,
              version: s.version,
              protocol: s.protocol,
              operations: s.operationNames.length,
              implemented,
              notImplemented: s.operationNames.filter((o) => !implemented.includes(o)),
            });
          }
          return json(200, { status: "running", version: VERSION, region: this.config.region, accountId: this.config.accountId, services });
        };
      case "/_emu/reset":
      case "/moto-api/reset":
        return (req) => {
          if (req.method !== "POST") return json(405, { message: "use POST" });
          this.reset();
          return json(200, { status: "ok" });
        };
      case "/_emu/clock":
        return (req, body) => this.clockEndpoint(req, body);
      default:
        return path.startsWith("/_emu/") ? () => json(404, { message: `no such endpoint ${path}` }) : undefined;
    }
  }

  private clockEndpoint(req: AdminRequest, body: Buffer): WireResponse {
    const state = () => ({ now: this.clock.now(), iso: new Date(this.clock.now()).toISOString(), frozen: this.clock.frozen });
    if (req.method === "GET") return json(200, state());
    if (req.method !== "POST") return json(405, { message: "use GET or POST" });
    const usage = 'body must be a JSON object such as {"advance": 60000}, {"freeze": true} or {"unfreeze": true}';
    let cmd: { advance?: unknown; freeze?: unknown; unfreeze?: unknown };
    try {
      cmd = body.length ? JSON.parse(body.toString("utf8")) : {};
    } catch {
      return json(400, { message: usage });
    }
    if (cmd === null || typeof cmd !== "object" || Array.isArray(cmd)) return json(400, { message: usage });
    if (cmd.advance !== undefined && (typeof cmd.advance !== "number" || !Number.isFinite(cmd.advance) || cmd.advance < 0)) {
      return json(400, { message: "advance takes a non-negative number of milliseconds" });
    }
    if (cmd.freeze === true) this.clock.freeze();
    if (cmd.unfreeze === true) this.clock.unfreeze();
    if (typeof cmd.advance === "number") this.clock.advance(cmd.advance);
    return json(200, state());
  }
}

/** Starts an emulator with the generated registry and the project's implementations unless told otherwise. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const registry = opts.registry ?? (await import("../generated/registry.ts")).services;
  const implementations = opts.implementations ?? (await import("../impl/index.ts")).implementations;
  return new Emulator(registry, implementations, { port: 0, ...opts }).start();
}

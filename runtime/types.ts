// Types handlers are written against. Nothing here names a service.
import type { Clock } from "./clock.ts";
import type { Ids } from "./ids.ts";

export type StreamingBlob = Uint8Array | AsyncIterable<Uint8Array>;

/** What every handler receives besides its input. */
export interface RequestContext {
  /** service id, e.g. "kinesis" */
  readonly service: string;
  readonly operation: string;
  /** 12-digit account the request is for (from the access key id, else the default) */
  readonly account: string;
  /** region from the SigV4 credential scope, else the default */
  readonly region: string;
  readonly requestId: string;
  readonly clock: Clock;
  /** where generated ids come from (seeded in runs that must repeat) */
  readonly ids: Ids;
  /** the endpoint the client called, e.g. "http://127.0.0.1:4566" (for URLs in answers) */
  readonly endpoint: string;
  /** aborted when the client goes away or the server stops */
  readonly signal: AbortSignal;
  /** the access key id the request was signed with, if any */
  readonly accessKeyId?: string;
}

export type Handler<I, O> = (input: I, ctx: RequestContext) => Promise<O>;

/** What a service implementation is given when it is set up. */
export interface ServiceEnv {
  readonly clock: Clock;
  readonly ids: Ids;
  /** account/region-scoped stores; every store is cleared by a reset */
  readonly state: import("./state.ts").StateRegistry;
  readonly config: import("./config.ts").EmulatorConfig;
  readonly service: import("./schema.ts").ServiceDescriptor;
}

/** impl/<service>/index.ts default-exports one of these: the handlers it implements. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ServiceImplementation = (env: ServiceEnv) => Record<string, (input: any, ctx: RequestContext) => Promise<unknown>>;

/** service id -> lazy import of its implementation module */
export type ImplementationRegistry = Readonly<Record<string, () => Promise<{ default: ServiceImplementation }>>>;

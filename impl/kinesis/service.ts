// What every Kinesis operation shares: the scoped state, the stream a request names (by
// StreamName or StreamARN), status transitions on the clock, and the service's options.
import type { ServiceEnv, RequestContext } from "../../runtime/types.ts";
import type { ScopedStore } from "../../runtime/state.ts";
import type { TimerHandle } from "../../runtime/clock.ts";
import { errors } from "../../generated/kinesis/index.ts";
import * as messages from "./messages.ts";
import { KinesisState, type Stream, type StreamStatus } from "./state.ts";

const STREAM_ARN = /^arn:aws[a-z-]*:kinesis:([a-z0-9-]+):(\d{12}):stream\/([a-zA-Z0-9_.-]+)$/;

export class Kinesis {
  readonly store: ScopedStore<KinesisState>;
  /** pending status transitions, cancelled by a reset */
  private readonly timers = new Set<TimerHandle>();

  constructor(readonly env: ServiceEnv) {
    this.store = env.state.store((scope) => new KinesisState(scope.account, scope.region));
    env.state.onReset(() => {
      for (const t of this.timers) t.cancel();
      this.timers.clear();
      this.last = undefined;
    });
  }

  /** the scope asked for last (requests mostly come for one account and region) */
  private last: { account: string; region: string; state: KinesisState } | undefined;

  get statusDelayMs(): number {
    return Number(this.env.config.options["kinesis-status-delay-ms"] ?? 0);
  }

  get shardLimit(): number {
    return Number(this.env.config.options["kinesis-shard-limit"] ?? 500);
  }

  get throughputLimits(): boolean {
    return this.env.config.options["kinesis-throughput-limits"] === true;
  }

  state(ctx: RequestContext): KinesisState {
    const l = this.last;
    if (l !== undefined && l.account === ctx.account && l.region === ctx.region) return l.state;
    const state = this.store.for(ctx);
    this.last = { account: ctx.account, region: ctx.region, state };
    return state;
  }

  /**
   * The stream a request names: StreamARN wins when both are given (AWS checks they agree).
   * ResourceNotFoundException when there is none.
   */
  stream(ctx: RequestContext, input: { StreamName?: string; StreamARN?: string }): Stream {
    const state = this.state(ctx);
    let name = input.StreamName;
    if (input.StreamARN !== undefined) {
      const m = STREAM_ARN.exec(input.StreamARN);
      if (!m) throw new errors.InvalidArgumentException(messages.badStreamArn(input.StreamARN));
      const [, region, account, arnName] = m;
      if (input.StreamName !== undefined && input.StreamName !== arnName) {
        throw new errors.InvalidArgumentException(messages.nameArnMismatch(input.StreamName, input.StreamARN));
      }
      if (region !== state.region || account !== state.account) {
        throw new errors.ResourceNotFoundException(messages.streamNotFound(arnName, account));
      }
      name = arnName;
    }
    if (name === undefined) throw new errors.InvalidArgumentException(messages.streamNameOrArnRequired());
    const stream = state.streams.get(name);
    if (!stream) throw new errors.ResourceNotFoundException(messages.streamNotFound(name, state.account));
    return stream;
  }

  /**
   * Moves a stream to `status` now, then runs `done` (usually back to ACTIVE) after the
   * configured delay, on the clock; at once when the delay is 0.
   */
  transition(stream: Stream, status: StreamStatus, done: () => void): void {
    stream.status = status;
    const delay = this.statusDelayMs;
    if (delay <= 0) {
      done();
      return;
    }
    const t = this.env.clock.setTimer(delay, () => {
      this.timers.delete(t);
      done();
    });
    this.timers.add(t);
  }
}

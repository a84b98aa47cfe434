// What the consumer, subscription, tag and policy operations share: consumer ARNs, finding
// a consumer or a resource by ARN, consumer status changes on the clock, and the registry of
// open SubscribeToShard streams (so that a new subscription can take over an old one, a
// deregistration can end them, and a reset ends them all). A consumer's tags are a field of
// its record (state.ts), so they go with it.
import { errors } from "../../generated/kinesis/index.ts";
import type { TimerHandle } from "../../runtime/clock.ts";
import type { RequestContext } from "../../runtime/types.ts";
import * as messages from "./messages.ts";
import type { Kinesis } from "./service.ts";
import type { Consumer, ConsumerStatus, Stream } from "./state.ts";

/** Consumers a stream may have registered at once (AWS's limit for provisioned and on-demand standard streams). */
export const MAX_CONSUMERS = 20;
/** Consumers that may be CREATING at the same time. */
export const MAX_CREATING_CONSUMERS = 5;

/** `${streamArn}/consumer/${name}:${creation epoch seconds}`, as AWS names a consumer. */
export function consumerArn(streamArn: string, name: string, createdMs: number): string {
  return `${streamArn}/consumer/${name}:${Math.floor(createdMs / 1000)}`;
}

export const creationSeconds = (c: Consumer): number => Math.floor(c.createdAt / 1000);

const CONSUMER_ARN = /^arn:aws[a-z-]*:kinesis:([a-z0-9-]+):(\d{12}):stream\/([a-zA-Z0-9_.-]+)\/consumer\/([a-zA-Z0-9_.-]+):(\d+)$/;
const STREAM_ARN = /^arn:aws[a-z-]*:kinesis:([a-z0-9-]+):(\d{12}):stream\/([a-zA-Z0-9_.-]+)$/;

export interface ParsedConsumerArn {
  region: string;
  account: string;
  stream: string;
  consumer: string;
  seconds: number;
}

export function parseConsumerArn(arn: string): ParsedConsumerArn | undefined {
  const m = CONSUMER_ARN.exec(arn);
  if (!m) return undefined;
  return { region: m[1], account: m[2], stream: m[3], consumer: m[4], seconds: Number(m[5]) };
}

/** The consumer a ConsumerARN names in the request's account and region; ResourceNotFoundException otherwise. */
export function consumerByArn(k: Kinesis, ctx: RequestContext, arn: string): { stream: Stream; consumer: Consumer } {
  const state = k.state(ctx);
  const p = parseConsumerArn(arn);
  if (!p) throw new errors.InvalidArgumentException(messages.badConsumerArn(arn));
  const stream = p.region === state.region && p.account === state.account ? state.streams.get(p.stream) : undefined;
  const consumer = stream?.consumers.get(p.consumer);
  // a consumer registered again under the same name has another creation time, so another ARN
  if (!stream || !consumer || creationSeconds(consumer) !== p.seconds) {
    throw new errors.ResourceNotFoundException(messages.consumerNotFound(arn, state.account));
  }
  return { stream, consumer };
}

/**
 * The consumer of DescribeStreamConsumer and DeregisterStreamConsumer: by ConsumerARN, or by
 * StreamARN and ConsumerName.
 */
export function findConsumer(
  k: Kinesis,
  ctx: RequestContext,
  input: { StreamARN?: string; ConsumerName?: string; ConsumerARN?: string },
): { stream: Stream; consumer: Consumer } {
  if (input.ConsumerARN !== undefined) {
    const found = consumerByArn(k, ctx, input.ConsumerARN);
    if (input.StreamARN !== undefined && input.StreamARN !== found.stream.arn) {
      throw new errors.InvalidArgumentException(messages.consumerOfOtherStream(input.ConsumerARN, input.StreamARN));
    }
    if (input.ConsumerName !== undefined && input.ConsumerName !== found.consumer.name) {
      throw new errors.InvalidArgumentException(messages.consumerNameArnMismatch(input.ConsumerName, input.ConsumerARN));
    }
    return found;
  }
  if (input.StreamARN === undefined || input.ConsumerName === undefined) {
    throw new errors.InvalidArgumentException(messages.consumerIdRequired());
  }
  const stream = k.stream(ctx, { StreamARN: input.StreamARN });
  const consumer = stream.consumers.get(input.ConsumerName);
  if (!consumer) throw new errors.ResourceNotFoundException(messages.consumerNotFound(input.ConsumerName, k.state(ctx).account));
  return { stream, consumer };
}

/** A resource of the ARN-based operations (tags, policies): a stream or one of its consumers. */
export type Resource = { kind: "stream"; stream: Stream; arn: string } | { kind: "consumer"; stream: Stream; consumer: Consumer; arn: string };

export function resourceByArn(k: Kinesis, ctx: RequestContext, arn: string): Resource {
  if (parseConsumerArn(arn)) {
    const { stream, consumer } = consumerByArn(k, ctx, arn);
    return { kind: "consumer", stream, consumer, arn: consumer.arn };
  }
  const m = STREAM_ARN.exec(arn);
  if (!m) throw new errors.InvalidArgumentException(messages.badResourceArn(arn));
  const stream = k.stream(ctx, { StreamARN: arn });
  return { kind: "stream", stream, arn: stream.arn };
}

// --- per-instance timers and subscriptions ---------------------------------------------------

/** An open SubscribeToShard stream, as the registry sees it. */
export interface OpenSubscription {
  /** ends the stream: "takeover" with a ResourceInUseException, the others cleanly */
  end(reason: "takeover" | "cancel" | "reset"): void;
}

interface Runtime {
  timers: Set<TimerHandle>;
  subscriptions: Set<OpenSubscription>;
  /** consumer -> shard id -> its open subscription */
  byShard: WeakMap<Consumer, Map<string, OpenSubscription>>;
}

const runtimes = new WeakMap<Kinesis, Runtime>();

function runtime(k: Kinesis): Runtime {
  let r = runtimes.get(k);
  if (!r) {
    const made: Runtime = { timers: new Set(), subscriptions: new Set(), byShard: new WeakMap() };
    k.env.state.onReset(() => {
      for (const t of made.timers) t.cancel();
      made.timers.clear();
      for (const s of [...made.subscriptions]) s.end("reset");
      made.subscriptions.clear();
      made.byShard = new WeakMap();
    });
    runtimes.set(k, made);
    r = made;
  }
  return r;
}

/**
 * Moves a consumer to `status` now and runs `done` after the status delay, on the clock (at
 * once when the delay is 0), as Kinesis.transition does for streams.
 */
export function consumerTransition(k: Kinesis, consumer: Consumer, status: ConsumerStatus, done: () => void): void {
  consumer.status = status;
  const delay = k.statusDelayMs;
  if (delay <= 0) {
    done();
    return;
  }
  const r = runtime(k);
  const t = k.env.clock.setTimer(delay, () => {
    r.timers.delete(t);
    done();
  });
  r.timers.add(t);
}

/** Registers an open subscription; the one it replaces (same consumer and shard), if any, is returned. */
export function addSubscription(k: Kinesis, consumer: Consumer, shardId: string, sub: OpenSubscription): OpenSubscription | undefined {
  const r = runtime(k);
  let m = r.byShard.get(consumer);
  if (!m) {
    m = new Map();
    r.byShard.set(consumer, m);
  }
  const previous = m.get(shardId);
  m.set(shardId, sub);
  r.subscriptions.add(sub);
  return previous;
}

export function removeSubscription(k: Kinesis, consumer: Consumer, shardId: string, sub: OpenSubscription): void {
  const r = runtime(k);
  r.subscriptions.delete(sub);
  const m = r.byShard.get(consumer);
  if (m?.get(shardId) === sub) m.delete(shardId);
}

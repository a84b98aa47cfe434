// SubscribeToShard: a push stream of a shard's records to an ACTIVE consumer.
//
// The first event goes out at once with the records already there from the starting
// position (possibly none); after that the subscription waits on the shard's listeners and
// sends each batch of new records as it arrives (no polling). While no record comes, an
// empty event (no Records, the current ContinuationSequenceNumber and MillisBehindLatest)
// still goes out 5 s (by the clock) after the last event, as Kinesis keeps an idle
// subscription alive. When the shard is closed and every record read, the last event
// carries ChildShards and no ContinuationSequenceNumber (how KCL recognises a shard's end),
// and the stream ends.
//
// A subscription lasts 5 minutes by the clock. The same consumer subscribing to the same
// shard again within 5 s (by the clock) of a successful call gets ResourceInUseException;
// later, the new call takes over and the old stream fails with ResourceInUseException, as
// AWS documents. Deregistering the consumer, a reset, a stop, or the client going away
// (ctx.signal) end the stream at once.
import type { KinesisHandlers, Record_, StartingPosition, SubscribeToShardEvent, SubscribeToShardEventStream } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import type { TimerHandle } from "../../../runtime/clock.ts";
import type { RequestContext } from "../../../runtime/types.ts";
import { addSubscription, consumerByArn, creationSeconds, type OpenSubscription, removeSubscription } from "../consumers.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";
import { type Consumer, type KinesisRecord, parseSequenceNumber, type Shard, shardIdOf, type Stream, shardIndexOfSequence } from "../state.ts";

/** How long a subscription lasts. */
export const SUBSCRIPTION_MS = 5 * 60_000;
/** How soon the same consumer may subscribe to the same shard again. */
export const RESUBSCRIBE_MS = 5_000;
/** An idle subscription sends an empty event this long after its last event (by the clock). */
export const IDLE_EVENT_MS = 5_000;
/** At most this many records in one event. */
export const MAX_EVENT_RECORDS = 10_000;
/** An event stops before the record that would take it past this many bytes (one record always goes). */
export const MAX_EVENT_BYTES = 2 * 1024 * 1024;


/** The absolute position a StartingPosition names on the shard. */
function startPosition(stream: Stream, shard: Shard, pos: StartingPosition, account: string): number {
  const type = pos.Type;
  const bySequence = type === "AT_SEQUENCE_NUMBER" || type === "AFTER_SEQUENCE_NUMBER";
  if (bySequence && pos.SequenceNumber === undefined) {
    throw new errors.InvalidArgumentException(messages.subscribeSequenceRequired(type));
  }
  if (!bySequence && pos.SequenceNumber !== undefined) {
    throw new errors.InvalidArgumentException(messages.subscribeSequenceNotAllowed(type));
  }
  switch (type) {
    case "TRIM_HORIZON":
      return shard.start;
    case "LATEST":
      return shard.end;
    case "AT_TIMESTAMP":
      if (pos.Timestamp === undefined) throw new errors.InvalidArgumentException(messages.subscribeTimestampRequired());
      return shard.positionAtTime(pos.Timestamp.getTime());
    default: {
      const text = pos.SequenceNumber!;
      const seq = parseSequenceNumber(text);
      const index = seq === undefined ? undefined : shardIndexOfSequence(seq);
      if (seq === undefined || index === undefined) {
        throw new errors.InvalidArgumentException(messages.subscribeBadSequence(text, shard.id, stream.name, account));
      }
      if (index !== shard.index) throw new errors.InvalidArgumentException(messages.sequenceOfOtherShard(shardIdOf(index), shard.id));
      return type === "AT_SEQUENCE_NUMBER" ? shard.positionAt(seq) : shard.positionAfter(seq);
    }
  }
}

function toRecord(r: KinesisRecord): Record_ {
  return {
    SequenceNumber: r.sequenceNumber,
    ApproximateArrivalTimestamp: new Date(r.arrival),
    Data: r.data,
    PartitionKey: r.partitionKey,
    ...(r.encrypted ? { EncryptionType: "KMS" as const } : {}),
  };
}

type EndReason = "takeover" | "cancel" | "reset" | "expired" | "abort";

/** One open subscription: its position on the shard, and what wakes or ends it. */
class Subscription implements OpenSubscription {
  private stopped: EndReason | undefined;
  private wake: (() => void) | undefined;
  /** the idle timer came due: the next turn sends an event even without records */
  private idle = false;
  private idleTimer: TimerHandle | undefined;

  constructor(
    private readonly k: Kinesis,
    private readonly ctx: RequestContext,
    private readonly stream: Stream,
    private readonly shard: Shard,
    private readonly consumer: Consumer,
    /** the next position to send */
    private pos: number,
  ) {}

  end(reason: EndReason): void {
    if (this.stopped === undefined) this.stopped = reason;
    this.notify();
  }

  private readonly notify = (): void => {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  };

  /** (Re)arms the idle timer: an empty event IDLE_EVENT_MS after the last event sent. */
  private armIdle(): void {
    this.idleTimer?.cancel();
    this.idle = false;
    this.idleTimer = this.ctx.clock.setTimer(IDLE_EVENT_MS, () => {
      this.idleTimer = undefined;
      this.idle = true;
      this.notify();
    });
  }

  private readonly cancelled = (): void => this.end("cancel");
  private readonly aborted = (): void => this.end("abort");

  /** Resolves on the next append to (or close of) the shard, or when the subscription ends. */
  private changed(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  async *events(): AsyncGenerator<SubscribeToShardEventStream> {
    const { shard, consumer, ctx } = this;
    shard.listeners.add(this.notify);
    consumer.cancel.add(this.cancelled);
    ctx.signal.addEventListener("abort", this.aborted);
    if (ctx.signal.aborted) this.end("abort");
    const timer: TimerHandle = ctx.clock.setTimer(SUBSCRIPTION_MS, () => this.end("expired"));
    try {
      let first = true;
      while (true) {
        if (this.stopped !== undefined) {
          if (this.stopped === "takeover") throw new errors.ResourceInUseException(messages.activeSubscription());
          return;
        }
        this.trim();
        const pending = this.pos < shard.end;
        if (!first && !pending && !shard.closed && !this.idle) {
          await this.changed();
          continue;
        }
        first = false;
        const { records, next } = shard.read(this.pos, MAX_EVENT_RECORDS, MAX_EVENT_BYTES);
        this.pos = next;
        const done = shard.closed && this.pos >= shard.end;
        const event = this.event(records, done);
        if (!done) this.armIdle();
        yield { SubscribeToShardEvent: event };
        if (done) return;
      }
    } finally {
      timer.cancel();
      this.idleTimer?.cancel();
      shard.listeners.delete(this.notify);
      consumer.cancel.delete(this.cancelled);
      ctx.signal.removeEventListener("abort", this.aborted);
      removeSubscription(this.k, consumer, shard.id, this);
    }
  }

  /** Retention: records past it go, and a position before the oldest kept record moves up. */
  private trim(): void {
    this.shard.trim(this.ctx.clock.now() - this.stream.retentionHours * 3_600_000);
    if (this.pos < this.shard.start) this.pos = this.shard.start;
  }

  private event(records: KinesisRecord[], done: boolean): SubscribeToShardEvent {
    const { shard } = this;
    const behind = this.pos < shard.end ? Math.max(0, this.ctx.clock.now() - shard.at(this.pos)!.arrival) : 0;
    const event: Partial<SubscribeToShardEvent> = { Records: records.map(toRecord), MillisBehindLatest: behind };
    if (done) {
      event.ChildShards = this.stream.shards
        .filter((s) => s.parentShardId === shard.id || s.adjacentParentShardId === shard.id)
        .map((s) => ({
          ShardId: s.id,
          ParentShards: [s.parentShardId, s.adjacentParentShardId].filter((p): p is string => p !== undefined),
          HashKeyRange: { StartingHashKey: s.startingHashKey.toString(), EndingHashKey: s.endingHashKey.toString() },
        }));
    } else {
      // the record before the position: AFTER_SEQUENCE_NUMBER with it resumes exactly here
      event.ContinuationSequenceNumber = this.pos > shard.start ? shard.at(this.pos - 1)!.sequenceNumber : shard.startingSequenceNumber;
    }
    // a shard's last event has no ContinuationSequenceNumber although the model marks it required
    return event as SubscribeToShardEvent;
  }
}

export const SubscribeToShard =
  (k: Kinesis): KinesisHandlers["SubscribeToShard"] =>
  async (input, ctx) => {
    const { stream, consumer } = consumerByArn(k, ctx, input.ConsumerARN);
    const account = k.state(ctx).account;
    if (consumer.status !== "ACTIVE") {
      throw new errors.ResourceInUseException(messages.consumerNotActiveToSubscribe(consumer.name, creationSeconds(consumer), stream.name, account));
    }
    const shard = stream.shard(input.ShardId);
    if (!shard) throw new errors.ResourceNotFoundException(messages.shardNotFound(input.ShardId, stream.name, account));
    const now = ctx.clock.now();
    const last = consumer.subscriptions.get(shard.id);
    if (last !== undefined && now - last < RESUBSCRIBE_MS) {
      throw new errors.ResourceInUseException(messages.activeSubscription());
    }
    shard.trim(now - stream.retentionHours * 3_600_000);
    const pos = startPosition(stream, shard, input.StartingPosition, account);

    consumer.subscriptions.set(shard.id, now);
    const sub = new Subscription(k, ctx, stream, shard, consumer, pos);
    addSubscription(k, consumer, shard.id, sub)?.end("takeover");
    return { EventStream: sub.events() };
  };

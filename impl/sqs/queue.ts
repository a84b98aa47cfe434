// One queue: its attributes and its messages. Cost per operation does not grow with the
// queue's depth: visible messages wait in a FIFO list (standard) or in per-group heaps
// with a list of groups ready to deliver (FIFO); messages in flight and delayed ones sit
// in one heap keyed by the time they become visible; the send order (a list, and a heap
// for messages moved in with older send times) drives retention. One clock timer per
// queue, at the earliest of those times, moves messages back and wakes long polls; every
// operation also catches up with the clock.
import type { Clock, TimerHandle } from "../../runtime/clock.ts";
import type { Ids } from "../../runtime/ids.ts";
import { DEFAULTS, FIFO_DEFAULTS, parseRedriveAllowPolicy, parseRedrivePolicy, type RedriveAllowPolicy, type RedrivePolicy } from "./attributes.ts";
import { Deque, IndexedHeap } from "./heap.ts";
import { AGE_SLOT, DELAYED, GONE, GROUP_SLOT, INFLIGHT, Msg, TIMED_SLOT, VISIBLE } from "./state.ts";

/** what a receipt handle of this emulator looks like: base64 */
const HANDLE_TEXT = /^[A-Za-z0-9+/]+={0,2}$/;

/** FIFO deduplication window */
export const DEDUP_WINDOW_MS = 5 * 60_000;
/** how long after a purge another one is refused */
export const PURGE_INTERVAL_MS = 60_000;

class Group {
  readonly heap = new IndexedHeap<Msg>((m) => m.order, GROUP_SLOT);
  inflight = 0;
  queued = false;
  constructor(readonly id: string) {}
}

interface Waiter {
  max: number;
  visibilityMs: number;
  done(got: Received[]): void;
}

/** A message as one receive got it: the handle and count of that receive. */
export interface Received {
  msg: Msg;
  handle: string;
  receiveCount: number;
}

export interface QueueLinks {
  clock: Clock;
  ids: Ids;
  /** the dead-letter queue a message of `q` moves to now, if any (exists, allows `q`) */
  deadLetterTarget(q: Queue): Queue | undefined;
}

export type HandleLookup =
  | { kind: "invalid" }
  | { kind: "gone" }
  | { kind: "stale"; msg: Msg }
  | { kind: "current"; msg: Msg };

export class Queue {
  readonly uid: string;
  /** receives so far: each receive's handle carries the count */
  private receives = 0;
  readonly arn: string;
  readonly createdAt: number;
  lastModifiedAt: number;
  /** settable attributes, as GetQueueAttributes shows them */
  readonly values: Record<string, string>;
  readonly tags = new Map<string, string>();
  lastPurgeAt: number | undefined;
  redrive: RedrivePolicy | undefined;
  redriveAllow: RedriveAllowPolicy | undefined;
  deleted = false;

  // messages
  private readonly live = new Map<string, Msg>();
  private readonly visible = new Deque<Msg>();
  private readonly groups = new Map<string, Group>();
  private readonly ready = new Deque<Group>();
  private readonly timed = new IndexedHeap<Msg>((m) => m.due, TIMED_SLOT);
  // Retention: messages in the order sent, their send times never decreasing (deleted ones
  // stay until passed over or swept out), and a heap for the few that arrive older than
  // the last (moved from another queue with their first send time).
  private readonly bySend = new Deque<Msg>();
  /** messages of bySend not yet taken out */
  private inBySend = 0;
  private lastSentAt = -Infinity;
  private readonly byAge = new IndexedHeap<Msg>((m) => m.sentAt, AGE_SLOT);
  nVisible = 0;
  nInflight = 0;
  nDelayed = 0;

  // FIFO
  private readonly dedup = new Map<string, { expires: number; id: string; seq: string }>();
  private readonly dedupOrder = new Deque<{ key: string; expires: number }>();
  private seqCounter = 0n;
  private orderCounter = 0;

  private readonly waiters = new Set<Waiter>();
  private timer: TimerHandle | undefined;
  private draining = false;

  constructor(
    readonly name: string,
    readonly account: string,
    readonly region: string,
    readonly fifo: boolean,
    attributes: Record<string, string>,
    private readonly links: QueueLinks,
  ) {
    this.arn = `arn:aws:sqs:${region}:${account}:${name}`;
    this.uid = links.ids.uuid();
    this.createdAt = this.lastModifiedAt = Math.floor(links.clock.now() / 1000);
    this.values = { ...DEFAULTS, ...(fifo ? FIFO_DEFAULTS : {}) };
    this.apply(attributes);
    // a high, 20-digit start, as AWS's sequence numbers look
    this.seqCounter = 18_000_000_000_000_000_000n + BigInt(Math.floor(links.clock.now())) * 1000n;
  }

  // --- attributes -----------------------------------------------------------------------

  /** Applies normalized attributes ("" removes the optional ones). */
  apply(attrs: Readonly<Record<string, string>>): void {
    this.nums.clear();
    for (const [k, v] of Object.entries(attrs)) {
      if (v === "" && (k === "Policy" || k === "RedrivePolicy" || k === "RedriveAllowPolicy" || k === "KmsMasterKeyId")) {
        delete this.values[k];
      } else {
        this.values[k] = v;
      }
    }
    if (attrs.KmsMasterKeyId) {
      this.values.SqsManagedSseEnabled = "false";
      this.values.KmsDataKeyReusePeriodSeconds ??= "300";
    } else if (attrs.SqsManagedSseEnabled === "true") {
      delete this.values.KmsMasterKeyId;
      delete this.values.KmsDataKeyReusePeriodSeconds;
    }
    this.redrive = this.values.RedrivePolicy ? parseRedrivePolicy(this.values.RedrivePolicy) : undefined;
    this.redriveAllow = this.values.RedriveAllowPolicy ? parseRedriveAllowPolicy(this.values.RedriveAllowPolicy) : undefined;
    this.lastModifiedAt = Math.floor(this.links.clock.now() / 1000);
    // a shorter retention may have made messages due
    if (this.live.size) this.tick();
  }

  num(name: string): number {
    let n = this.nums.get(name);
    if (n === undefined) {
      n = Number(this.values[name]);
      this.nums.set(name, n);
    }
    return n;
  }

  /** attribute values as numbers, read once after each change */
  private readonly nums = new Map<string, number>();

  get visibilityTimeout(): number {
    return this.num("VisibilityTimeout");
  }

  get contentBasedDedup(): boolean {
    return this.values.ContentBasedDeduplication === "true";
  }

  /** a FIFO queue's group-scoped deduplication (high throughput) */
  get dedupPerGroup(): boolean {
    return this.values.DeduplicationScope === "messageGroup";
  }

  // --- clock ------------------------------------------------------------------------------

  /** Catches up with the clock: delays and visibility timeouts that ended, retention. */
  tick(): void {
    const now = this.links.clock.now();
    let woke = false;
    for (let m = this.timed.peek(); m && m.due <= now; m = this.timed.peek()) {
      this.timed.pop();
      if (m.state === INFLIGHT) {
        this.nInflight--;
        this.makeVisible(m, true);
      } else {
        this.nDelayed--;
        this.makeVisible(m, false);
      }
      woke = true;
    }
    const retentionMs = this.num("MessageRetentionPeriod") * 1000;
    for (let m = this.oldest(); m && m.sentAt + retentionMs <= now; m = this.oldest()) this.drop(m);
    this.arm();
    if (woke) this.notify();
  }

  /** the message sent first among those kept */
  private oldest(): Msg | undefined {
    let m = this.bySend.peek();
    while (m !== undefined && m.state === GONE) {
      this.bySend.shift();
      m = this.bySend.peek();
    }
    const h = this.byAge.peek();
    return h !== undefined && (m === undefined || h.sentAt < m.sentAt) ? h : m;
  }

  /** A message leaves the queue: out of the retention order. */
  private forgetAge(m: Msg): void {
    if (this.byAge.remove(m)) return;
    this.inBySend--;
    // sweeps out taken messages once they are most of the list (amortized O(1) per message)
    if (this.bySend.length > 2 * this.inBySend + 1024) this.bySend.retain((x) => x.state !== GONE);
  }

  private arm(): void {
    let next = this.timed.peek()?.due;
    const oldest = this.oldest();
    if (oldest) {
      const expires = oldest.sentAt + this.num("MessageRetentionPeriod") * 1000;
      if (next === undefined || expires < next) next = expires;
    }
    if (next === undefined || this.deleted) {
      this.timer?.cancel();
      this.timer = undefined;
      return;
    }
    // a timer that fires early is fine: it looks again and re-arms
    if (this.timer && this.timer.due <= next) return;
    this.timer?.cancel();
    this.timer = this.links.clock.setTimerAt(next, () => {
      this.timer = undefined;
      this.tick();
    });
  }

  // --- moving messages between states ---------------------------------------------------

  private group(id: string): Group {
    let g = this.groups.get(id);
    if (!g) {
      g = new Group(id);
      this.groups.set(id, g);
    }
    return g;
  }

  private settle(g: Group): void {
    if (g.inflight === 0 && g.heap.size > 0) {
      if (!g.queued) {
        g.queued = true;
        this.ready.push(g);
      }
    } else if (g.inflight === 0 && g.heap.size === 0 && !g.queued) {
      this.groups.delete(g.id);
    }
  }

  private makeVisible(m: Msg, fromFlight: boolean): void {
    m.state = VISIBLE;
    this.nVisible++;
    if (this.fifo) {
      const g = this.group(m.groupId!);
      g.heap.push(m);
      if (fromFlight) g.inflight--;
      this.settle(g);
    } else {
      this.visible.push(m);
    }
  }

  /** Takes a message out of the queue for good (delete, retention, purge, move). */
  private drop(m: Msg): void {
    switch (m.state) {
      case VISIBLE:
        this.nVisible--;
        if (this.fifo) {
          const g = this.groups.get(m.groupId!);
          if (g) {
            g.heap.remove(m);
            this.settle(g);
          }
        }
        // standard: the entry in the visible list is skipped when reached
        break;
      case INFLIGHT:
        this.nInflight--;
        this.timed.remove(m);
        if (this.fifo) {
          const g = this.groups.get(m.groupId!);
          if (g) {
            g.inflight--;
            this.settle(g);
          }
        }
        break;
      case DELAYED:
        this.nDelayed--;
        this.timed.remove(m);
        break;
      default:
        return;
    }
    m.state = GONE;
    this.live.delete(m.id);
    this.forgetAge(m);
  }

  // --- sending ----------------------------------------------------------------------------

  /** FIFO: the earlier send a deduplication id names within the window, if any. */
  duplicateOf(dedupId: string, groupId: string): { id: string; seq: string } | undefined {
    const now = this.links.clock.now();
    for (let e = this.dedupOrder.peek(); e && e.expires <= now; e = this.dedupOrder.peek()) {
      this.dedupOrder.shift();
      if (this.dedup.get(e.key)?.expires === e.expires) this.dedup.delete(e.key);
    }
    const hit = this.dedup.get(this.dedupKey(dedupId, groupId));
    return hit && hit.expires > now ? hit : undefined;
  }

  private dedupKey(dedupId: string, groupId: string): string {
    return this.dedupPerGroup ? `${groupId}\u0000${dedupId}` : dedupId;
  }

  /** Adds a new message; FIFO messages get their sequence number here. */
  add(m: Msg, delayMs: number): void {
    this.tick();
    if (this.live.has(m.id)) m.id = this.links.ids.uuid();
    if (this.fifo) {
      this.seqCounter += 1n + BigInt(this.links.ids.int(1000));
      m.seq = this.seqCounter.toString();
      if (m.dedupId !== undefined && m.dlqSource === undefined) {
        const expires = this.links.clock.now() + DEDUP_WINDOW_MS;
        const key = this.dedupKey(m.dedupId, m.groupId!);
        this.dedup.set(key, { expires, id: m.id, seq: m.seq });
        this.dedupOrder.push({ key, expires });
      }
    }
    m.order = ++this.orderCounter;
    this.live.set(m.id, m);
    if (m.sentAt >= this.lastSentAt) {
      this.bySend.push(m);
      this.inBySend++;
      this.lastSentAt = m.sentAt;
    } else {
      this.byAge.push(m);
    }
    if (delayMs > 0) {
      m.state = DELAYED;
      m.due = this.links.clock.now() + delayMs;
      this.nDelayed++;
      this.timed.push(m);
    } else {
      this.makeVisible(m, false);
    }
    this.arm();
    this.notify();
  }

  // --- receiving ----------------------------------------------------------------------------

  /**
   * Up to `max` messages now, each made invisible for `visibilityMs`. Messages received
   * maxReceiveCount times already move to the dead-letter queue instead.
   */
  take(max: number, visibilityMs: number): Received[] {
    this.tick();
    const out: Received[] = [];
    if (this.nVisible === 0) return out;
    const now = this.links.clock.now();
    const back: Msg[] = [];
    const dlq = this.redrive ? this.links.deadLetterTarget(this) : undefined;
    const limit = this.redrive?.maxReceiveCount ?? Infinity;
    if (this.fifo) {
      while (out.length < max) {
        const g = this.ready.shift();
        if (!g) break;
        g.queued = false;
        while (out.length < max) {
          const m = g.heap.pop();
          if (!m) break;
          if (dlq && m.receiveCount >= limit) {
            this.nVisible--;
            this.moveOut(m, dlq);
            continue;
          }
          this.deliver(m, g, now, visibilityMs, out, back);
        }
        this.settle(g);
      }
    } else {
      while (out.length < max) {
        const m = this.visible.shift();
        if (!m) break;
        if (m.state !== VISIBLE) continue;
        if (dlq && m.receiveCount >= limit) {
          this.nVisible--;
          this.moveOut(m, dlq);
          continue;
        }
        this.deliver(m, undefined, now, visibilityMs, out, back);
      }
    }
    // a visibility timeout of 0: visible again at once, after this receive
    for (const m of back) this.makeVisible(m, false);
    if (out.length || back.length) this.arm();
    return out;
  }

  /** One message of take() goes to the receiver: in flight, or back at once for a timeout of 0. */
  private deliver(m: Msg, g: Group | undefined, now: number, visibilityMs: number, out: Received[], back: Msg[]): void {
    this.nVisible--;
    m.receiveCount++;
    if (m.firstReceiveAt === 0) m.firstReceiveAt = now;
    m.receivedAt = now;
    // unique per receive of the queue (random bytes per receive cost more than the rest of it)
    m.nonce = (++this.receives).toString(36);
    out.push({ msg: m, handle: this.handleOf(m), receiveCount: m.receiveCount });
    if (visibilityMs > 0) {
      m.state = INFLIGHT;
      m.due = now + visibilityMs;
      this.nInflight++;
      this.timed.push(m);
      if (g) g.inflight++;
    } else {
      back.push(m);
    }
  }

  /** A long poll: resolves with messages as soon as there are some, or [] after waitMs. */
  wait(max: number, visibilityMs: number, waitMs: number, signal: AbortSignal): Promise<Received[]> {
    return new Promise((resolve) => {
      let timer: TimerHandle | undefined;
      const finish = (msgs: Received[]) => {
        if (!this.waiters.delete(waiter)) return;
        timer?.cancel();
        signal.removeEventListener("abort", onAbort);
        resolve(msgs);
      };
      const waiter: Waiter = { max, visibilityMs, done: finish };
      const onAbort = () => finish([]);
      this.waiters.add(waiter);
      timer = this.links.clock.setTimer(waitMs, () => {
        timer = undefined;
        finish([]);
      });
      if (signal.aborted) finish([]);
      else signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Serves waiting long polls, oldest first, while messages are visible. */
  private notify(): void {
    if (this.draining || this.waiters.size === 0 || this.nVisible === 0) return;
    this.draining = true;
    try {
      for (const w of this.waiters) {
        if (this.nVisible === 0) break;
        const got = this.take(w.max, w.visibilityMs);
        if (got.length) w.done(got);
      }
    } finally {
      this.draining = false;
    }
  }

  // --- receipt handles ----------------------------------------------------------------------

  handleOf(m: Msg): string {
    return Buffer.from(`${this.uid} ${m.id} ${m.receiveCount} ${m.nonce}`, "utf8").toString("base64");
  }

  lookup(handle: string): HandleLookup {
    if (!HANDLE_TEXT.test(handle)) return { kind: "invalid" };
    const parts = Buffer.from(handle, "base64").toString("utf8").split(" ");
    if (parts.length !== 4 || parts[0] !== this.uid) return { kind: "invalid" };
    this.tick();
    const m = this.live.get(parts[1]);
    if (!m) return { kind: "gone" };
    return m.nonce === parts[3] && String(m.receiveCount) === parts[2] ? { kind: "current", msg: m } : { kind: "stale", msg: m };
  }

  delete(m: Msg): void {
    this.drop(m);
    this.arm();
  }

  /** New visibility for a message in flight, counted from now; 0 makes it visible at once. */
  changeVisibility(m: Msg, visibilityMs: number): void {
    if (m.state !== INFLIGHT) return;
    if (visibilityMs <= 0) {
      this.timed.remove(m);
      this.nInflight--;
      this.makeVisible(m, true);
      this.arm();
      this.notify();
      return;
    }
    m.due = this.links.clock.now() + visibilityMs;
    this.timed.update(m);
    this.arm();
  }

  // --- whole-queue operations ---------------------------------------------------------------

  purge(): void {
    for (const m of this.live.values()) m.state = GONE;
    this.live.clear();
    this.visible.clear();
    this.groups.clear();
    this.ready.clear();
    this.timed.clear();
    this.byAge.clear();
    this.bySend.clear();
    this.inBySend = 0;
    this.lastSentAt = -Infinity;
    this.nVisible = this.nInflight = this.nDelayed = 0;
    this.arm();
  }

  /** Deleted: timers stop, long polls answer with nothing. */
  destroy(): void {
    this.deleted = true;
    this.timer?.cancel();
    this.timer = undefined;
    for (const w of [...this.waiters]) w.done([]);
  }

  // --- dead-letter queues and move tasks --------------------------------------------------

  /** Moves a visible message (already uncounted as visible) to another queue. */
  private moveOut(m: Msg, target: Queue): void {
    m.state = GONE;
    this.live.delete(m.id);
    this.forgetAge(m);
    target.receiveMoved(m, this.arn);
  }

  /** A message coming from another queue (dead-lettered or moved back by a task). */
  receiveMoved(from: Msg, sourceArn: string | undefined): void {
    const m = new Msg(from.id, from.body, from.md5Body, from.sentAt, from.senderId, from.attrs, from.md5Attrs, from.traceHeader, from.groupId ?? (this.fifo ? "default" : undefined), from.dedupId);
    m.dlqSource = sourceArn;
    if (sourceArn !== undefined) {
      // dead-lettered: the count goes on across queues (AWS: "received across all queues")
      m.receiveCount = from.receiveCount;
      m.firstReceiveAt = from.firstReceiveAt;
    }
    this.add(m, 0);
  }

  /** Up to n visible messages taken out for a move task, oldest first; none are received. */
  takeForMove(n: number): Msg[] {
    this.tick();
    const out: Msg[] = [];
    if (this.fifo) {
      while (out.length < n) {
        const g = this.ready.shift();
        if (!g) break;
        g.queued = false;
        while (out.length < n) {
          const m = g.heap.pop();
          if (!m) break;
          out.push(m);
        }
        this.settle(g);
      }
    } else {
      while (out.length < n) {
        const m = this.visible.shift();
        if (!m) break;
        if (m.state === VISIBLE) out.push(m);
      }
    }
    for (const m of out) {
      this.nVisible--;
      m.state = GONE;
      this.live.delete(m.id);
      this.forgetAge(m);
    }
    this.arm();
    return out;
  }
}

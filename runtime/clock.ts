// The one clock every time-based behaviour reads. It follows wall time plus an offset
// that advance() grows; timers fire when their due time comes, by wall time or because
// advance() moved the clock past it (in due-time order, synchronously).

export interface TimerHandle {
  readonly due: number;
  cancel(): void;
}

interface Timer {
  due: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** Timers in due order (then in the order they were set), as a binary min-heap. */
function before(a: Timer, b: Timer): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

export class Clock {
  private offset = 0;
  private frozenAt: number | undefined;
  /**
   * A heap, so that setting a timer costs O(log n) however many wait (a queue with a
   * visibility timer per message has thousands). A cancelled timer stays in it, marked,
   * until it reaches the top or the heap is compacted.
   */
  private heap: Timer[] = [];
  /** timers neither fired nor cancelled */
  private live = 0;
  private seq = 0;
  private wake: NodeJS.Timeout | undefined;
  /** the due time the wall-time wake-up is set for */
  private wakeDue = Number.POSITIVE_INFINITY;

  constructor(opts: { start?: number; frozen?: boolean } = {}) {
    if (opts.start !== undefined) this.offset = opts.start - Date.now();
    // exactly the start asked for (now() could read a millisecond later)
    if (opts.frozen) this.frozenAt = opts.start ?? this.now();
  }

  /** Milliseconds since the epoch, as the emulator sees them. */
  now(): number {
    return this.frozenAt ?? Date.now() + this.offset;
  }

  date(): Date {
    return new Date(this.now());
  }

  get frozen(): boolean {
    return this.frozenAt !== undefined;
  }

  /** Stops time where it is: it then moves only by advance(). */
  freeze(): void {
    if (this.frozenAt === undefined) this.frozenAt = this.now();
    this.schedule(true);
  }

  /** Lets time run with wall time again, from where it stands. */
  unfreeze(): void {
    if (this.frozenAt === undefined) return;
    this.offset = this.frozenAt - Date.now();
    this.frozenAt = undefined;
    this.schedule(true);
  }

  /**
   * Moves time forward by ms and fires every timer that comes due, in due order. While a
   * timer runs the clock reads that timer's due time, so a timer that re-arms itself
   * (every 100 ms, say) fires as often as it would have in real time.
   */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("advance takes a non-negative number of milliseconds");
    const target = this.now() + ms;
    const wasFrozen = this.frozenAt !== undefined;
    const finalOffset = this.offset + ms;
    for (let t = this.top(); t && t.due <= target; t = this.top()) {
      this.pop();
      const at = Math.max(t.due, this.now());
      if (this.frozenAt !== undefined) this.frozenAt = at;
      else this.offset = at - Date.now();
      this.run(t);
    }
    if (this.frozenAt !== undefined) this.frozenAt = target;
    else this.offset = wasFrozen ? target - Date.now() : finalOffset;
    this.fireDue();
    return this.now();
  }

  /** Runs fn once the clock reaches now() + delayMs. */
  setTimer(delayMs: number, fn: () => void): TimerHandle {
    return this.setTimerAt(this.now() + Math.max(0, delayMs), fn);
  }

  setTimerAt(due: number, fn: () => void): TimerHandle {
    const t: Timer = { due, seq: this.seq++, fn, cancelled: false };
    this.push(t);
    this.live++;
    if (due < this.wakeDue) this.schedule(false);
    return {
      due,
      cancel: () => {
        if (t.cancelled) return;
        t.cancelled = true;
        this.live--;
        // a wake-up set for it finds nothing due and sets the next one: no need to touch it
        if (this.heap.length > 1024 && this.heap.length > 4 * this.live) this.compact();
      },
    };
  }

  /** Number of timers waiting. */
  get pending(): number {
    return this.live;
  }

  /** Cancels every timer (server stop, reset). */
  clear(): void {
    for (const t of this.heap) t.cancelled = true;
    this.heap = [];
    this.live = 0;
    this.schedule(true);
  }

  private fireDue(): void {
    const now = this.now();
    for (let t = this.top(); t && t.due <= now; t = this.top()) {
      this.pop();
      this.run(t);
    }
    this.schedule(true);
  }

  private run(t: Timer): void {
    t.cancelled = true;
    this.live--;
    try {
      t.fn();
    } catch (err) {
      console.error("clock: timer failed:", err);
    }
  }

  /** (Re)sets the wall-time wake-up for the first timer; `force` even when one is set for earlier. */
  private schedule(force: boolean): void {
    const first = this.top();
    const due = first && this.frozenAt === undefined ? first.due : Number.POSITIVE_INFINITY;
    if (!force && due >= this.wakeDue) return;
    if (this.wake) clearTimeout(this.wake);
    this.wake = undefined;
    this.wakeDue = due;
    if (due === Number.POSITIVE_INFINITY) return;
    const delay = Math.min(Math.max(0, due - this.now()), 2_147_483_647);
    this.wake = setTimeout(() => {
      this.wake = undefined;
      this.wakeDue = Number.POSITIVE_INFINITY;
      this.fireDue();
    }, delay);
    this.wake.unref();
  }

  /** The first timer not cancelled (cancelled ones on top are dropped on the way). */
  private top(): Timer | undefined {
    const h = this.heap;
    while (h.length && h[0].cancelled) this.pop();
    return h[0];
  }

  private push(t: Timer): void {
    const h = this.heap;
    let i = h.length;
    h.push(t);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(t, h[p])) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = t;
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    const first = h[0];
    const last = h.pop();
    if (h.length && last) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && before(h[r], h[l]) ? r : l;
        if (!before(h[c], last)) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return first;
  }

  /** Drops the cancelled timers when they outnumber the live ones. */
  private compact(): void {
    const keep = this.heap.filter((t) => !t.cancelled);
    this.heap = [];
    for (const t of keep) this.push(t);
  }
}

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

export class Clock {
  private offset = 0;
  private frozenAt: number | undefined;
  private timers: Timer[] = [];
  private seq = 0;
  private wake: NodeJS.Timeout | undefined;

  constructor(opts: { start?: number; frozen?: boolean } = {}) {
    if (opts.start !== undefined) this.offset = opts.start - Date.now();
    if (opts.frozen) this.frozenAt = this.now();
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
    this.schedule();
  }

  /** Lets time run with wall time again, from where it stands. */
  unfreeze(): void {
    if (this.frozenAt === undefined) return;
    this.offset = this.frozenAt - Date.now();
    this.frozenAt = undefined;
    this.schedule();
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
    while (this.timers.length && this.timers[0].due <= target) {
      const t = this.timers.shift()!;
      if (t.cancelled) continue;
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
    this.timers.push(t);
    this.timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
    this.schedule();
    return {
      due,
      cancel: () => {
        if (t.cancelled) return;
        t.cancelled = true;
        this.timers = this.timers.filter((x) => x !== t);
        this.schedule();
      },
    };
  }

  /** Number of timers waiting. */
  get pending(): number {
    return this.timers.length;
  }

  /** Cancels every timer (server stop, reset). */
  clear(): void {
    for (const t of this.timers) t.cancelled = true;
    this.timers = [];
    this.schedule();
  }

  private fireDue(): void {
    const now = this.now();
    while (this.timers.length && this.timers[0].due <= now) {
      const t = this.timers.shift()!;
      if (t.cancelled) continue;
      this.run(t);
    }
    this.schedule();
  }

  private run(t: Timer): void {
    t.cancelled = true;
    try {
      t.fn();
    } catch (err) {
      console.error("clock: timer failed:", err);
    }
  }

  private schedule(): void {
    if (this.wake) clearTimeout(this.wake);
    this.wake = undefined;
    if (!this.timers.length || this.frozenAt !== undefined) return;
    const delay = Math.min(Math.max(0, this.timers[0].due - this.now()), 2_147_483_647);
    this.wake = setTimeout(() => this.fireDue(), delay);
    this.wake.unref();
  }
}

// A binary min-heap whose items remember their own position, so that an item can be
// removed or re-keyed in O(log n) without a search. Used for everything the queues keep
// ordered by time (visibility deadlines, delays, retention) and for FIFO groups.

export interface HeapSlot {
  /** position in the heap, -1 when not in it */
  [slot: symbol]: number;
}

export class IndexedHeap<T extends object> {
  private readonly items: T[] = [];
  private readonly pos: symbol;

  /**
   * `key` must not change while the item is in the heap except through update(). `slot`
   * names the item's property holding its position (a name, or a symbol of the item's
   * own, which items can set to -1 when made so that the property is theirs from the start).
   */
  constructor(
    private readonly key: (item: T) => number,
    slot: string | symbol = "heap",
  ) {
    this.pos = typeof slot === "symbol" ? slot : Symbol(slot);
  }

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  has(item: T): boolean {
    const i = (item as Record<symbol, number | undefined>)[this.pos];
    return i !== undefined && i >= 0 && this.items[i] === item;
  }

  push(item: T): void {
    this.items.push(item);
    this.set(item, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top === undefined) return undefined;
    this.removeAt(0);
    return top;
  }

  remove(item: T): boolean {
    if (!this.has(item)) return false;
    this.removeAt((item as Record<symbol, number>)[this.pos]);
    return true;
  }

  /** Call after the item's key changed. */
  update(item: T): void {
    if (!this.has(item)) return this.push(item);
    const i = (item as Record<symbol, number>)[this.pos];
    this.up(i);
    this.down((item as Record<symbol, number>)[this.pos]);
  }

  clear(): void {
    for (const it of this.items) this.set(it, -1);
    this.items.length = 0;
  }

  *values(): IterableIterator<T> {
    yield* this.items;
  }

  private removeAt(i: number): void {
    const items = this.items;
    const gone = items[i];
    const last = items.pop()!;
    this.set(gone, -1);
    if (i < items.length) {
      items[i] = last;
      this.set(last, i);
      this.up(i);
      this.down((last as Record<symbol, number>)[this.pos]);
    }
  }

  private set(item: T, i: number): void {
    (item as Record<symbol, number>)[this.pos] = i;
  }

  private up(i: number): void {
    const items = this.items;
    const item = items[i];
    const k = this.key(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.key(items[p]) <= k) break;
      items[i] = items[p];
      this.set(items[i], i);
      i = p;
    }
    items[i] = item;
    this.set(item, i);
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[i];
    const k = this.key(item);
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.key(items[r]) < this.key(items[l]) ? r : l;
      if (this.key(items[c]) >= k) break;
      items[i] = items[c];
      this.set(items[i], i);
      i = c;
    }
    items[i] = item;
    this.set(item, i);
  }
}

/** A first-in first-out list with O(1) push and shift (an array with a moving head). */
export class Deque<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    (this.items as (T | undefined)[])[this.head] = undefined;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  /** Keeps only the items `keep` says yes to, in order. */
  retain(keep: (item: T) => boolean): void {
    const out: T[] = [];
    for (let i = this.head; i < this.items.length; i++) if (keep(this.items[i])) out.push(this.items[i]);
    this.items = out;
    this.head = 0;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

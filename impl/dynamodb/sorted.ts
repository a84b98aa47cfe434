// An ordered collection in chunks (a flat B-tree of one level): binary search over the
// chunks' last elements, then within one chunk. Insert and delete cost O(log n + chunk),
// finding a position O(log n), and iterating from a position O(1) per element; this keeps
// Query cost O(log n + page) however large a partition or table grows.

const CHUNK = 256;

export interface Position {
  chunk: number;
  index: number;
}

export class SortedList<T> {
  private chunks: T[][] = [];
  private count = 0;

  constructor(private readonly cmp: (a: T, b: T) => number) {}

  get size(): number {
    return this.count;
  }

  /** First position whose element is not `before` (before must be monotone: true…true false…false). */
  lowerBound(before: (e: T) => boolean): Position {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = chunks[mid];
      if (before(c[c.length - 1])) lo = mid + 1;
      else hi = mid;
    }
    if (lo === chunks.length) return { chunk: lo, index: 0 };
    const c = chunks[lo];
    let a = 0;
    let b = c.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (before(c[mid])) a = mid + 1;
      else b = mid;
    }
    return { chunk: lo, index: a };
  }

  insert(x: T): void {
    const cmp = this.cmp;
    if (this.chunks.length === 0) {
      this.chunks.push([x]);
      this.count = 1;
      return;
    }
    let p = this.lowerBound((e) => cmp(e, x) < 0);
    if (p.chunk === this.chunks.length) p = { chunk: p.chunk - 1, index: this.chunks[p.chunk - 1].length };
    const c = this.chunks[p.chunk];
    c.splice(p.index, 0, x);
    this.count++;
    if (c.length > CHUNK * 2) this.chunks.splice(p.chunk + 1, 0, c.splice(CHUNK));
  }

  /** Removes the element equal to x (by the comparator); false when there is none. */
  delete(x: T): boolean {
    const cmp = this.cmp;
    const p = this.lowerBound((e) => cmp(e, x) < 0);
    if (p.chunk === this.chunks.length) return false;
    const c = this.chunks[p.chunk];
    if (cmp(c[p.index], x) !== 0) return false;
    c.splice(p.index, 1);
    this.count--;
    if (c.length === 0) this.chunks.splice(p.chunk, 1);
    return true;
  }

  find(x: T): T | undefined {
    const cmp = this.cmp;
    const p = this.lowerBound((e) => cmp(e, x) < 0);
    if (p.chunk === this.chunks.length) return undefined;
    const e = this.chunks[p.chunk][p.index];
    return cmp(e, x) === 0 ? e : undefined;
  }

  /** A function answering the elements from `p` on, one a call, then undefined (no generator). */
  cursor(p: Position, forward: boolean): () => T | undefined {
    const chunks = this.chunks;
    if (forward) {
      let ci = p.chunk;
      let ii = p.index;
      return () => {
        while (ci < chunks.length) {
          const c = chunks[ci];
          if (ii < c.length) return c[ii++];
          ci++;
          ii = 0;
        }
        return undefined;
      };
    }
    let ci = Math.min(p.chunk, chunks.length);
    let ii = p.chunk >= chunks.length ? 0 : p.index;
    return () => {
      for (;;) {
        if (ii > 0) return chunks[ci][--ii];
        ci--;
        if (ci < 0) return undefined;
        ii = chunks[ci].length;
      }
    };
  }

  /** Elements from `p` on, in order. */
  *forward(p: Position): Generator<T> {
    const next = this.cursor(p, true);
    for (let e = next(); e !== undefined; e = next()) yield e;
  }

  *[Symbol.iterator](): Generator<T> {
    yield* this.forward({ chunk: 0, index: 0 });
  }
}

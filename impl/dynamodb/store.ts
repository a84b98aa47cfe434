// Items of a table or index, by partition and sort key. Partitions are kept ordered by a
// 32-bit hash of the partition key (the order Scan pages through, and what parallel scan
// segments split), and each partition's entries by the sort key in DynamoDB's order
// (numbers by value, strings and binaries by bytes), then by the table key (index entries
// that share an index key). Query finds its start in O(log n) and reads its page in order.
import { SortedList } from "./sorted.ts";
import type { AV, Item } from "./values.ts";
import { compareScalars, compareStrings, keyString } from "./values.ts";

export type ScalarType = "S" | "N" | "B";
export interface KeyDef {
  name: string;
  type: ScalarType;
}

/** One stored item: shared by the table's store and its indexes' stores. */
export interface Rec {
  item: Item;
  size: number;
}

export interface Entry {
  rec: Rec;
  token: number;
  hk: string;
  sk?: AV;
  /** the table key, for ordering index entries that share an index key */
  tk: string;
}

interface Partition {
  token: number;
  hk: string;
  entries: SortedList<Entry>;
}

/** A sort-key range: entries before `start` and from `end` on are outside it. */
export interface Range {
  belowStart(sk: AV): boolean;
  belowEnd(sk: AV): boolean;
}

/**
 * Work done by Query, for tests that show its cost does not grow with the table: entries
 * read from a partition and probes (predicate calls) made while searching for the start.
 * Plain counters, never reset by the service; a test reads them before and after a call.
 */
export const queryWork = { entriesVisited: 0, probes: 0 };

const done = (): undefined => undefined;

/** The entries `next` gives, each counted as visited, ending before the first for which `past` holds. */
function until(next: () => Entry | undefined, past: (e: Entry) => boolean): () => Entry | undefined {
  let ended = false;
  return () => {
    if (ended) return undefined;
    const e = next();
    if (e === undefined) return undefined;
    queryWork.entriesVisited++;
    if (past(e)) {
      ended = true;
      return undefined;
    }
    return e;
  };
}

export const FULL_RANGE: Range = { belowStart: () => false, belowEnd: () => true };

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const cmpPart = (a: { token: number; hk: string }, b: { token: number; hk: string }) =>
  a.token !== b.token ? (a.token < b.token ? -1 : 1) : a.hk < b.hk ? -1 : a.hk > b.hk ? 1 : 0;

export class ItemStore {
  private readonly parts = new Map<string, Partition>();
  private readonly order = new SortedList<Partition>(cmpPart);
  count = 0;
  bytes = 0;

  constructor(
    readonly hash: KeyDef,
    readonly range: KeyDef | undefined,
    /** the table's key, for index stores' tie-breaks */
    readonly tableKey: { hash: KeyDef; range?: KeyDef },
  ) {}

  private cmpEntry = (a: Entry, b: Entry): number => {
    if (this.range) {
      const c = compareScalars(a.sk!, b.sk!) ?? 0;
      if (c !== 0) return c;
    }
    return compareStrings(a.tk, b.tk);
  };

  /** Whether an item belongs here: it has the key attributes with their types. */
  holds(item: Item): boolean {
    const h = item[this.hash.name];
    if (!h || h[this.hash.type] === undefined) return false;
    if (this.range) {
      const r = item[this.range.name];
      if (!r || r[this.range.type] === undefined) return false;
    }
    return true;
  }

  tableKeyString(item: Item): string {
    const t = this.tableKey;
    return t.range ? `${keyString(item[t.hash.name])}\u0000${keyString(item[t.range.name])}` : keyString(item[t.hash.name]);
  }

  /** An entry (or a probe for searching) made from an item holding this store's key attributes. */
  entryOf(rec: Rec): Entry {
    const hk = keyString(rec.item[this.hash.name]);
    const tk = this.tableKey.hash.name in rec.item ? this.tableKeyString(rec.item) : "";
    return { rec, token: fnv1a(hk), hk, sk: this.range ? rec.item[this.range.name] : undefined, tk };
  }

  add(rec: Rec): void {
    const e = this.entryOf(rec);
    let p = this.parts.get(e.hk);
    if (!p) {
      p = { token: e.token, hk: e.hk, entries: new SortedList(this.cmpEntry) };
      this.parts.set(e.hk, p);
      this.order.insert(p);
    }
    p.entries.insert(e);
    this.count++;
    this.bytes += rec.size;
  }

  remove(rec: Rec): void {
    const e = this.entryOf(rec);
    const p = this.parts.get(e.hk);
    if (!p || !p.entries.delete(e)) return;
    this.count--;
    this.bytes -= rec.size;
    if (p.entries.size === 0) {
      this.parts.delete(e.hk);
      this.order.delete(p);
    }
  }

  /** The record with this key (the primary store: table key = store key). */
  get(key: Item): Rec | undefined {
    const e = this.entryOf({ item: key, size: 0 });
    return this.parts.get(e.hk)?.entries.find(e)?.rec;
  }

  /**
   * Entries of one partition within a sort-key range, after `after` when given: a function
   * answering the next one on each call, undefined at the end.
   */
  query(hashValue: AV, range: Range, forward: boolean, after?: Entry): () => Entry | undefined {
    const p = this.parts.get(keyString(hashValue));
    if (!p) return done;
    const cmp = this.cmpEntry;
    const hasRange = this.range !== undefined;
    const work = queryWork;
    if (forward) {
      const pos = p.entries.lowerBound((e) => {
        work.probes++;
        return (hasRange && range.belowStart(e.sk!)) || (after !== undefined && cmp(e, after) <= 0);
      });
      return until(p.entries.cursor(pos, true), (e) => hasRange && !range.belowEnd(e.sk!));
    }
    const pos = p.entries.lowerBound((e) => {
      work.probes++;
      return (!hasRange || range.belowEnd(e.sk!)) && (after === undefined || cmp(e, after) < 0);
    });
    return until(p.entries.cursor(pos, false), (e) => hasRange && range.belowStart(e.sk!));
  }

  /** Every entry in scan order, from token `lo` (inclusive) to `hi` (exclusive), after `after`. */
  *scan(lo: number, hi: number, after?: Entry): Generator<Entry> {
    const pos = this.order.lowerBound((p) => p.token < lo || (after !== undefined && cmpPart(p, after) < 0));
    for (const p of this.order.forward(pos)) {
      if (p.token >= hi) return;
      if (after && p.token === after.token && p.hk === after.hk) {
        const cmp = this.cmpEntry;
        yield* p.entries.forward(p.entries.lowerBound((e) => cmp(e, after) <= 0));
      } else yield* p.entries;
    }
  }

  *all(): Generator<Rec> {
    for (const p of this.order) for (const e of p.entries) yield e.rec;
  }
}

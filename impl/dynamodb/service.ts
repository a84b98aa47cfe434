// What every DynamoDB operation shares: the scoped state, the table a request names, key
// checks, status transitions on the clock, TTL sweeps, and the one write path every item
// change passes through (where a change stream hangs off: `onChange`).
import type { ServiceEnv, RequestContext } from "../../runtime/types.ts";
import type { ScopedStore } from "../../runtime/state.ts";
import type { TimerHandle } from "../../runtime/clock.ts";
import { immutable } from "../../runtime/immutable.ts";
import { errors } from "../../generated/dynamodb/index.ts";
import type { ConsumedCapacity, ReturnConsumedCapacity } from "../../generated/dynamodb/index.ts";
import * as D from "./decimal.ts";
import * as messages from "./messages.ts";
import { DynamoState, type IndexRec, type Table } from "./state.ts";
import type { KeyDef, Rec } from "./store.ts";
import type { AV, Item } from "./values.ts";
import { invalid, itemSize, MAX_ITEM_BYTES, typeOf, valueSize } from "./values.ts";

/** One item change, as a stream would record it. */
export interface ItemChange {
  table: Table;
  keys: Item;
  old?: Item;
  new?: Item;
  /** "ttl" when the TTL sweeper deleted the item */
  by?: "ttl";
  at: number;
}

export type ChangeListener = (change: ItemChange, ctx: { account: string; region: string }) => void;

export class Dynamo {
  readonly store: ScopedStore<DynamoState>;
  private readonly listeners: ChangeListener[] = [];
  private readonly allTimers = new Set<TimerHandle>();

  constructor(readonly env: ServiceEnv) {
    this.store = env.state.store((scope) => new DynamoState(scope.account, scope.region));
    env.state.onReset(() => {
      for (const t of this.allTimers) t.cancel();
      this.allTimers.clear();
    });
  }

  get statusDelayMs(): number {
    return Number(this.env.config.options["dynamodb-status-delay-ms"] ?? 0);
  }

  get ttlIntervalMs(): number {
    return Number(this.env.config.options["dynamodb-ttl-interval-ms"] ?? 10_000);
  }

  state(ctx: RequestContext | { account: string; region: string }): DynamoState {
    return this.store.for(ctx as RequestContext);
  }

  /** Subscribes to every item change (DynamoDB Streams' hook). */
  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** A table by name or ARN. `describe`: DescribeTable's longer not-found text. */
  table(ctx: RequestContext, nameOrArn: string, opts: { describe?: boolean; active?: boolean } = {}): Table {
    const state = this.state(ctx);
    let name = nameOrArn;
    if (nameOrArn.startsWith("arn:")) {
      const m = /^arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):(\d{12}):table\/([A-Za-z0-9_.-]+)$/.exec(nameOrArn);
      if (!m || m[1] !== state.region || m[2] !== state.account) throw new errors.ResourceNotFoundException(messages.resourceNotFound());
      name = m[3];
    }
    const t = state.tables.get(name);
    if (!t || (opts.active && t.status === "CREATING")) {
      throw new errors.ResourceNotFoundException(opts.describe ? messages.tableNotFound(name) : messages.resourceNotFound());
    }
    return t;
  }

  /** A table an item operation may use (not being created or deleted). */
  liveTable(ctx: RequestContext, name: string): Table {
    const t = this.table(ctx, name);
    if (t.status === "CREATING" || t.status === "DELETING") throw new errors.ResourceNotFoundException(messages.resourceNotFound());
    return t;
  }

  /** Runs `done` after the status delay, on the clock (at once, synchronously, when it is 0). */
  later(table: Table | undefined, done: () => void): void {
    const delay = this.statusDelayMs;
    if (delay <= 0) {
      done();
      return;
    }
    const t = this.env.clock.setTimer(delay, () => {
      this.allTimers.delete(t);
      table?.timers.delete(t);
      done();
    });
    this.allTimers.add(t);
    table?.timers.add(t);
  }

  cancelTimers(table: Table): void {
    for (const t of table.timers) {
      t.cancel();
      this.allTimers.delete(t);
    }
    table.timers.clear();
    if (table.ttlTimer) {
      table.ttlTimer.cancel();
      this.allTimers.delete(table.ttlTimer);
      table.ttlTimer = undefined;
    }
  }

  // --- keys ------------------------------------------------------------------------------------

  /** The key attributes of a Key parameter, which must be exactly the table's key. */
  key(table: Table, key: Record<string, AV> | undefined): Item {
    const names = key ? Object.keys(key) : [];
    const expected = table.range ? 2 : 1;
    if (names.length !== expected) throw invalid(messages.keySchemaMismatch());
    const out: Item = {};
    for (const def of keyDefs(table)) {
      const v = key![def.name];
      if (!v || v[def.type] === undefined || countTypes(v) !== 1) throw invalid(messages.keySchemaMismatch());
      out[def.name] = checkKeyValue(def, v, def === table.hash);
    }
    return out;
  }

  /** Checks a whole item's key and index-key attributes; returns its key. */
  itemKey(table: Table, item: Item): Item {
    return this.itemKeySized(table, item).key;
  }

  /** itemKey, with the item's size it computed on the way. */
  itemKeySized(table: Table, item: Item): { key: Item; size: number } {
    const out: Item = {};
    for (const def of keyDefs(table)) {
      const v = item[def.name];
      if (v === undefined) throw invalid(messages.missingKey(def.name));
      const t = typeOf(v);
      if (t !== def.type) throw invalid(messages.keyTypeMismatch(def.name, def.type, t));
      out[def.name] = checkKeyValue(def, v, def === table.hash);
    }
    for (const idx of indexes(table)) {
      for (const def of [idx.hash, idx.range]) {
        if (!def) continue;
        const v = item[def.name];
        if (v === undefined) continue;
        const t = typeOf(v);
        if (t !== def.type) throw invalid(messages.indexKeyTypeMismatch(def.name, def.type, t, idx.name));
        if ((v.S !== undefined && v.S === "") || (v.B !== undefined && v.B.byteLength === 0)) {
          throw invalid(messages.emptyIndexKeyString(idx.name, def.name));
        }
      }
    }
    const size = itemSize(item);
    if (size > MAX_ITEM_BYTES) throw invalid(messages.itemTooLarge());
    return { key: out, size };
  }

  // --- the write path ------------------------------------------------------------------------------

  /**
   * Replaces (or deletes, when `next` is undefined) the item with this key: the table's
   * store, its indexes, its counters, and then every change listener.
   */
  commit(ctx: { account: string; region: string }, table: Table, keys: Item, next: Item | undefined, by?: "ttl", known?: { size: number; old: Rec | undefined }): void {
    const oldRec = known ? known.old : table.store.get(keys);
    if (!oldRec && !next) return;
    if (oldRec) {
      table.store.remove(oldRec);
      for (const idx of indexes(table)) if (idx.store.holds(oldRec.item)) idx.store.remove(indexRec(table, idx, oldRec));
    }
    if (next) {
      // a stored item is replaced, never changed: its answer text can be kept
      const rec: Rec = { item: immutable(next), size: known ? known.size : itemSize(next) };
      table.store.add(rec);
      for (const idx of indexes(table)) if (idx.store.holds(next)) idx.store.add(indexRec(table, idx, rec));
    }
    if (this.listeners.length) {
      const change: ItemChange = { table, keys, old: oldRec?.item, new: next, by, at: this.env.clock.now() };
      for (const l of this.listeners) l(change, ctx);
    }
  }

  /** Fills a new index from the table's items (a GSI created by UpdateTable). */
  backfill(table: Table, idx: IndexRec): void {
    for (const rec of table.store.all()) if (idx.store.holds(rec.item)) idx.store.add(indexRec(table, idx, rec));
  }

  // --- TTL -------------------------------------------------------------------------------------------

  scheduleTtl(ctx: { account: string; region: string }, table: Table): void {
    if (table.ttlTimer) return;
    const t = this.env.clock.setTimer(this.ttlIntervalMs, () => {
      this.allTimers.delete(t);
      table.ttlTimer = undefined;
      if (table.ttl.status !== "ENABLED" || this.state(ctx).tables.get(table.name) !== table) return;
      this.sweepTtl(ctx, table);
      this.scheduleTtl(ctx, table);
    });
    table.ttlTimer = t;
    this.allTimers.add(t);
  }

  /** Deletes the items whose TTL attribute (epoch seconds) has passed. */
  sweepTtl(ctx: { account: string; region: string }, table: Table): number {
    const attr = table.ttl.attribute;
    if (!attr) return 0;
    const nowSeconds = D.parse(String(Math.floor(this.env.clock.now() / 1000)))!;
    const expired: Item[] = [];
    for (const rec of table.store.all()) {
      const v = rec.item[attr];
      if (v?.N === undefined) continue;
      const d = D.parse(v.N);
      if (d && D.compare(d, nowSeconds) <= 0) expired.push(rec.item);
    }
    for (const item of expired) this.commit(ctx, table, keyOfItem(table, item), undefined, "ttl");
    return expired.length;
  }

  // --- capacity ------------------------------------------------------------------------------------------

  capacity(table: Table, mode: ReturnConsumedCapacity | undefined, units: number, kind: "read" | "write"): ConsumedCapacity | undefined {
    if (!mode || mode === "NONE") return undefined;
    const out: ConsumedCapacity = { TableName: table.name, CapacityUnits: units };
    if (kind === "read") out.ReadCapacityUnits = units;
    else out.WriteCapacityUnits = units;
    if (mode === "INDEXES") out.Table = { CapacityUnits: units, ...(kind === "read" ? { ReadCapacityUnits: units } : { WriteCapacityUnits: units }) };
    return out;
  }
}

function countTypes(v: AV): number {
  let n = 0;
  for (const k in v) if ((v as Record<string, unknown>)[k] !== undefined && (v as Record<string, unknown>)[k] !== null) n++;
  return n;
}

/** DynamoDB's key size limits: partition key 2048 bytes, sort key 1024 bytes. */
const MAX_HASH_KEY_BYTES = 2048;
const MAX_RANGE_KEY_BYTES = 1024;

function checkKeyValue(def: KeyDef, v: AV, isHash: boolean): AV {
  if (v.S !== undefined && v.S === "") throw invalid(messages.emptyKeyString(def.name));
  if (v.B !== undefined && v.B.byteLength === 0) throw invalid(messages.emptyKeyBinary(def.name));
  const size = valueSize(v);
  if (isHash && size > MAX_HASH_KEY_BYTES) throw invalid(messages.keyTooLarge("hash"));
  if (!isHash && size > MAX_RANGE_KEY_BYTES) throw invalid(messages.keyTooLarge("range"));
  return v;
}

export function keyDefs(table: Table): KeyDef[] {
  return table.range ? [table.hash, table.range] : [table.hash];
}

export function indexes(table: Table): IndexRec[] {
  return table.gsis.size ? [...table.lsis, ...table.gsis.values()] : table.lsis;
}

export function keyOfItem(table: Table, item: Item): Item {
  const out: Item = { [table.hash.name]: item[table.hash.name] };
  if (table.range) out[table.range.name] = item[table.range.name];
  return out;
}

/** The attributes an index keeps of an item: its keys, the table's keys, and its projection. */
export function projectForIndex(table: Table, idx: IndexRec, item: Item): Item {
  if (idx.projection.type === "ALL") return item;
  const keep = new Set<string>([table.hash.name, idx.hash.name]);
  if (table.range) keep.add(table.range.name);
  if (idx.range) keep.add(idx.range.name);
  if (idx.projection.type === "INCLUDE") for (const n of idx.projection.nonKey ?? []) keep.add(n);
  const out: Item = {};
  for (const k of keep) if (item[k] !== undefined) out[k] = item[k];
  return out;
}

function indexRec(table: Table, idx: IndexRec, rec: Rec): Rec {
  if (idx.projection.type === "ALL") return rec;
  const item = immutable(projectForIndex(table, idx, rec.item));
  return { item, size: itemSize(item) };
}

/** Read units for `bytes` read: 4 KB units, halved for eventually consistent reads. */
export function readUnits(bytes: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(bytes / 4096));
  return consistent ? units : units / 2;
}

/** Write units for an item of `bytes`: 1 KB units. */
export function writeUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 1024));
}

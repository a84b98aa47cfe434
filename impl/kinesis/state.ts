// Kinesis state of one account and region: streams, their shards (open and closed), the
// records of each shard, consumers and resource policies. Internal records only; ops map
// them to output shapes.
//
// Records of a shard sit in an append-only array addressed by absolute positions (a
// position stays valid while older records are trimmed by retention), found by binary
// search on sequence number or arrival time, so a read costs O(log n + page) whatever the
// shard's size.
import * as crypto from "node:crypto";

/** 2^128 - 1, the last hash key */
export const MAX_HASH_KEY = (1n << 128n) - 1n;

export type StreamStatus = "CREATING" | "DELETING" | "ACTIVE" | "UPDATING";
export type StreamMode = "PROVISIONED" | "ON_DEMAND";

export interface KinesisRecord {
  /** the stream counter the sequence number was made from (its order within the shard) */
  counter: number;
  sequenceNumber: string;
  data: Uint8Array;
  partitionKey: string;
  /** epoch ms (the clock) */
  arrival: number;
  /** bytes counted against limits: data plus partition key */
  size: number;
  encrypted: boolean;
}

/** The 128-bit hash key of a partition key: its MD5 as an unsigned big-endian integer. */
/** Producers reuse few partition keys (an id per device, say): their hash keys are kept. */
const hashes = new Map<string, bigint>();
const HASHES_KEPT = 4096;
// crypto.hash (one call, no Hash object) is in Node.js 20.12 and later
const md5Hex: (text: string) => string =
  typeof crypto.hash === "function" ? (text) => crypto.hash("md5", text, "hex") : (text) => crypto.createHash("md5").update(text, "utf8").digest("hex");

export function hashOf(partitionKey: string): bigint {
  let h = hashes.get(partitionKey);
  if (h === undefined) {
    h = BigInt(`0x${md5Hex(partitionKey)}`);
    if (hashes.size >= HASHES_KEPT) hashes.clear();
    hashes.set(partitionKey, h);
  }
  return h;
}

export function shardIdOf(index: number): string {
  return `shardId-${String(index).padStart(12, "0")}`;
}

// Sequence numbers: 56 decimal digits like AWS's ("49" and 54 more), made from a counter
// that grows across the whole stream and the shard's index, so they increase strictly in
// every shard (and across the stream) and tell the shard they belong to.
const SEQ_BASE = 49n * 10n ** 54n;
/** above every sequence number of this emulator's making */
export const SEQ_END = 50n * 10n ** 54n;
const SHARD_SLOTS = 10n ** 8n;

export function sequenceNumber(counter: bigint, shardIndex: number): bigint {
  return SEQ_BASE + counter * SHARD_SLOTS + BigInt(shardIndex);
}

/** The shard index a sequence number encodes; undefined below the numbers this emulator makes. */
export function shardIndexOfSequence(seq: bigint): number | undefined {
  if (seq < SEQ_BASE) return undefined;
  return Number(seq % SHARD_SLOTS);
}

/**
 * The same number's text put together from digits ("49", the counter in 46 digits, the
 * shard index in 8), which costs far less than BigInt arithmetic and printing. A counter
 * (a safe integer) has at most 16 digits, and a stream never has 10^8 shards.
 */
function sequenceText(counter: number, shardIndex: number): string {
  return `49${String(counter).padStart(46, "0")}${String(shardIndex).padStart(8, "0")}`;
}

/** floor(a / b) of bigints (BigInt division truncates) */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b !== a && a < 0n ? q - 1n : q;
}

/** A bigint counter bound as a number to compare with record counters (which are at least 1). */
function counterBound(c: bigint): number {
  if (c < 0n) return 0;
  return c > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(c);
}

/** A sequence number text as a bigint, or undefined when it is not one this stream could have made. */
export function parseSequenceNumber(s: string): bigint | undefined {
  if (!/^\d{1,128}$/.test(s)) return undefined;
  return BigInt(s);
}

export class Shard {
  parentShardId?: string;
  adjacentParentShardId?: string;
  endingSequenceNumber?: string;
  /** epoch ms when the shard was closed (by a split, merge or scaling) */
  closedAt?: number;
  private records: KinesisRecord[] = [];
  /** absolute position of records[0] */
  private base = 0;
  /** called on every append (SubscribeToShard waits on it) */
  readonly listeners = new Set<() => void>();
  readonly id: string;

  constructor(
    readonly index: number,
    readonly startingHashKey: bigint,
    readonly endingHashKey: bigint,
    readonly startingSequenceNumber: string,
    readonly createdAt: number,
  ) {
    this.id = shardIdOf(index);
  }

  get closed(): boolean {
    return this.endingSequenceNumber !== undefined;
  }

  /** the absolute position after the last record */
  get end(): number {
    return this.base + this.records.length;
  }

  /** the absolute position of the oldest record kept */
  get start(): number {
    return this.base;
  }

  get size(): number {
    return this.records.length;
  }

  containsHash(h: bigint): boolean {
    return h >= this.startingHashKey && h <= this.endingHashKey;
  }

  append(r: KinesisRecord): void {
    this.records.push(r);
    // (a copy: a listener may remove itself; none is made when nobody listens)
    if (this.listeners.size) for (const l of [...this.listeners]) l();
  }

  close(endingSequenceNumber: string, at: number): void {
    this.endingSequenceNumber = endingSequenceNumber;
    this.closedAt = at;
    for (const l of [...this.listeners]) l();
  }

  /** Drops records that arrived before `cutoff` (epoch ms): retention. */
  trim(cutoff: number): void {
    let n = 0;
    while (n < this.records.length && this.records[n].arrival < cutoff) n++;
    if (n === 0) return;
    // splice is O(n) but runs once per expired batch, not per read
    this.records.splice(0, n);
    this.base += n;
  }

  /** the record at an absolute position, if still kept */
  at(pos: number): KinesisRecord | undefined {
    return this.records[pos - this.base];
  }

  /** first position whose record satisfies `pred`, records being ordered so that pred is monotone */
  private search(pred: (r: KinesisRecord) => boolean): number {
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pred(this.records[mid])) hi = mid;
      else lo = mid + 1;
    }
    return this.base + lo;
  }

  // Every record of this shard has the sequence number SEQ_BASE + counter * SHARD_SLOTS +
  // index, so a bound on sequence numbers is a bound on counters.

  /** the position of the first record with a sequence number >= seq */
  positionAt(seq: bigint): number {
    // counter * SLOTS >= d, i.e. counter >= ceil(d / SLOTS)
    const min = counterBound(-floorDiv(-(seq - SEQ_BASE - BigInt(this.index)), SHARD_SLOTS));
    return this.search((r) => r.counter >= min);
  }

  /** the position of the first record with a sequence number > seq */
  positionAfter(seq: bigint): number {
    // counter * SLOTS > d, i.e. counter > floor(d / SLOTS)
    const min = counterBound(floorDiv(seq - SEQ_BASE - BigInt(this.index), SHARD_SLOTS) + 1n);
    return this.search((r) => r.counter >= min);
  }

  /** the position of the first record that arrived at or after `ms` */
  positionAtTime(ms: number): number {
    return this.search((r) => r.arrival >= ms);
  }

  /**
   * Up to `limit` records from `pos` (moved up to the oldest kept record), stopping before
   * the record that would take the page past `maxBytes` (but always at least one).
   */
  read(pos: number, limit: number, maxBytes: number): { records: KinesisRecord[]; next: number } {
    let i = Math.max(pos, this.base) - this.base;
    const out: KinesisRecord[] = [];
    let bytes = 0;
    while (i < this.records.length && out.length < limit) {
      const r = this.records[i];
      if (out.length > 0 && bytes + r.size > maxBytes) break;
      bytes += r.size;
      out.push(r);
      i++;
    }
    return { records: out, next: this.base + i };
  }

  /** the newest record, if any */
  last(): KinesisRecord | undefined {
    return this.records[this.records.length - 1];
  }
}

export type ConsumerStatus = "CREATING" | "DELETING" | "ACTIVE";

export interface Consumer {
  name: string;
  arn: string;
  status: ConsumerStatus;
  createdAt: number;
  /** tags (TagResource, RegisterStreamConsumer's Tags), key -> value */
  readonly tags: Map<string, string>;
  /** shard id -> epoch ms of the last SubscribeToShard on it */
  subscriptions: Map<string, number>;
  /** ends the consumer's open subscriptions (deregistration, stream deletion) */
  readonly cancel: Set<() => void>;
}

export class Stream {
  status: StreamStatus = "CREATING";
  mode: StreamMode;
  retentionHours = 24;
  readonly shards: Shard[] = [];
  encryptionType: "NONE" | "KMS" = "NONE";
  keyId?: string;
  readonly tags = new Map<string, string>();
  shardLevelMetrics: string[] = [];
  readonly consumers = new Map<string, Consumer>();
  maxRecordSizeKiB = 1024;
  /** grows with every record and every shard made: sequence numbers come from it */
  private counter = 0;

  constructor(
    readonly name: string,
    readonly arn: string,
    readonly createdAt: number,
    mode: StreamMode,
  ) {
    this.mode = mode;
  }

  /** the next sequence number of a shard */
  nextSequence(shard: Shard): { counter: number; text: string } {
    const counter = ++this.counter;
    return { counter, text: sequenceText(counter, shard.index) };
  }

  /** a sequence number for an event of the stream that is no record (a shard's start or end) */
  markSequence(shardIndex: number): string {
    return sequenceText(++this.counter, shardIndex);
  }

  openShards(): Shard[] {
    return this.shards.filter((s) => !s.closed);
  }

  shard(id: string): Shard | undefined {
    const m = /^shardId-(\d{12})$/.exec(id);
    if (!m) return undefined;
    const s = this.shards[Number(m[1])];
    return s && s.id === id ? s : undefined;
  }

  /** Adds an open shard over [start, end], its index the next free one. */
  addShard(start: bigint, end: bigint, at: number): Shard {
    const index = this.shards.length;
    const shard = new Shard(index, start, end, this.markSequence(index), at);
    this.shards.push(shard);
    return shard;
  }

  /** Adds `count` open shards splitting the whole hash key space evenly. */
  addEvenShards(count: number, at: number): Shard[] {
    const out: Shard[] = [];
    const space = MAX_HASH_KEY + 1n;
    for (let i = 0; i < count; i++) {
      const start = (space * BigInt(i)) / BigInt(count);
      const end = (space * BigInt(i + 1)) / BigInt(count) - 1n;
      out.push(this.addShard(start, end, at));
    }
    return out;
  }

  /** the open shard a hash key belongs to */
  shardForHash(h: bigint): Shard | undefined {
    for (const s of this.shards) if (!s.closed && s.containsHash(h)) return s;
    return undefined;
  }

  /** Drops records past the retention period on every shard. */
  trim(now: number): void {
    const cutoff = now - this.retentionHours * 3_600_000;
    for (const s of this.shards) s.trim(cutoff);
  }
}

export class KinesisState {
  /** by name */
  readonly streams = new Map<string, Stream>();
  /** resource ARN -> policy document */
  readonly policies = new Map<string, string>();

  constructor(
    readonly account: string,
    readonly region: string,
  ) {}

  streamArn(name: string): string {
    return `arn:aws:kinesis:${this.region}:${this.account}:stream/${name}`;
  }

  /** open shards over every stream, counted against the account's shard limit */
  openShardCount(): number {
    let n = 0;
    for (const s of this.streams.values()) n += s.openShards().length;
    return n;
  }
}

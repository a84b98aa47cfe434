// What the record operations share: hash keys, record sizes, appending a record to its
// shard (charged to the shard's write limits in throughput.ts when --kinesis-throughput-limits
// is on), shard iterators (opaque to clients, expiring after five minutes by the emulator's
// clock) and the record output shape.
import { errors } from "../../generated/kinesis/index.ts";
import type * as T from "../../generated/kinesis/types.ts";
import * as messages from "./messages.ts";
import type { Kinesis } from "./service.ts";
import { chargeWrite } from "./throughput.ts";
import { MAX_HASH_KEY, type KinesisRecord, type Shard, type Stream, hashOf, parseSequenceNumber, SEQ_END, shardIndexOfSequence } from "./state.ts";
import { openToken, sealToken } from "./tokens.ts";

export const MiB = 1024 * 1024;
/** a PutRecords request carries at most this many bytes of data and partition keys */
export const PUT_RECORDS_MAX_BYTES = 5 * MiB;
/** a GetRecords answer carries at most this many bytes */
export const GET_RECORDS_MAX_BYTES = 10 * MiB;
/** iterators live this long */
export const ITERATOR_TTL_MS = 300_000;

/** An ExplicitHashKey as a number, or undefined when it is no decimal in [0, 2^128-1]. */
export function parseHashKey(text: string): bigint | undefined {
  if (!/^(0|[1-9]\d{0,38})$/.test(text)) return undefined;
  const v = BigInt(text);
  return v <= MAX_HASH_KEY ? v : undefined;
}

/** bytes a record counts against the limits: its data plus its partition key (UTF-8) */
export function recordSize(data: Uint8Array, partitionKey: string): number {
  return data.length + Buffer.byteLength(partitionKey, "utf8");
}

export interface Entry {
  Data: Uint8Array;
  PartitionKey: string;
  ExplicitHashKey?: string;
}

/** Checks one entry of PutRecord/PutRecords and finds its hash key; throws InvalidArgumentException. */
export function checkEntry(stream: Stream, e: Entry): { hash: bigint; size: number } {
  const size = recordSize(e.Data, e.PartitionKey);
  const max = stream.maxRecordSizeKiB * 1024;
  if (size > max) throw new errors.InvalidArgumentException(messages.recordTooLarge(size, max));
  let hash: bigint;
  if (e.ExplicitHashKey !== undefined) {
    const h = parseHashKey(e.ExplicitHashKey);
    if (h === undefined) throw new errors.InvalidArgumentException(messages.badExplicitHashKey(e.ExplicitHashKey));
    hash = h;
  } else hash = hashOf(e.PartitionKey);
  return { hash, size };
}

/**
 * Appends a checked entry to the open shard of its hash key and returns the record. Throws
 * ProvisionedThroughputExceededException when the shard's write limits are in force and spent.
 */
export function append(k: Kinesis, stream: Stream, e: Entry, hash: bigint, size: number, now: number): { shard: Shard; record: KinesisRecord } {
  const shard = stream.shardForHash(hash);
  // open shards always cover the whole hash key space
  if (!shard) throw new errors.InternalFailureException("Internal service failure.");
  if (k.throughputLimits) chargeWrite(stream, shard, size, now);
  const { counter, text } = stream.nextSequence(shard);
  const record: KinesisRecord = {
    counter,
    sequenceNumber: text,
    // a copy: the decoded blob may be a view into the whole request body
    data: keep(e.Data),
    partitionKey: e.PartitionKey,
    arrival: now,
    size,
    encrypted: stream.encryptionType === "KMS",
  };
  shard.append(record);
  return { shard, record };
}

/**
 * Record data is copied into shared slabs of 1 MiB rather than each into a buffer of its
 * own: a buffer per record is memory outside the JavaScript heap that the garbage
 * collector is told about one by one, and at thousands of records a second that alone
 * brought on full collections. A slab lives as long as any record in it (records expire
 * in arrival order, so slabs go whole); data of more than a quarter slab gets its own.
 */
const SLAB_BYTES = 1024 * 1024;
let slab = new Uint8Array(0);
let slabUsed = 0;

function keep(data: Uint8Array): Uint8Array {
  if (data.length > SLAB_BYTES / 4) return Uint8Array.prototype.slice.call(data);
  if (slabUsed + data.length > slab.length) {
    slab = new Uint8Array(SLAB_BYTES);
    slabUsed = 0;
  }
  // (a view made by the constructor costs less than subarray)
  const view = new Uint8Array(slab.buffer, slabUsed, data.length);
  view.set(data);
  slabUsed += data.length;
  return view;
}

/** The highest sequence number the stream has handed out so far (records and shard marks). */
export function highestSequence(stream: Stream): bigint {
  let max = 0n;
  for (const s of stream.shards) {
    for (const t of [s.startingSequenceNumber, s.endingSequenceNumber, s.last()?.sequenceNumber]) {
      if (t !== undefined) {
        const v = BigInt(t);
        if (v > max) max = v;
      }
    }
  }
  return max;
}

/** A sequence number of this emulator's making: its value and the shard index it encodes. */
export function decodeSequence(text: string): { seq: bigint; shardIndex: number } | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const seq = parseSequenceNumber(text);
  const shardIndex = seq === undefined || seq >= SEQ_END ? undefined : shardIndexOfSequence(seq);
  if (shardIndex === undefined) return undefined;
  return { seq: seq!, shardIndex };
}

export function recordView(r: KinesisRecord): T.Record_ {
  return {
    SequenceNumber: r.sequenceNumber,
    ApproximateArrivalTimestamp: new Date(r.arrival),
    Data: r.data,
    PartitionKey: r.partitionKey,
    EncryptionType: r.encrypted ? "KMS" : undefined,
  };
}

// ---------------------------------------------------------------------------------------
// Shard iterators: base64 of a small JSON document naming the stream (and its creation
// time, so a recreated stream of the same name is told apart), the shard, the absolute
// position of the next record and when the iterator was issued.

export interface Iterator {
  stream: string;
  created: number;
  shard: number;
  position: number;
  issued: number;
}

export function encodeIterator(it: Iterator): string {
  const doc = { v: 1, n: it.stream, c: it.created, s: it.shard, p: it.position, t: it.issued };
  return sealToken(doc);
}

export function decodeIterator(text: string): Iterator | undefined {
  const d = openToken(text);
  if (!d) return undefined;
  const int = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
  if (d.v !== 1 || typeof d.n !== "string" || !int(d.c) || !int(d.s) || !int(d.p) || !int(d.t)) return undefined;
  return { stream: d.n, created: d.c as number, shard: d.s as number, position: d.p as number, issued: d.t as number };
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A time as Java's Date.toString() prints it in UTC, which AWS's iterator texts use: "Thu Jul 02 12:57:57 UTC 2015". */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

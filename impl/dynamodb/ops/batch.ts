// BatchGetItem, BatchWriteItem, TransactGetItems and TransactWriteItems. Every request
// runs to completion in one turn of the event loop, so a transaction's checks and writes
// are atomic with respect to every other request; a transaction plans all its writes,
// and commits them only when every condition holds.
import { createHash } from "node:crypto";
import type { CancellationReason, DynamoDBHandlers, ItemResponse, KeysAndAttributes, WriteRequest } from "../../../generated/dynamodb/index.ts";
import { errors } from "../../../generated/dynamodb/index.ts";
import type { RequestContext } from "../../../runtime/types.ts";
import { dataError, isDataError, project } from "../expr/evaluate.ts";
import * as messages from "../messages.ts";
import { attributesToGet, RequestExpressions } from "../request.ts";
import type { Dynamo } from "../service.ts";
import type { AV, Item } from "../values.ts";
import { invalid, itemSize, keyString, normalizeItem } from "../values.ts";
import { ConditionFailed, planDelete, planPut, planUpdate, type ConditionInput, type WritePlan } from "./items.ts";

const idOf = (tableArn: string, key: Item) =>
  `${tableArn}\u0000${Object.keys(key)
    .sort()
    .map((k) => `${k}=${keyString(key[k])}`)
    .join("\u0000")}`;

/**
 * The 16 MB a BatchGetItem answer and a BatchWriteItem request may hold, in decimal
 * megabytes: AWS's own example (100 items of 300 KB, that is 307,200 bytes, of which 52
 * are returned) fits 16,000,000 and not 16 MiB, which would return 54.
 */
const BATCH_MAX_BYTES = 16_000_000;

export const BatchGetItem =
  (s: Dynamo): DynamoDBHandlers["BatchGetItem"] =>
  async (input, ctx) => {
    let total = 0;
    for (const r of Object.values(input.RequestItems)) total += r.Keys.length;
    if (total > 100) throw invalid(messages.batchTooManyKeys());
    const responses: Record<string, Item[]> = {};
    const unprocessed: Record<string, KeysAndAttributes> = {};
    const capacity = [];
    // what the answer may still hold; once an item does not fit, it and every key after
    // it go to UnprocessedKeys (with the table's other parameters, ready to send again)
    let room = BATCH_MAX_BYTES;
    for (const [name, req] of Object.entries(input.RequestItems)) {
      const table = s.liveTable(ctx, name);
      const exprs = new RequestExpressions(req, { ProjectionExpression: req.ProjectionExpression }, { AttributesToGet: req.AttributesToGet });
      const paths = exprs.projection(req.ProjectionExpression) ?? attributesToGet(req.AttributesToGet);
      exprs.finish();
      const seen = new Set<string>();
      const out: Item[] = [];
      const left: Item[] = [];
      let bytes = 0;
      for (const k of req.Keys) {
        const key = s.key(table, normalizeItem(k));
        const id = idOf(table.arn, key);
        if (seen.has(id)) throw invalid(messages.batchDuplicateKeys());
        seen.add(id);
        if (room < 0) {
          left.push(key);
          continue;
        }
        const rec = table.store.get(key);
        if (!rec) continue;
        const item = paths ? project(rec.item, paths) : rec.item;
        const size = paths ? itemSize(item) : rec.size;
        if (size > room) {
          room = -1;
          left.push(key);
          continue;
        }
        room -= size;
        bytes += rec.size;
        out.push(item);
      }
      responses[name] = out;
      if (left.length) unprocessed[name] = { ...req, Keys: left };
      const cc = s.capacity(table, input.ReturnConsumedCapacity, Math.max(1, Math.ceil(bytes / 4096)) / (req.ConsistentRead ? 1 : 2), "read");
      if (cc) capacity.push(cc);
    }
    return { Responses: responses, UnprocessedKeys: unprocessed, ...(capacity.length ? { ConsumedCapacity: capacity } : {}) };
  };

// --- the size of a BatchWriteItem request ---------------------------------------------------------
// DynamoDB refuses a BatchWriteItem whose request exceeds 16 MB; with at most 25 items of
// 400 KB that can only happen through the items' JSON form, which is larger than their
// stored size (escaped characters, base64 binaries, type wrappers). The size counted is
// that of the request's DynamoDB JSON, also for a request that came as CBOR.

const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

/** A JSON string's bytes, quotes and escapes included. */
function jsonStringBytes(text: string): number {
  let n = Buffer.byteLength(text) + 2;
  if (NEEDS_ESCAPE.test(text)) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) n += 1;
      else if (c < 0x20) n += 5;
    }
  }
  return n;
}

const base64Bytes = (b: Uint8Array) => 4 * Math.ceil(b.byteLength / 3) + 2;

const listBytes = <T>(xs: readonly T[], each: (x: T) => number) => {
  let n = 2 + Math.max(0, xs.length - 1);
  for (const x of xs) n += each(x);
  return n;
};

/** An attribute value's JSON bytes: `{"T":...}`. */
function valueJsonBytes(v: AV): number {
  const wrap = 6;
  if (v.S !== undefined) return wrap + jsonStringBytes(v.S);
  if (v.N !== undefined) return wrap + v.N.length + 2;
  if (v.B !== undefined) return wrap + base64Bytes(v.B);
  if (v.BOOL !== undefined) return wrap + 3 + (v.BOOL ? 4 : 5);
  if (v.NULL !== undefined) return wrap + 3 + 4;
  if (v.SS !== undefined) return wrap + 1 + listBytes(v.SS, jsonStringBytes);
  if (v.NS !== undefined) return wrap + 1 + listBytes(v.NS, (x) => x.length + 2);
  if (v.BS !== undefined) return wrap + 1 + listBytes(v.BS, base64Bytes);
  if (v.L !== undefined) return wrap + listBytes(v.L, valueJsonBytes);
  if (v.M !== undefined) return wrap + itemJsonBytes(v.M);
  return wrap;
}

function itemJsonBytes(item: Record<string, AV>): number {
  let n = 2;
  let first = true;
  for (const k in item) {
    n += (first ? 0 : 1) + jsonStringBytes(k) + 1 + valueJsonBytes(item[k]);
    first = false;
  }
  return n;
}

/** The JSON bytes of a BatchWriteItem's RequestItems. */
function batchWriteBytes(requestItems: Record<string, WriteRequest[]>): number {
  let n = 2;
  for (const [name, reqs] of Object.entries(requestItems)) {
    n += jsonStringBytes(name) + 2;
    // {"PutRequest":{"Item":...}} or {"DeleteRequest":{"Key":...}}, and the commas
    n += listBytes(reqs, (r) => (r.PutRequest ? 24 + itemJsonBytes(r.PutRequest.Item) : r.DeleteRequest ? 26 + itemJsonBytes(r.DeleteRequest.Key) : 2));
  }
  return n;
}

export const BatchWriteItem =
  (s: Dynamo): DynamoDBHandlers["BatchWriteItem"] =>
  async (input, ctx) => {
    let total = 0;
    for (const r of Object.values(input.RequestItems)) total += r.length;
    if (total > 25) throw invalid(messages.batchWriteTooMany());
    if (batchWriteBytes(input.RequestItems) > BATCH_MAX_BYTES) throw invalid(messages.batchWriteTooLarge());
    const plans: WritePlan[] = [];
    const seen = new Set<string>();
    for (const [name, reqs] of Object.entries(input.RequestItems)) {
      for (const r of reqs) {
        if ((r.PutRequest ? 1 : 0) + (r.DeleteRequest ? 1 : 0) !== 1) throw invalid(messages.writeRequestShape());
        const plan = r.PutRequest ? planPut(s, ctx, { TableName: name, Item: r.PutRequest.Item }) : planDelete(s, ctx, { TableName: name, Key: r.DeleteRequest!.Key });
        const id = idOf(plan.table.arn, plan.key);
        if (seen.has(id)) throw invalid(messages.batchWriteDuplicate());
        seen.add(id);
        plans.push(plan);
      }
    }
    for (const p of plans) s.commit(ctx, p.table, p.key, p.next);
    const capacity = [];
    if (input.ReturnConsumedCapacity && input.ReturnConsumedCapacity !== "NONE") {
      const byTable = new Map<string, { plan: WritePlan; units: number }>();
      for (const p of plans) {
        const e = byTable.get(p.table.name) ?? { plan: p, units: 0 };
        e.units += 1;
        byTable.set(p.table.name, e);
      }
      for (const e of byTable.values()) capacity.push(s.capacity(e.plan.table, input.ReturnConsumedCapacity, e.units, "write")!);
    }
    return { UnprocessedItems: {}, ...(capacity.length ? { ConsumedCapacity: capacity } : {}) };
  };

export const TransactGetItems =
  (s: Dynamo): DynamoDBHandlers["TransactGetItems"] =>
  async (input, ctx) => {
    const seen = new Set<string>();
    const reads = input.TransactItems.map((ti) => {
      const g = ti.Get;
      const table = s.liveTable(ctx, g.TableName);
      const key = s.key(table, normalizeItem(g.Key));
      const id = idOf(table.arn, key);
      if (seen.has(id)) throw invalid(messages.transactSameItem());
      seen.add(id);
      const exprs = new RequestExpressions(g, { ProjectionExpression: g.ProjectionExpression });
      const paths = exprs.projection(g.ProjectionExpression);
      exprs.finish();
      return { table, key, paths };
    });
    const responses: ItemResponse[] = reads.map(({ table, key, paths }) => {
      const rec = table.store.get(key);
      return rec ? { Item: paths ? project(rec.item, paths) : rec.item } : {};
    });
    return { Responses: responses };
  };

const TOKEN_TTL_MS = 10 * 60 * 1000;

function fingerprint(input: unknown): string {
  const text = JSON.stringify(input, (k, v) => (k === "ClientRequestToken" ? undefined : v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v));
  return createHash("sha256").update(text).digest("hex");
}

export const TransactWriteItems =
  (s: Dynamo): DynamoDBHandlers["TransactWriteItems"] =>
  async (input, ctx) => {
    const state = s.state(ctx);
    const now = ctx.clock.now();
    const token = input.ClientRequestToken;
    const print = token !== undefined ? fingerprint(input) : "";
    if (token !== undefined) {
      for (const [k, r] of state.tokens) if (r.expiresAt <= now) state.tokens.delete(k);
      const seen = state.tokens.get(token);
      if (seen) {
        if (seen.fingerprint !== print) throw new errors.IdempotentParameterMismatchException(messages.idempotentMismatch());
        return seen.result as Record<string, never>;
      }
    }
    const plans: (WritePlan | undefined)[] = [];
    const reasons: CancellationReason[] = [];
    const ids = new Set<string>();
    let failed = false;
    for (const ti of input.TransactItems) {
      const n = (ti.Put ? 1 : 0) + (ti.Update ? 1 : 0) + (ti.Delete ? 1 : 0) + (ti.ConditionCheck ? 1 : 0);
      if (n !== 1) throw invalid(messages.transactOneAction());
      let plan: WritePlan | undefined;
      const cinput: ConditionInput = (ti.Put ?? ti.Update ?? ti.Delete ?? ti.ConditionCheck)!;
      try {
        if (ti.Put) plan = planPut(s, ctx, ti.Put);
        else if (ti.Update) plan = planUpdate(checkingUpdated(s), ctx, ti.Update);
        else if (ti.Delete) plan = planDelete(s, ctx, ti.Delete);
        else {
          const c = ti.ConditionCheck!;
          const p = planDelete(s, ctx, { ...c });
          plan = { ...p, next: p.old, writes: false };
        }
        reasons.push({ Code: "None" });
      } catch (e) {
        if (e instanceof ConditionFailed) {
          reasons.push({ Code: "ConditionalCheckFailed", Message: messages.conditionalFailed(), ...(cinput.ReturnValuesOnConditionCheckFailure === "ALL_OLD" && e.item ? { Item: e.item } : {}) });
        } else if (isDataError(e)) {
          // the update could not be applied to this item's data: this item's reason, while
          // the request's own errors (in any item) still fail the whole request
          const text = (e as Error).message;
          reasons.push({ Code: "ValidationError", Message: text === messages.itemTooLarge() ? messages.transactItemTooLarge() : text });
        } else throw e;
        failed = true;
        plan = keyPlan(s, ctx, ti);
      }
      if (plan) {
        const id = idOf(plan.table.arn, plan.key);
        if (ids.has(id)) throw invalid(messages.transactSameItem());
        ids.add(id);
      }
      plans.push(plan);
    }
    if (failed) {
      throw new errors.TransactionCanceledException(messages.transactCanceled(reasons.map((r) => r.Code!)), { CancellationReasons: reasons });
    }
    for (const p of plans) if (p && p.writes) s.commit(ctx, p.table, p.key, p.next);
    const result = {};
    if (token !== undefined) state.tokens.set(token, { fingerprint: print, expiresAt: now + TOKEN_TTL_MS, result });
    return result;
  };

/**
 * The service as planUpdate sees it in a transaction: the one check it makes through
 * `itemKey`, of the updated item (its size, its index keys' types), judges the item's
 * data, so a failure there is that item's ValidationError.
 */
function checkingUpdated(s: Dynamo): Dynamo {
  const itemKey: Dynamo["itemKey"] = (table, item) => {
    try {
      return s.itemKey(table, item);
    } catch (e) {
      throw dataError(e);
    }
  };
  return Object.create(s, { itemKey: { value: itemKey } }) as Dynamo;
}

/** The table and key of a failed transaction item (for the duplicate-item check). */
function keyPlan(s: Dynamo, ctx: RequestContext, ti: { Put?: { TableName: string; Item: Item }; Update?: { TableName: string; Key: Item }; Delete?: { TableName: string; Key: Item }; ConditionCheck?: { TableName: string; Key: Item } }): WritePlan | undefined {
  const name = (ti.Put ?? ti.Update ?? ti.Delete ?? ti.ConditionCheck)!.TableName;
  const table = s.liveTable(ctx, name);
  const key = ti.Put ? s.itemKey(table, normalizeItem(ti.Put.Item)) : s.key(table, normalizeItem((ti.Update ?? ti.Delete ?? ti.ConditionCheck)!.Key));
  return { table, key, old: undefined, next: undefined, writes: false };
}

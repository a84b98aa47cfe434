// BatchGetItem, BatchWriteItem, TransactGetItems and TransactWriteItems. Every request
// runs to completion in one turn of the event loop, so a transaction's checks and writes
// are atomic with respect to every other request; a transaction plans all its writes,
// and commits them only when every condition holds.
import { createHash } from "node:crypto";
import type { CancellationReason, DynamoDBHandlers, ItemResponse } from "../../../generated/dynamodb/index.ts";
import { errors } from "../../../generated/dynamodb/index.ts";
import type { RequestContext } from "../../../runtime/types.ts";
import { project } from "../expr/evaluate.ts";
import * as messages from "../messages.ts";
import { attributesToGet, RequestExpressions } from "../request.ts";
import type { Dynamo } from "../service.ts";
import type { Item } from "../values.ts";
import { invalid, keyString, normalizeItem } from "../values.ts";
import { ConditionFailed, planDelete, planPut, planUpdate, type ConditionInput, type WritePlan } from "./items.ts";

const idOf = (tableArn: string, key: Item) =>
  `${tableArn}\u0000${Object.keys(key)
    .sort()
    .map((k) => `${k}=${keyString(key[k])}`)
    .join("\u0000")}`;

export const BatchGetItem =
  (s: Dynamo): DynamoDBHandlers["BatchGetItem"] =>
  async (input, ctx) => {
    let total = 0;
    for (const r of Object.values(input.RequestItems)) total += r.Keys.length;
    if (total > 100) throw invalid(messages.batchTooManyKeys());
    const responses: Record<string, Item[]> = {};
    const capacity = [];
    for (const [name, req] of Object.entries(input.RequestItems)) {
      const table = s.liveTable(ctx, name);
      const exprs = new RequestExpressions(req, { ProjectionExpression: req.ProjectionExpression }, { AttributesToGet: req.AttributesToGet });
      const paths = exprs.projection(req.ProjectionExpression) ?? attributesToGet(req.AttributesToGet);
      exprs.finish();
      const seen = new Set<string>();
      const out: Item[] = [];
      let bytes = 0;
      for (const k of req.Keys) {
        const key = s.key(table, normalizeItem(k));
        const id = idOf(table.arn, key);
        if (seen.has(id)) throw invalid(messages.batchDuplicateKeys());
        seen.add(id);
        const rec = table.store.get(key);
        if (rec) {
          bytes += rec.size;
          out.push(paths ? project(rec.item, paths) : rec.item);
        }
      }
      responses[name] = out;
      const cc = s.capacity(table, input.ReturnConsumedCapacity, Math.max(1, Math.ceil(bytes / 4096)) / (req.ConsistentRead ? 1 : 2), "read");
      if (cc) capacity.push(cc);
    }
    return { Responses: responses, UnprocessedKeys: {}, ...(capacity.length ? { ConsumedCapacity: capacity } : {}) };
  };

export const BatchWriteItem =
  (s: Dynamo): DynamoDBHandlers["BatchWriteItem"] =>
  async (input, ctx) => {
    let total = 0;
    for (const r of Object.values(input.RequestItems)) total += r.length;
    if (total > 25) throw invalid(messages.batchWriteTooMany());
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
        else if (ti.Update) plan = planUpdate(s, ctx, ti.Update);
        else if (ti.Delete) plan = planDelete(s, ctx, ti.Delete);
        else {
          const c = ti.ConditionCheck!;
          const p = planDelete(s, ctx, { ...c });
          plan = { ...p, next: p.old, writes: false };
        }
        reasons.push({ Code: "None" });
      } catch (e) {
        if (!(e instanceof ConditionFailed)) throw e;
        failed = true;
        reasons.push({ Code: "ConditionalCheckFailed", Message: messages.conditionalFailed(), ...(cinput.ReturnValuesOnConditionCheckFailure === "ALL_OLD" && e.item ? { Item: e.item } : {}) });
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

/** The table and key of a failed transaction item (for the duplicate-item check). */
function keyPlan(s: Dynamo, ctx: RequestContext, ti: { Put?: { TableName: string; Item: Item }; Update?: { TableName: string; Key: Item }; Delete?: { TableName: string; Key: Item }; ConditionCheck?: { TableName: string; Key: Item } }): WritePlan | undefined {
  const name = (ti.Put ?? ti.Update ?? ti.Delete ?? ti.ConditionCheck)!.TableName;
  const table = s.liveTable(ctx, name);
  const key = ti.Put ? s.itemKey(table, normalizeItem(ti.Put.Item)) : s.key(table, normalizeItem((ti.Update ?? ti.Delete ?? ti.ConditionCheck)!.Key));
  return { table, key, old: undefined, next: undefined, writes: false };
}

// Items: PutItem, GetItem, UpdateItem, DeleteItem. Each write is planned first (checks,
// condition, the new item) and then committed through the service's one write path, so
// that transactions can plan many writes and commit them all or none.
import type { AttributeValueUpdate, ConditionalOperator, DynamoDBHandlers, ExpectedAttributeValue, ReturnValue, ReturnValuesOnConditionCheckFailure } from "../../../generated/dynamodb/index.ts";
import { errors } from "../../../generated/dynamodb/index.ts";
import type { Cond, Path, UpdateExpr } from "../expr/ast.ts";
import { applyUpdate, evaluate, project } from "../expr/evaluate.ts";
import * as messages from "../messages.ts";
import { attributesToGet, attributeUpdates, expectedCondition, RequestExpressions, type ExprInput } from "../request.ts";
import { keyDefs, readUnits, writeUnits, type Dynamo } from "../service.ts";
import type { Table } from "../state.ts";
import type { Rec } from "../store.ts";
import type { AV, Item } from "../values.ts";
import { equals, invalid, itemSize, MAX_ITEM_BYTES, normalizeItem } from "../values.ts";

/** One planned write: the table, the key, the item before and after (undefined: none). */
export interface WritePlan {
  table: Table;
  key: Item;
  old: Item | undefined;
  next: Item | undefined;
  /** false for a ConditionCheck, which writes nothing */
  writes: boolean;
  /** what planning already found: the new item's size, the stored record replaced */
  nextSize?: number;
  oldRec?: Rec;
}

export interface ConditionInput extends ExprInput {
  ConditionExpression?: string;
  Expected?: Record<string, ExpectedAttributeValue>;
  ConditionalOperator?: ConditionalOperator;
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}

export class ConditionFailed extends Error {
  constructor(readonly item: Item | undefined) {
    super(messages.conditionalFailed());
  }
}

function conditionOf(input: ConditionInput, extra: Record<string, unknown> = {}, legacyExtra: Record<string, unknown> = {}): { cond?: Cond; exprs: RequestExpressions } {
  const exprs = new RequestExpressions(
    input,
    { ConditionExpression: input.ConditionExpression, ...extra },
    { Expected: input.Expected, ConditionalOperator: input.Expected ? input.ConditionalOperator : undefined, ...legacyExtra },
  );
  const cond = exprs.condition(input.ConditionExpression) ?? expectedCondition(input.Expected, input.ConditionalOperator);
  return { cond, exprs };
}

function check(cond: Cond | undefined, old: Item | undefined, input: ConditionInput): void {
  if (cond && !evaluate(cond, old)) throw new ConditionFailed(input.ReturnValuesOnConditionCheckFailure === "ALL_OLD" ? old : undefined);
}

export function checkSize(item: Item): void {
  if (itemSize(item) > MAX_ITEM_BYTES) throw invalid(messages.itemTooLarge());
}

// --- plans ----------------------------------------------------------------------------------------

export interface PutInput extends ConditionInput {
  TableName: string;
  Item: Record<string, AV>;
}
export function planPut(s: Dynamo, ctx: Parameters<Dynamo["liveTable"]>[0], input: PutInput): WritePlan {
  const table = s.liveTable(ctx, input.TableName);
  const item = normalizeItem(input.Item);
  const { key, size } = s.itemKeySized(table, item);
  const { cond, exprs } = conditionOf(input);
  exprs.finish();
  const oldRec = table.store.get(key);
  const old = oldRec?.item;
  check(cond, old, input);
  return { table, key, old, next: item, writes: true, nextSize: size, oldRec };
}

export interface DeleteInput extends ConditionInput {
  TableName: string;
  Key: Record<string, AV>;
}
export function planDelete(s: Dynamo, ctx: Parameters<Dynamo["liveTable"]>[0], input: DeleteInput): WritePlan {
  const table = s.liveTable(ctx, input.TableName);
  const key = s.key(table, normalizeItem(input.Key));
  const { cond, exprs } = conditionOf(input);
  exprs.finish();
  const old = table.store.get(key)?.item;
  check(cond, old, input);
  return { table, key, old, next: undefined, writes: true };
}

export interface UpdateInput extends ConditionInput {
  TableName: string;
  Key: Record<string, AV>;
  UpdateExpression?: string;
  AttributeUpdates?: Record<string, AttributeValueUpdate>;
}
export function planUpdate(s: Dynamo, ctx: Parameters<Dynamo["liveTable"]>[0], input: UpdateInput): WritePlan {
  const table = s.liveTable(ctx, input.TableName);
  const key = s.key(table, normalizeItem(input.Key));
  const { cond, exprs } = conditionOf(input, { UpdateExpression: input.UpdateExpression }, { AttributeUpdates: input.AttributeUpdates });
  let update: UpdateExpr | undefined = exprs.update(input.UpdateExpression);
  exprs.finish();
  if (!update && input.AttributeUpdates) update = attributeUpdates(input.AttributeUpdates);
  if (update) {
    const keyNames = new Set(keyDefs(table).map((d) => d.name));
    const touched: Path[] = [...update.set.map((a) => a.path), ...update.remove, ...update.add.map((a) => a.path), ...update.delete.map((a) => a.path), ...(update.appendLists ?? []).map((a) => a.path)];
    for (const p of touched) {
      const top = p.elems[0] as string;
      if (keyNames.has(top)) {
        // legacy PUT of the same key value is allowed; everything else is not
        throw invalid(messages.cannotUpdateKey(top));
      }
    }
  }
  const old = table.store.get(key)?.item;
  check(cond, old, input);
  const base: Item = old ?? { ...key };
  const next = update ? applyUpdate(update, base) : { ...base };
  for (const d of keyDefs(table)) if (!next[d.name] || !equals(next[d.name], key[d.name])) throw invalid(messages.cannotUpdateKey(d.name));
  s.itemKey(table, next);
  return { table, key, old, next, writes: true };
}

// --- return values -----------------------------------------------------------------------------

/** ReturnValues of UpdateItem: the whole item, or only the attributes the update touched. */
function updatedAttributes(mode: ReturnValue | undefined, old: Item | undefined, next: Item): Item | undefined {
  switch (mode) {
    case "ALL_OLD":
      return old;
    case "ALL_NEW":
      return next;
    case "UPDATED_OLD":
    case "UPDATED_NEW": {
      const from = mode === "UPDATED_OLD" ? old : next;
      const other = mode === "UPDATED_OLD" ? next : old;
      if (!from) return undefined;
      const out: Item = {};
      for (const k of Object.keys(from)) if (!other || !other[k] || !equals(other[k], from[k])) out[k] = from[k];
      return Object.keys(out).length ? out : undefined;
    }
    default:
      return undefined;
  }
}

function conditionError(e: unknown): never {
  if (e instanceof ConditionFailed) throw new errors.ConditionalCheckFailedException(e.message, e.item ? { Item: e.item } : undefined);
  throw e;
}

// --- handlers ------------------------------------------------------------------------------------

export const PutItem =
  (s: Dynamo): DynamoDBHandlers["PutItem"] =>
  async (input, ctx) => {
    if (input.ReturnValues && input.ReturnValues !== "NONE" && input.ReturnValues !== "ALL_OLD") throw invalid(messages.returnValuesPut());
    let plan: WritePlan;
    try {
      plan = planPut(s, ctx, input);
    } catch (e) {
      conditionError(e);
    }
    // nothing ran between planning and here, so what the plan found still holds
    s.commit(ctx, plan.table, plan.key, plan.next, undefined, { size: plan.nextSize!, old: plan.oldRec });
    const units = writeUnits(Math.max(plan.nextSize!, plan.oldRec ? plan.oldRec.size : 0));
    const cc = s.capacity(plan.table, input.ReturnConsumedCapacity, units, "write");
    return {
      ...(input.ReturnValues === "ALL_OLD" && plan.old ? { Attributes: plan.old } : {}),
      ...(cc ? { ConsumedCapacity: cc } : {}),
    };
  };

export const DeleteItem =
  (s: Dynamo): DynamoDBHandlers["DeleteItem"] =>
  async (input, ctx) => {
    if (input.ReturnValues && input.ReturnValues !== "NONE" && input.ReturnValues !== "ALL_OLD") throw invalid(messages.returnValuesDelete());
    let plan: WritePlan;
    try {
      plan = planDelete(s, ctx, input);
    } catch (e) {
      conditionError(e);
    }
    s.commit(ctx, plan.table, plan.key, undefined);
    const units = writeUnits(plan.old ? itemSize(plan.old) : 0);
    const cc = s.capacity(plan.table, input.ReturnConsumedCapacity, units, "write");
    return { ...(input.ReturnValues === "ALL_OLD" && plan.old ? { Attributes: plan.old } : {}), ...(cc ? { ConsumedCapacity: cc } : {}) };
  };

export const UpdateItem =
  (s: Dynamo): DynamoDBHandlers["UpdateItem"] =>
  async (input, ctx) => {
    let plan: WritePlan;
    try {
      plan = planUpdate(s, ctx, input);
    } catch (e) {
      conditionError(e);
    }
    s.commit(ctx, plan.table, plan.key, plan.next);
    const attrs = updatedAttributes(input.ReturnValues, plan.old, plan.next!);
    const units = writeUnits(Math.max(itemSize(plan.next!), plan.old ? itemSize(plan.old) : 0));
    const cc = s.capacity(plan.table, input.ReturnConsumedCapacity, units, "write");
    return { ...(attrs ? { Attributes: attrs } : {}), ...(cc ? { ConsumedCapacity: cc } : {}) };
  };

export const GetItem =
  (s: Dynamo): DynamoDBHandlers["GetItem"] =>
  async (input, ctx) => {
    const table = s.liveTable(ctx, input.TableName);
    const key = s.key(table, normalizeItem(input.Key));
    const exprs = new RequestExpressions(input, { ProjectionExpression: input.ProjectionExpression }, { AttributesToGet: input.AttributesToGet });
    const paths = exprs.projection(input.ProjectionExpression) ?? attributesToGet(input.AttributesToGet);
    exprs.finish();
    const rec = table.store.get(key);
    const cc = s.capacity(table, input.ReturnConsumedCapacity, readUnits(rec?.size ?? 0, input.ConsistentRead === true), "read");
    const item = rec ? (paths ? project(rec.item, paths) : rec.item) : undefined;
    return { ...(item ? { Item: item } : {}), ...(cc ? { ConsumedCapacity: cc } : {}) };
  };

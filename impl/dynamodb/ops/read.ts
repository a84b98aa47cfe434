// Query and Scan, on tables, local and global secondary indexes: key conditions, filters,
// projections, Select, Limit, ExclusiveStartKey / LastEvaluatedKey, the 1 MB page,
// ScanIndexForward and parallel scan segments.
import type { DynamoDBHandlers, Select } from "../../../generated/dynamodb/index.ts";
import type { RequestContext } from "../../../runtime/types.ts";
import type { Cond, Path } from "../expr/ast.ts";
import { evaluate, project } from "../expr/evaluate.ts";
import * as messages from "../messages.ts";
import { attributesToGet, filterCondition, keyCondition, RequestExpressions } from "../request.ts";
import { keyOfItem, readUnits, type Dynamo } from "../service.ts";
import type { IndexRec, Table } from "../state.ts";
import type { Entry, ItemStore, KeyDef } from "../store.ts";
import type { AV, Item } from "../values.ts";
import { invalid, keyString, normalizeItem, typeOf } from "../values.ts";

const PAGE_BYTES = 1024 * 1024;

interface Target {
  table: Table;
  index?: IndexRec;
  store: ItemStore;
  hash: KeyDef;
  range?: KeyDef;
}

function target(s: Dynamo, ctx: RequestContext, tableName: string, indexName: string | undefined, consistent: boolean | undefined): Target {
  const table = s.liveTable(ctx, tableName);
  if (indexName === undefined) return { table, store: table.store, hash: table.hash, range: table.range };
  const index = table.gsis.get(indexName) ?? table.lsis.find((l) => l.name === indexName);
  if (!index) throw invalid(messages.indexNotFound(indexName, table.name));
  if (index.kind === "GSI" && consistent) throw invalid(messages.consistentReadOnGsi());
  if (index.status === "CREATING" && index.kind === "GSI") throw invalid(messages.indexNotFound(indexName, table.name));
  return { table, index, store: index.store, hash: index.hash, range: index.range };
}

/** ExclusiveStartKey checked against the target's key attributes and made a search probe. */
function startProbe(t: Target, esk: Record<string, AV> | undefined): Entry | undefined {
  if (!esk) return undefined;
  const key = normalizeItem(esk);
  const needed = new Set<string>([t.table.hash.name, t.hash.name]);
  if (t.table.range) needed.add(t.table.range.name);
  if (t.range) needed.add(t.range.name);
  const defs = [t.table.hash, t.table.range, t.hash, t.range].filter((d): d is KeyDef => d !== undefined);
  for (const d of defs) {
    const v = key[d.name];
    if (!v || typeOf(v) !== d.type) throw invalid(messages.exclusiveStartKeyInvalid());
  }
  if (Object.keys(key).some((k) => !needed.has(k))) throw invalid(messages.exclusiveStartKeyInvalid());
  return t.store.entryOf({ item: key, size: 0 });
}

function lastKey(t: Target, item: Item): Item {
  const out = keyOfItem(t.table, item);
  if (t.index) {
    out[t.hash.name] = item[t.hash.name];
    if (t.range) out[t.range.name] = item[t.range.name];
  }
  return out;
}

interface ReadInput {
  Select?: Select;
  ProjectionExpression?: string;
  AttributesToGet?: string[];
  Limit?: number;
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: "INDEXES" | "TOTAL" | "NONE";
}

function selectPaths(t: Target, input: ReadInput, paths: Path[] | undefined): { select: Select; paths?: Path[] } {
  const select = input.Select ?? (paths ? "SPECIFIC_ATTRIBUTES" : t.index ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES");
  if (select === "SPECIFIC_ATTRIBUTES" && !paths) throw invalid(messages.selectSpecificWithoutProjection());
  if (select !== "SPECIFIC_ATTRIBUTES" && paths) throw invalid(messages.selectWithProjection(select));
  if (select === "ALL_PROJECTED_ATTRIBUTES" && !t.index) throw invalid(messages.selectAllProjectedOnTable());
  if (select === "ALL_ATTRIBUTES" && t.index?.kind === "GSI" && t.index.projection.type !== "ALL") {
    throw invalid(
      `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${t.index.name} because its projection type is not ALL`,
    );
  }
  return { select, paths };
}

/** Reads entries (from `next`, undefined at the end) until Limit or 1 MB, filters and projects them, and builds the page. */
function page(s: Dynamo, t: Target, next: () => Entry | undefined, input: ReadInput, filter: Cond | undefined, paths: Path[] | undefined, select: Select) {
  const limit = input.Limit;
  const items: Item[] = [];
  let scanned = 0;
  let bytes = 0;
  let last: Item | undefined;
  let stopped = false;
  let matched = 0;
  // LSI reads of non-projected attributes fetch the table's item
  const fromTable = t.index?.kind === "LSI" && select === "ALL_ATTRIBUTES";
  const keep = select !== "COUNT";
  for (let e = next(); e !== undefined; e = next()) {
    if (limit !== undefined && scanned >= limit) {
      stopped = true;
      break;
    }
    if (bytes >= PAGE_BYTES) {
      stopped = true;
      break;
    }
    scanned++;
    const item = e.rec.item;
    const base = fromTable ? (t.table.store.get(keyOfItem(t.table, item))?.item ?? item) : item;
    bytes += e.rec.size;
    last = item;
    if (filter && !evaluate(filter, base)) continue;
    matched++;
    if (keep) items.push(paths ? project(base, paths) : base);
  }
  // a full Limit-sized page reports where it stopped, as DynamoDB does
  if (!stopped && limit !== undefined && scanned === limit) stopped = true;
  const cc = s.capacity(t.table, input.ReturnConsumedCapacity, readUnits(bytes, input.ConsistentRead === true), "read");
  return {
    ...(keep ? { Items: items } : {}),
    Count: matched,
    ScannedCount: scanned,
    ...(stopped && last ? { LastEvaluatedKey: lastKey(t, last) } : {}),
    ...(cc ? { ConsumedCapacity: cc } : {}),
  };
}

export const Query =
  (s: Dynamo): DynamoDBHandlers["Query"] =>
  async (input, ctx) => {
    const t = target(s, ctx, input.TableName, input.IndexName, input.ConsistentRead);
    const exprs = new RequestExpressions(
      input,
      { KeyConditionExpression: input.KeyConditionExpression, FilterExpression: input.FilterExpression, ProjectionExpression: input.ProjectionExpression },
      { KeyConditions: input.KeyConditions, QueryFilter: input.QueryFilter, AttributesToGet: input.AttributesToGet, ConditionalOperator: input.ConditionalOperator },
    );
    const kc = exprs.condition(input.KeyConditionExpression, "KeyConditionExpression");
    const filter = exprs.condition(input.FilterExpression, "FilterExpression") ?? filterCondition(input.QueryFilter, input.ConditionalOperator);
    const paths = exprs.projection(input.ProjectionExpression) ?? attributesToGet(input.AttributesToGet);
    exprs.finish();
    let keyCond: Cond | undefined = kc;
    if (!keyCond) {
      if (!input.KeyConditions) throw invalid(messages.queryNeedsKeyCondition());
      keyCond = filterCondition(input.KeyConditions, undefined);
    }
    const k = keyCondition(keyCond!, t.hash, t.range, kc ? "expr" : "legacy");
    if (filter) checkFilterKeys(filter, t, input.FilterExpression !== undefined);
    const { select } = selectPaths(t, input, paths);
    const after = startProbe(t, input.ExclusiveStartKey);
    if (after && after.hk !== keyString(k.hash)) {
      throw invalid(messages.exclusiveStartKeyOutside());
    }
    const next = t.store.query(k.hash, k.range, input.ScanIndexForward !== false, after);
    return page(s, t, next, input, filter, paths, select);
  };

/** A filter may not name key attributes in a Query (DynamoDB: use the key condition). */
function checkFilterKeys(filter: Cond, t: Target, expr: boolean): void {
  const keys = new Set([t.hash.name, ...(t.range ? [t.range.name] : [])]);
  const seen: string[] = [];
  const walk = (c: Cond | { kind: string }): void => {
    const x = c as Record<string, unknown>;
    for (const v of Object.values(x)) {
      if (v && typeof v === "object") {
        const o = v as { kind?: string; elems?: unknown[] };
        if (o.kind === "path" && o.elems && o.elems.length === 1 && keys.has(o.elems[0] as string)) seen.push(o.elems[0] as string);
        else if (Array.isArray(v)) v.forEach((e) => walk(e as Cond));
        else if (o.kind) walk(o as Cond);
      }
    }
  };
  walk(filter);
  if (seen.length) {
    throw invalid(
      expr
        ? `Filter Expression can only contain non-primary key attributes: Primary key attribute: ${seen[0]}`
        : `One or more parameter values were invalid: Filter can only contain non-primary key attributes: Primary key attribute: ${seen[0]}`,
    );
  }
}

export const Scan =
  (s: Dynamo): DynamoDBHandlers["Scan"] =>
  async (input, ctx) => {
    if (input.Segment !== undefined && input.TotalSegments === undefined) throw invalid(messages.segmentWithoutTotal());
    if (input.TotalSegments !== undefined && input.Segment === undefined) throw invalid(messages.totalWithoutSegment());
    if (input.Segment !== undefined && input.Segment >= input.TotalSegments!) throw invalid(messages.segmentOutOfRange(input.Segment, input.TotalSegments!));
    const t = target(s, ctx, input.TableName, input.IndexName, input.ConsistentRead);
    const exprs = new RequestExpressions(
      input,
      { FilterExpression: input.FilterExpression, ProjectionExpression: input.ProjectionExpression },
      { ScanFilter: input.ScanFilter, AttributesToGet: input.AttributesToGet, ConditionalOperator: input.ConditionalOperator },
    );
    const filter = exprs.condition(input.FilterExpression, "FilterExpression") ?? filterCondition(input.ScanFilter, input.ConditionalOperator);
    const paths = exprs.projection(input.ProjectionExpression) ?? attributesToGet(input.AttributesToGet);
    exprs.finish();
    const { select } = selectPaths(t, input, paths);
    const after = startProbe(t, input.ExclusiveStartKey);
    let lo = 0;
    let hi = 2 ** 32;
    if (input.TotalSegments !== undefined) {
      lo = Math.floor((input.Segment! * 2 ** 32) / input.TotalSegments);
      hi = Math.floor(((input.Segment! + 1) * 2 ** 32) / input.TotalSegments);
      if (after && (after.token < lo || after.token >= hi)) throw invalid(messages.exclusiveStartKeyInvalid());
    }
    const it = t.store.scan(lo, hi, after);
    return page(s, t, () => it.next().value, input, filter, paths, select);
  };


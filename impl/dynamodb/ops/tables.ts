// Tables: CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables, tags,
// DescribeLimits, DescribeEndpoints, and Update/DescribeTimeToLive.
import type {
  DynamoDBHandlers,
  GlobalSecondaryIndexDescription,
  KeySchemaElement,
  Projection as ProjectionShape,
  TableDescription,
} from "../../../generated/dynamodb/index.ts";
import { errors } from "../../../generated/dynamodb/index.ts";
import type { RequestContext } from "../../../runtime/types.ts";
import * as messages from "../messages.ts";
import type { Dynamo } from "../service.ts";
import type { IndexRec, Projection, Table, Throughput } from "../state.ts";
import { ItemStore, type KeyDef, type ScalarType } from "../store.ts";
import { invalid } from "../values.ts";

const throughputOut = (t: Throughput | undefined) =>
  t && {
    ReadCapacityUnits: t.read,
    WriteCapacityUnits: t.write,
    NumberOfDecreasesToday: t.decreases,
    ...(t.lastIncrease ? { LastIncreaseDateTime: t.lastIncrease } : {}),
    ...(t.lastDecrease ? { LastDecreaseDateTime: t.lastDecrease } : {}),
  };

const keySchema = (hash: KeyDef, range?: KeyDef): KeySchemaElement[] => [
  { AttributeName: hash.name, KeyType: "HASH" },
  ...(range ? [{ AttributeName: range.name, KeyType: "RANGE" as const }] : []),
];

const projectionOut = (p: Projection): ProjectionShape => ({ ProjectionType: p.type, ...(p.nonKey ? { NonKeyAttributes: p.nonKey } : {}) });

export function describe(table: Table): TableDescription {
  const d: TableDescription = {
    AttributeDefinitions: [...table.attrDefs].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    TableName: table.name,
    KeySchema: keySchema(table.hash, table.range),
    TableStatus: table.status,
    CreationDateTime: table.createdAt,
    ProvisionedThroughput: throughputOut(table.throughput),
    TableSizeBytes: table.store.bytes,
    ItemCount: table.store.count,
    TableArn: table.arn,
    TableId: table.id,
    DeletionProtectionEnabled: table.deletionProtection,
  };
  if (table.billingMode === "PAY_PER_REQUEST" || table.lastPayPerRequest) {
    d.BillingModeSummary = { BillingMode: table.billingMode, ...(table.lastPayPerRequest ? { LastUpdateToPayPerRequestDateTime: table.lastPayPerRequest } : {}) };
  }
  if (table.billingMode === "PAY_PER_REQUEST") d.OnDemandThroughput = { MaxReadRequestUnits: table.onDemand?.read ?? -1, MaxWriteRequestUnits: table.onDemand?.write ?? -1 };
  if (table.lsis.length) {
    d.LocalSecondaryIndexes = table.lsis.map((i) => ({
      IndexName: i.name,
      KeySchema: keySchema(i.hash, i.range),
      Projection: projectionOut(i.projection),
      IndexSizeBytes: i.store.bytes,
      ItemCount: i.store.count,
      IndexArn: i.arn,
    }));
  }
  if (table.gsis.size) {
    d.GlobalSecondaryIndexes = [...table.gsis.values()].map(
      (i): GlobalSecondaryIndexDescription => ({
        IndexName: i.name,
        KeySchema: keySchema(i.hash, i.range),
        Projection: projectionOut(i.projection),
        IndexStatus: i.status,
        ...(i.backfilling !== undefined ? { Backfilling: i.backfilling } : {}),
        ProvisionedThroughput: throughputOut(i.throughput ?? { read: 0, write: 0, decreases: 0 }),
        IndexSizeBytes: i.store.bytes,
        ItemCount: i.store.count,
        IndexArn: i.arn,
        ...(table.billingMode === "PAY_PER_REQUEST" ? { OnDemandThroughput: { MaxReadRequestUnits: i.onDemand?.read ?? -1, MaxWriteRequestUnits: i.onDemand?.write ?? -1 } } : {}),
      }),
    );
  }
  if (table.stream?.enabled) {
    d.StreamSpecification = { StreamEnabled: true, StreamViewType: table.stream.viewType as "NEW_IMAGE" };
    d.LatestStreamLabel = table.stream.label;
    d.LatestStreamArn = table.stream.arn;
  }
  if (table.sse?.enabled) {
    d.SSEDescription = { Status: "ENABLED", SSEType: (table.sse.type ?? "KMS") as "KMS", KMSMasterKeyArn: table.sse.kmsKey ?? `arn:aws:kms:${table.arn.split(":")[3]}:${table.arn.split(":")[4]}:key/${table.id}` };
  }
  if (table.tableClass !== "STANDARD") d.TableClassSummary = { TableClass: table.tableClass as "STANDARD" };
  return d;
}

function keyDefsOf(schema: KeySchemaElement[], defs: Map<string, ScalarType>): { hash: KeyDef; range?: KeyDef } {
  if (schema[0]?.KeyType !== "HASH") throw invalid(messages.firstKeyNotHash());
  if (schema.length > 1 && schema[1].KeyType !== "RANGE") throw invalid(messages.secondKeyNotRange());
  const missing = schema.filter((k) => !defs.has(k.AttributeName)).map((k) => k.AttributeName);
  if (missing.length) throw invalid(messages.keysNotDefined(missing, [...defs.keys()]));
  const hash = { name: schema[0].AttributeName, type: defs.get(schema[0].AttributeName)! };
  const range = schema[1] ? { name: schema[1].AttributeName, type: defs.get(schema[1].AttributeName)! } : undefined;
  return { hash, range };
}

function projectionOf(p: ProjectionShape | undefined): Projection {
  const type = p?.ProjectionType ?? "ALL";
  if (type !== "INCLUDE" && p?.NonKeyAttributes?.length) throw invalid(messages.projectionNonKeyWithoutInclude());
  if (type === "INCLUDE" && !p?.NonKeyAttributes?.length) throw invalid(messages.projectionIncludeNeedsNonKey());
  return type === "INCLUDE" ? { type, nonKey: [...p!.NonKeyAttributes!] } : { type };
}

function throughputOf(t: { ReadCapacityUnits?: number; WriteCapacityUnits?: number } | undefined): Throughput {
  return { read: t?.ReadCapacityUnits ?? 0, write: t?.WriteCapacityUnits ?? 0, decreases: 0 };
}

export const CreateTable =
  (s: Dynamo): DynamoDBHandlers["CreateTable"] =>
  async (input, ctx) => {
    const state = s.state(ctx);
    const defs = new Map<string, ScalarType>();
    for (const d of input.AttributeDefinitions) {
      if (defs.has(d.AttributeName)) throw invalid(messages.duplicateAttributeDefinition(d.AttributeName));
      defs.set(d.AttributeName, d.AttributeType);
    }
    const { hash, range } = keyDefsOf(input.KeySchema, defs);
    const billingMode = input.BillingMode ?? "PROVISIONED";
    if (billingMode === "PROVISIONED" && !input.ProvisionedThroughput) throw invalid(messages.provisionedNeedsThroughput());
    if (billingMode === "PAY_PER_REQUEST" && input.ProvisionedThroughput) throw invalid(messages.payPerRequestNoThroughput());
    const used = new Set<string>(input.KeySchema.map((k) => k.AttributeName));
    const lsiIn = input.LocalSecondaryIndexes ?? [];
    const gsiIn = input.GlobalSecondaryIndexes ?? [];
    if (lsiIn.length > 5) throw invalid(messages.tooManyLsis());
    if (gsiIn.length > 20) throw invalid(messages.tooManyGsis());
    const names = new Set<string>();
    const tableKey = { hash, range };
    const arn = state.tableArn(input.TableName);
    const lsis: IndexRec[] = lsiIn.map((l) => {
      if (names.has(l.IndexName)) throw invalid(messages.duplicateIndexName(l.IndexName));
      names.add(l.IndexName);
      if (!range) throw invalid(messages.lsiNeedsRangeKey());
      const k = keyDefsOf(l.KeySchema, defs);
      if (k.hash.name !== hash.name) throw invalid(messages.lsiHashMismatch(l.IndexName));
      if (!k.range) throw invalid(messages.lsiNeedsRange(l.IndexName));
      l.KeySchema.forEach((e) => used.add(e.AttributeName));
      return {
        name: l.IndexName,
        kind: "LSI",
        ...k,
        projection: projectionOf(l.Projection),
        status: "ACTIVE",
        arn: `${arn}/index/${l.IndexName}`,
        store: new ItemStore(k.hash, k.range, tableKey),
      };
    });
    const gsis = new Map<string, IndexRec>();
    for (const g of gsiIn) {
      if (names.has(g.IndexName)) throw invalid(messages.duplicateIndexName(g.IndexName));
      names.add(g.IndexName);
      const k = keyDefsOf(g.KeySchema, defs);
      g.KeySchema.forEach((e) => used.add(e.AttributeName));
      if (billingMode === "PROVISIONED" && !g.ProvisionedThroughput) throw invalid(messages.indexThroughputMissing(g.IndexName));
      if (billingMode === "PAY_PER_REQUEST" && g.ProvisionedThroughput) throw invalid(messages.indexThroughputNotAllowed(g.IndexName));
      gsis.set(g.IndexName, {
        name: g.IndexName,
        kind: "GSI",
        ...k,
        projection: projectionOf(g.Projection),
        status: "CREATING",
        throughput: throughputOf(g.ProvisionedThroughput),
        onDemand: g.OnDemandThroughput ? { read: g.OnDemandThroughput.MaxReadRequestUnits, write: g.OnDemandThroughput.MaxWriteRequestUnits } : undefined,
        arn: `${arn}/index/${g.IndexName}`,
        store: new ItemStore(k.hash, k.range, tableKey),
      });
    }
    if (used.size !== defs.size) throw invalid(messages.attributeCountMismatch());
    if (state.tables.has(input.TableName)) throw new errors.ResourceInUseException(messages.tableExists(input.TableName));
    const now = ctx.clock.date();
    const table: Table = {
      name: input.TableName,
      id: ctx.ids.uuid(),
      arn,
      createdAt: now,
      status: "CREATING",
      hash,
      range,
      attrDefs: defs,
      billingMode,
      lastPayPerRequest: billingMode === "PAY_PER_REQUEST" ? now : undefined,
      throughput: throughputOf(input.ProvisionedThroughput),
      onDemand: input.OnDemandThroughput ? { read: input.OnDemandThroughput.MaxReadRequestUnits, write: input.OnDemandThroughput.MaxWriteRequestUnits } : undefined,
      lsis,
      gsis,
      tags: new Map((input.Tags ?? []).map((t) => [t.Key, t.Value])),
      sse: input.SSESpecification ? { enabled: input.SSESpecification.Enabled ?? false, type: input.SSESpecification.SSEType, kmsKey: input.SSESpecification.KMSMasterKeyId } : undefined,
      stream: streamOf(input.StreamSpecification, arn, now),
      deletionProtection: input.DeletionProtectionEnabled ?? false,
      tableClass: input.TableClass ?? "STANDARD",
      ttl: { status: "DISABLED" },
      store: new ItemStore(hash, range, tableKey),
      timers: new Set(),
      resourcePolicy: input.ResourcePolicy,
    };
    state.tables.set(table.name, table);
    const out = describe(table);
    s.later(table, () => {
      table.status = "ACTIVE";
      for (const g of table.gsis.values()) g.status = "ACTIVE";
    });
    return { TableDescription: out };
  };

function streamOf(spec: { StreamEnabled: boolean; StreamViewType?: string } | undefined, arn: string, now: Date): Table["stream"] {
  if (!spec?.StreamEnabled) return undefined;
  const label = now.toISOString().replace("Z", "");
  return { enabled: true, viewType: spec.StreamViewType, label, arn: `${arn}/stream/${label}` };
}

export const DescribeTable =
  (s: Dynamo): DynamoDBHandlers["DescribeTable"] =>
  async (input, ctx) => ({ Table: describe(s.table(ctx, input.TableName, { describe: true })) });

export const DeleteTable =
  (s: Dynamo): DynamoDBHandlers["DeleteTable"] =>
  async (input, ctx) => {
    const table = s.table(ctx, input.TableName, { describe: true });
    if (table.deletionProtection) throw invalid(messages.deletionProtected(table.arn));
    if (table.status === "CREATING" || table.status === "UPDATING" || table.status === "DELETING") {
      throw new errors.ResourceInUseException(messages.tableInUse(table.name, table.status));
    }
    s.cancelTimers(table);
    table.status = "DELETING";
    const out = describe(table);
    const state = s.state(ctx);
    s.later(undefined, () => {
      if (state.tables.get(table.name) === table) state.tables.delete(table.name);
    });
    return { TableDescription: out };
  };

export const ListTables =
  (s: Dynamo): DynamoDBHandlers["ListTables"] =>
  async (input, ctx) => {
    const names = [...s.state(ctx).tables.keys()].sort();
    const start = input.ExclusiveStartTableName;
    const from = start === undefined ? 0 : names.findIndex((n) => n > start);
    const rest = from < 0 ? [] : names.slice(from);
    const limit = input.Limit ?? 100;
    const page = rest.slice(0, limit);
    return { TableNames: page, ...(rest.length > limit ? { LastEvaluatedTableName: page[page.length - 1] } : {}) };
  };

export const UpdateTable =
  (s: Dynamo): DynamoDBHandlers["UpdateTable"] =>
  async (input, ctx) => {
    const table = s.table(ctx, input.TableName, { describe: true });
    if (table.status !== "ACTIVE") throw new errors.ResourceInUseException(messages.tableInUse(table.name, table.status));
    const now = ctx.clock.date();
    for (const d of input.AttributeDefinitions ?? []) {
      const known = table.attrDefs.get(d.AttributeName);
      if (known === undefined) table.attrDefs.set(d.AttributeName, d.AttributeType);
    }
    let changed = false;
    let tableUpdating = false;
    if (input.BillingMode && input.BillingMode !== table.billingMode) {
      if (input.BillingMode === "PROVISIONED" && !input.ProvisionedThroughput) throw invalid(messages.provisionedNeedsThroughput());
      table.billingMode = input.BillingMode;
      if (input.BillingMode === "PAY_PER_REQUEST") {
        table.lastPayPerRequest = now;
        table.throughput = { read: 0, write: 0, decreases: table.throughput.decreases };
        for (const g of table.gsis.values()) g.throughput = { read: 0, write: 0, decreases: 0 };
      }
      changed = tableUpdating = true;
    }
    if (input.ProvisionedThroughput) {
      if (table.billingMode === "PAY_PER_REQUEST") throw invalid(messages.payPerRequestNoThroughput());
      const t = table.throughput;
      const { ReadCapacityUnits: r, WriteCapacityUnits: w } = input.ProvisionedThroughput;
      if (r !== undefined && w !== undefined) {
        if (r > t.read || w > t.write) t.lastIncrease = now;
        if (r < t.read || w < t.write) {
          t.lastDecrease = now;
          t.decreases++;
        }
        t.read = r;
        t.write = w;
      }
      changed = tableUpdating = true;
    }
    if (input.OnDemandThroughput) {
      table.onDemand = { read: input.OnDemandThroughput.MaxReadRequestUnits, write: input.OnDemandThroughput.MaxWriteRequestUnits };
      changed = true;
    }
    if (input.DeletionProtectionEnabled !== undefined) {
      table.deletionProtection = input.DeletionProtectionEnabled;
      changed = true;
    }
    if (input.StreamSpecification) {
      table.stream = input.StreamSpecification.StreamEnabled ? streamOf(input.StreamSpecification, table.arn, now) : { enabled: false };
      changed = true;
    }
    if (input.SSESpecification) {
      table.sse = { enabled: input.SSESpecification.Enabled ?? true, type: input.SSESpecification.SSEType, kmsKey: input.SSESpecification.KMSMasterKeyId };
      changed = true;
    }
    if (input.TableClass) {
      table.tableClass = input.TableClass;
      changed = true;
    }
    const gsiUpdates = input.GlobalSecondaryIndexUpdates ?? [];
    const creating: IndexRec[] = [];
    const deleting: IndexRec[] = [];
    for (const u of gsiUpdates) {
      changed = true;
      if (u.Create) {
        const c = u.Create;
        if (table.gsis.has(c.IndexName) || table.lsis.some((l) => l.name === c.IndexName)) throw invalid(messages.gsiExists(c.IndexName));
        const k = keyDefsOf(c.KeySchema, table.attrDefs);
        if (table.billingMode === "PROVISIONED" && !c.ProvisionedThroughput) throw invalid(messages.indexThroughputMissing(c.IndexName));
        const idx: IndexRec = {
          name: c.IndexName,
          kind: "GSI",
          ...k,
          projection: projectionOf(c.Projection),
          status: "CREATING",
          backfilling: false,
          throughput: throughputOf(c.ProvisionedThroughput),
          arn: `${table.arn}/index/${c.IndexName}`,
          store: new ItemStore(k.hash, k.range, { hash: table.hash, range: table.range }),
        };
        table.gsis.set(idx.name, idx);
        s.backfill(table, idx);
        creating.push(idx);
      } else if (u.Update) {
        const idx = table.gsis.get(u.Update.IndexName);
        if (!idx) throw new errors.ResourceNotFoundException(messages.gsiNotFound(u.Update.IndexName));
        if (u.Update.ProvisionedThroughput) {
          idx.throughput = throughputOf(u.Update.ProvisionedThroughput);
          idx.status = "UPDATING";
          creating.push(idx);
        }
        if (u.Update.OnDemandThroughput) idx.onDemand = { read: u.Update.OnDemandThroughput.MaxReadRequestUnits, write: u.Update.OnDemandThroughput.MaxWriteRequestUnits };
      } else if (u.Delete) {
        const idx = table.gsis.get(u.Delete.IndexName);
        if (!idx) throw new errors.ResourceNotFoundException(messages.gsiNotFound(u.Delete.IndexName));
        idx.status = "DELETING";
        deleting.push(idx);
      }
    }
    if (!changed) throw invalid(messages.nothingToUpdate());
    if (tableUpdating) table.status = "UPDATING";
    const out = describe(table);
    s.later(table, () => {
      if (table.status === "UPDATING") table.status = "ACTIVE";
      for (const idx of creating) {
        idx.status = "ACTIVE";
        if (idx.backfilling !== undefined) delete idx.backfilling;
      }
      for (const idx of deleting) table.gsis.delete(idx.name);
    });
    return { TableDescription: out };
  };

// --- tags ---------------------------------------------------------------------------------------

function tableByArn(s: Dynamo, ctx: RequestContext, arn: string): Table {
  const m = /^arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):(\d{12}):table\/([A-Za-z0-9_.-]+)$/.exec(arn);
  if (!m) throw invalid(messages.invalidArn(arn));
  const state = s.state(ctx);
  const t = m[1] === state.region && m[2] === state.account ? state.tables.get(m[3]) : undefined;
  if (!t) throw new errors.ResourceNotFoundException(messages.resourceNotFound());
  return t;
}

export const TagResource =
  (s: Dynamo): DynamoDBHandlers["TagResource"] =>
  async (input, ctx) => {
    const t = tableByArn(s, ctx, input.ResourceArn);
    for (const tag of input.Tags) t.tags.set(tag.Key, tag.Value);
  };

export const UntagResource =
  (s: Dynamo): DynamoDBHandlers["UntagResource"] =>
  async (input, ctx) => {
    const t = tableByArn(s, ctx, input.ResourceArn);
    for (const k of input.TagKeys) t.tags.delete(k);
  };

export const ListTagsOfResource =
  (s: Dynamo): DynamoDBHandlers["ListTagsOfResource"] =>
  async (input, ctx) => {
    const t = tableByArn(s, ctx, input.ResourceArn);
    const tags = [...t.tags].map(([Key, Value]) => ({ Key, Value }));
    return tags.length ? { Tags: tags } : { Tags: [] };
  };

// --- limits, endpoints, TTL ------------------------------------------------------------------------

export const DescribeLimits = (): DynamoDBHandlers["DescribeLimits"] => async () => ({
  AccountMaxReadCapacityUnits: 80000,
  AccountMaxWriteCapacityUnits: 80000,
  TableMaxReadCapacityUnits: 40000,
  TableMaxWriteCapacityUnits: 40000,
});

export const DescribeEndpoints = (): DynamoDBHandlers["DescribeEndpoints"] => async (_input, ctx) => ({
  Endpoints: [{ Address: ctx.endpoint.replace(/^https?:\/\//, ""), CachePeriodInMinutes: 1440 }],
});

/**
 * TTL changes take the status delay (AWS: up to an hour) to complete: ENABLING, then
 * ENABLED; DISABLING (still naming the attribute), then DISABLED. A request that asks
 * for what the table already has (or is getting) is refused for that reason before any
 * refusal for a change still in progress, as DynamoDB orders them.
 */
export const UpdateTimeToLive =
  (s: Dynamo): DynamoDBHandlers["UpdateTimeToLive"] =>
  async (input, ctx) => {
    const table = s.table(ctx, input.TableName);
    const spec = input.TimeToLiveSpecification;
    const { status, attribute } = table.ttl;
    const on = status === "ENABLED" || status === "ENABLING";
    if (spec.Enabled) {
      if (on && attribute !== spec.AttributeName) throw invalid(messages.ttlAttributeMismatch(attribute ?? ""));
      if (on) throw invalid(messages.ttlAlreadyEnabled());
    } else {
      if (!on) throw invalid(messages.ttlAlreadyDisabled());
      // unconfirmed: disabling under another attribute name is refused like enabling one
      if (attribute !== spec.AttributeName) throw invalid(messages.ttlAttributeMismatch(attribute ?? ""));
    }
    // left: enabling while DISABLING, disabling while ENABLING (same attribute)
    if (status === "ENABLING" || status === "DISABLING") throw invalid(messages.ttlModifiedTooOften());
    if (spec.Enabled) {
      table.ttl = { status: "ENABLING", attribute: spec.AttributeName };
      s.later(table, () => {
        table.ttl = { status: "ENABLED", attribute: spec.AttributeName };
        s.scheduleTtl(ctx, table);
      });
    } else {
      table.ttl = { status: "DISABLING", attribute };
      s.later(table, () => {
        table.ttl = { status: "DISABLED" };
      });
    }
    return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
  };

export const DescribeTimeToLive =
  (s: Dynamo): DynamoDBHandlers["DescribeTimeToLive"] =>
  async (input, ctx) => {
    const table = s.table(ctx, input.TableName, { describe: true });
    return {
      TimeToLiveDescription: { TimeToLiveStatus: table.ttl.status, ...(table.ttl.attribute ? { AttributeName: table.ttl.attribute } : {}) },
    };
  };

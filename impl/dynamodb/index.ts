// Amazon DynamoDB: tables, items, the expression language, indexes, batches,
// transactions and TTL, over one state per account and region.
import type { DynamoDBHandlers } from "../../generated/dynamodb/index.ts";
import type { ServiceEnv } from "../../runtime/types.ts";
import { Dynamo } from "./service.ts";
// tables
import {
  CreateTable,
  DeleteTable,
  DescribeEndpoints,
  DescribeLimits,
  DescribeTable,
  DescribeTimeToLive,
  ListTables,
  ListTagsOfResource,
  TagResource,
  UntagResource,
  UpdateTable,
  UpdateTimeToLive,
} from "./ops/tables.ts";
// items, reads, batches, transactions
import { DeleteItem, GetItem, PutItem, UpdateItem } from "./ops/items.ts";
import { Query, Scan } from "./ops/read.ts";
import { BatchGetItem, BatchWriteItem, TransactGetItems, TransactWriteItems } from "./ops/batch.ts";

export default function dynamodb(env: ServiceEnv): Partial<DynamoDBHandlers> {
  const s = new Dynamo(env);
  return {
    CreateTable: CreateTable(s),
    DescribeTable: DescribeTable(s),
    UpdateTable: UpdateTable(s),
    DeleteTable: DeleteTable(s),
    ListTables: ListTables(s),
    TagResource: TagResource(s),
    UntagResource: UntagResource(s),
    ListTagsOfResource: ListTagsOfResource(s),
    DescribeLimits: DescribeLimits(),
    DescribeEndpoints: DescribeEndpoints(),
    UpdateTimeToLive: UpdateTimeToLive(s),
    DescribeTimeToLive: DescribeTimeToLive(s),
    PutItem: PutItem(s),
    GetItem: GetItem(s),
    UpdateItem: UpdateItem(s),
    DeleteItem: DeleteItem(s),
    Query: Query(s),
    Scan: Scan(s),
    BatchGetItem: BatchGetItem(s),
    BatchWriteItem: BatchWriteItem(s),
    TransactGetItems: TransactGetItems(s),
    TransactWriteItems: TransactWriteItems(s),
  };
}

// DynamoDB's internal records for one account and region: tables with their items and
// indexes, and the transaction tokens seen in the last 10 minutes.
import type { TimerHandle } from "../../runtime/clock.ts";
import type { ItemStore, KeyDef } from "./store.ts";

export type TableStatus = "CREATING" | "UPDATING" | "DELETING" | "ACTIVE";
export type IndexStatus = "CREATING" | "UPDATING" | "DELETING" | "ACTIVE";

export interface Projection {
  type: "ALL" | "KEYS_ONLY" | "INCLUDE";
  nonKey?: string[];
}

export interface Throughput {
  read: number;
  write: number;
  lastIncrease?: Date;
  lastDecrease?: Date;
  decreases: number;
}

export interface IndexRec {
  name: string;
  kind: "GSI" | "LSI";
  hash: KeyDef;
  range?: KeyDef;
  projection: Projection;
  status: IndexStatus;
  backfilling?: boolean;
  throughput?: Throughput;
  onDemand?: { read?: number; write?: number };
  arn: string;
  store: ItemStore;
}

export interface Table {
  name: string;
  id: string;
  arn: string;
  createdAt: Date;
  status: TableStatus;
  hash: KeyDef;
  range?: KeyDef;
  /** every attribute named in a key schema, with its type */
  attrDefs: Map<string, KeyDef["type"]>;
  billingMode: "PROVISIONED" | "PAY_PER_REQUEST";
  lastPayPerRequest?: Date;
  throughput: Throughput;
  onDemand?: { read?: number; write?: number };
  lsis: IndexRec[];
  gsis: Map<string, IndexRec>;
  tags: Map<string, string>;
  sse?: { enabled: boolean; type?: string; kmsKey?: string };
  stream?: { enabled: boolean; viewType?: string; label?: string; arn?: string };
  deletionProtection: boolean;
  tableClass: string;
  ttl: { status: "ENABLED" | "DISABLED" | "ENABLING" | "DISABLING"; attribute?: string };
  ttlTimer?: TimerHandle;
  store: ItemStore;
  /** pending status transitions of the table and its indexes */
  timers: Set<TimerHandle>;
  resourcePolicy?: string;
}

export interface TokenRecord {
  fingerprint: string;
  expiresAt: number;
  result: unknown;
}

export class DynamoState {
  readonly tables = new Map<string, Table>();
  readonly tokens = new Map<string, TokenRecord>();
  constructor(
    readonly account: string,
    readonly region: string,
  ) {}

  tableArn(name: string): string {
    return `arn:aws:dynamodb:${this.region}:${this.account}:table/${name}`;
  }
}

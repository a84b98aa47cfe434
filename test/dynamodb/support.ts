// Shared by the DynamoDB tests: an emulator serving DynamoDB on a frozen clock, an SDK
// client over HTTP/1.1, fresh table names and error assertions.
import { expectFailure } from "../support/fails.ts";
import { type CreateTableCommandInput, CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Clock } from "../../runtime/clock.ts";
import type { Emulator, EmulatorOptions } from "../../runtime/emulator.ts";
import { clientConfig, testEmulator } from "../support/emulator.ts";

export interface Setup {
  emu: Emulator;
  ddb: DynamoDBClient;
  clock: Clock;
  close(): Promise<void>;
}

export async function setup(opts: EmulatorOptions = {}): Promise<Setup> {
  const clock = new Clock({ frozen: true });
  const emu = await testEmulator({ services: ["dynamodb"], clock, ...opts });
  const ddb = new DynamoDBClient(clientConfig(emu));
  return {
    emu,
    ddb,
    clock,
    async close() {
      ddb.destroy();
      await emu.stop();
    },
  };
}

let seq = 0;
export const tableName = (prefix = "t") => `${prefix}-${++seq}`;

/**
 * Creates an on-demand table keyed by pk (S) and, unless `sortKey` is null, sk of that
 * type; `extra` adds to the input (its AttributeDefinitions are appended). Returns its name.
 */
export async function keyTable(
  c: DynamoDBClient,
  opts: { prefix?: string; sortKey?: "S" | "N" | null; extra?: Partial<CreateTableCommandInput> } = {},
): Promise<string> {
  const TableName = tableName(opts.prefix);
  const sortKey = opts.sortKey === undefined ? "N" : opts.sortKey;
  const { AttributeDefinitions = [], ...extra } = opts.extra ?? {};
  await c.send(
    new CreateTableCommand({
      TableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, ...(sortKey ? [{ AttributeName: "sk", AttributeType: sortKey }] : []), ...AttributeDefinitions],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, ...(sortKey ? [{ AttributeName: "sk", KeyType: "RANGE" as const }] : [])],
      ...extra,
    }),
  );
  return TableName;
}

/** Expects the promise to fail with the SDK error `name` (and the message when given). */
export const fails = (p: Promise<unknown>, name: string, message?: string | RegExp) => expectFailure(p, name, message);

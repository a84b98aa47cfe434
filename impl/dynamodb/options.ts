// DynamoDB's flags, apart from its code: impl/index.ts lists them at start, before any
// DynamoDB module loads.
import type { ServiceOption } from "../../runtime/config.ts";

export const OPTIONS: readonly ServiceOption[] = [
  {
    flag: "dynamodb-status-delay-ms",
    help: "how long tables and indexes stay CREATING, UPDATING or DELETING (default 0)",
    type: "integer",
  },
  {
    flag: "dynamodb-ttl-interval-ms",
    help: "how often expired items are looked for on tables with TTL enabled (default 10000)",
    type: "integer",
    min: 1,
  },
];

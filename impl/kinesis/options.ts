// Kinesis's flags, apart from its code: impl/index.ts lists them at start, before any
// Kinesis module loads.
import type { ServiceOption } from "../../runtime/config.ts";

/** Flags of Kinesis's behaviour (listed by impl/index.ts for --help and parsing). */
export const OPTIONS: readonly ServiceOption[] = [
  { flag: "kinesis-status-delay-ms", help: "how long CREATING, UPDATING and DELETING last (default 0)", type: "integer" },
  { flag: "kinesis-shard-limit", help: "open shards allowed per account and region (default 500)", type: "integer", min: 1 },
  {
    flag: "kinesis-throughput-limits",
    help: "per-shard limits: writes 1 MiB/s or 1000 records/s, reads 2 MiB/s and 5 calls/s (default false)",
    type: "boolean",
  },
];

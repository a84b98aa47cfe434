import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { changeMonitoring } from "../monitoring.ts";
import type { Kinesis } from "../service.ts";

/** Adds shard-level metrics ("ALL": every one); Current is before, Desired after. */
export const EnableEnhancedMonitoring =
  (k: Kinesis): KinesisHandlers["EnableEnhancedMonitoring"] =>
  async (input, ctx) =>
    changeMonitoring(k, ctx, input, true);

import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { changeMonitoring } from "../monitoring.ts";
import type { Kinesis } from "../service.ts";

/** Removes shard-level metrics ("ALL": every one); Current is before, Desired after. */
export const DisableEnhancedMonitoring =
  (k: Kinesis): KinesisHandlers["DisableEnhancedMonitoring"] =>
  async (input, ctx) =>
    changeMonitoring(k, ctx, input, false);

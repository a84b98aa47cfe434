import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import type { Kinesis } from "../service.ts";
import type { KinesisState } from "../state.ts";

/** AWS's default number of on-demand streams per account and region */
export const ON_DEMAND_STREAM_LIMIT = 50;

export function onDemandStreams(state: KinesisState): number {
  let n = 0;
  for (const s of state.streams.values()) if (s.mode === "ON_DEMAND") n++;
  return n;
}

export const DescribeLimits =
  (k: Kinesis): KinesisHandlers["DescribeLimits"] =>
  async (_input, ctx) => {
    const state = k.state(ctx);
    return {
      ShardLimit: k.shardLimit,
      OpenShardCount: state.openShardCount(),
      OnDemandStreamCount: onDemandStreams(state),
      OnDemandStreamCountLimit: ON_DEMAND_STREAM_LIMIT,
    };
  };

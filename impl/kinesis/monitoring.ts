// Enhanced (shard-level) monitoring: which metrics a stream has, and Enable/Disable's answer.
import type { EnhancedMonitoringOutput, MetricsName } from "../../generated/kinesis/index.ts";
import { errors, service } from "../../generated/kinesis/index.ts";
import type { RequestContext } from "../../runtime/types.ts";
import * as messages from "./messages.ts";
import type { Kinesis } from "./service.ts";

/** Every shard-level metric, in the model's (and AWS's) order; "ALL" stands for all of them. */
export const SHARD_LEVEL_METRICS: readonly MetricsName[] = (service.shapes.MetricsName.values as MetricsName[]).filter((m) => m !== "ALL");

function expand(names: readonly MetricsName[]): Set<string> {
  return new Set(names.includes("ALL") ? SHARD_LEVEL_METRICS : names);
}

/**
 * Turns metrics on or off: the stream passes through UPDATING, and the answer gives the
 * metrics before (Current) and after (Desired).
 */
export function changeMonitoring(
  k: Kinesis,
  ctx: RequestContext,
  input: { StreamName?: string; StreamARN?: string; ShardLevelMetrics: MetricsName[] },
  enable: boolean,
): EnhancedMonitoringOutput {
  const stream = k.stream(ctx, input);
  if (stream.status !== "ACTIVE") {
    throw new errors.ResourceInUseException(messages.streamNotActive(stream.name, k.state(ctx).account, stream.status));
  }
  const current = SHARD_LEVEL_METRICS.filter((m) => stream.shardLevelMetrics.includes(m));
  const change = expand(input.ShardLevelMetrics);
  const desired = SHARD_LEVEL_METRICS.filter((m) => (enable ? current.includes(m) || change.has(m) : current.includes(m) && !change.has(m)));
  stream.shardLevelMetrics = [...desired];
  k.transition(stream, "UPDATING", () => {
    stream.status = "ACTIVE";
  });
  return { StreamName: stream.name, StreamARN: stream.arn, CurrentShardLevelMetrics: current, DesiredShardLevelMetrics: desired };
}

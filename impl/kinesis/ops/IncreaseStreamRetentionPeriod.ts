import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";
import { activeStream } from "../shards.ts";

export const MIN_RETENTION_HOURS = 24;
export const MAX_RETENTION_HOURS = 8760;

export const IncreaseStreamRetentionPeriod =
  (k: Kinesis): KinesisHandlers["IncreaseStreamRetentionPeriod"] =>
  async (input, ctx) => {
    const stream = k.stream(ctx, input);
    const hours = input.RetentionPeriodHours;
    if (hours < MIN_RETENTION_HOURS) throw new errors.InvalidArgumentException(messages.retentionTooShort(hours));
    if (hours > MAX_RETENTION_HOURS) throw new errors.InvalidArgumentException(messages.retentionTooLong(hours));
    if (hours < stream.retentionHours) {
      throw new errors.InvalidArgumentException(messages.retentionNotLonger(stream.name, hours, stream.retentionHours));
    }
    activeStream(k, ctx, input);
    // records still kept stay for the longer period
    stream.trim(ctx.clock.now());
    stream.retentionHours = hours;
  };

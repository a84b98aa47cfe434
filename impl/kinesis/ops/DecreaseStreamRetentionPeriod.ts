import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";
import { activeStream } from "../shards.ts";
import { MAX_RETENTION_HOURS, MIN_RETENTION_HOURS } from "./IncreaseStreamRetentionPeriod.ts";

export const DecreaseStreamRetentionPeriod =
  (k: Kinesis): KinesisHandlers["DecreaseStreamRetentionPeriod"] =>
  async (input, ctx) => {
    const stream = k.stream(ctx, input);
    const hours = input.RetentionPeriodHours;
    if (hours < MIN_RETENTION_HOURS) throw new errors.InvalidArgumentException(messages.retentionTooShort(hours));
    if (hours > MAX_RETENTION_HOURS) throw new errors.InvalidArgumentException(messages.retentionTooLong(hours));
    if (hours > stream.retentionHours) {
      throw new errors.InvalidArgumentException(messages.retentionNotShorter(stream.name, hours, stream.retentionHours));
    }
    activeStream(k, ctx, input);
    stream.retentionHours = hours;
    // records older than the new period are gone at once
    stream.trim(ctx.clock.now());
  };

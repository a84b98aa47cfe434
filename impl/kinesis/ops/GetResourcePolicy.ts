import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { resourceByArn } from "../consumers.ts";
import type { Kinesis } from "../service.ts";

/** The policy of a stream or consumer; "{}" when it has none. */
export const GetResourcePolicy =
  (k: Kinesis): KinesisHandlers["GetResourcePolicy"] =>
  async (input, ctx) => {
    const r = resourceByArn(k, ctx, input.ResourceARN);
    return { Policy: k.state(ctx).policies.get(r.arn) ?? "{}" };
  };

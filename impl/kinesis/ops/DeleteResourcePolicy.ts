import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import { resourceByArn } from "../consumers.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";

/** Removes the policy of a stream or consumer; ResourceNotFoundException when it has none. */
export const DeleteResourcePolicy =
  (k: Kinesis): KinesisHandlers["DeleteResourcePolicy"] =>
  async (input, ctx) => {
    const r = resourceByArn(k, ctx, input.ResourceARN);
    const policies = k.state(ctx).policies;
    if (!policies.delete(r.arn)) throw new errors.ResourceNotFoundException(messages.noResourcePolicy(input.ResourceARN));
  };

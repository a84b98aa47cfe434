import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import { creationSeconds, resourceByArn } from "../consumers.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";

/**
 * Attaches (or replaces) the resource policy of a stream or an ACTIVE consumer. The document
 * must be JSON; it is kept as given and not evaluated (no request is ever denied by it).
 */
export const PutResourcePolicy =
  (k: Kinesis): KinesisHandlers["PutResourcePolicy"] =>
  async (input, ctx) => {
    const r = resourceByArn(k, ctx, input.ResourceARN);
    if (r.kind === "consumer" && r.consumer.status !== "ACTIVE") {
      const c = r.consumer;
      throw new errors.ResourceInUseException(messages.consumerNotActive(c.name, creationSeconds(c), r.stream.name, k.state(ctx).account));
    }
    try {
      const doc: unknown = JSON.parse(input.Policy);
      if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new Error("not an object");
    } catch {
      throw new errors.InvalidArgumentException(messages.badPolicy());
    }
    k.state(ctx).policies.set(r.arn, input.Policy);
  };

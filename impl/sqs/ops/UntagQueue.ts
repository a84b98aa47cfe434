import type { SQSHandlers } from "../../../generated/sqs/index.ts";
import { invalidParameterValue } from "../errors.ts";
import * as messages from "../messages.ts";
import type { Sqs } from "../service.ts";
import { checkTagKey } from "./TagQueue.ts";

export const UntagQueue =
  (s: Sqs): SQSHandlers["UntagQueue"] =>
  async (input, ctx) => {
    const q = s.queue(ctx, input.QueueUrl);
    const keys = input.TagKeys ?? [];
    if (keys.length === 0) throw invalidParameterValue(messages.tagKeyLength());
    for (const k of keys) checkTagKey(k);
    for (const k of keys) q.tags.delete(k);
  };

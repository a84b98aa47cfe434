import type { SQSHandlers } from "../../../generated/sqs/index.ts";
import { invalidParameterValue } from "../errors.ts";
import * as messages from "../messages.ts";
import type { Sqs } from "../service.ts";
import { readPolicy } from "./AddPermission.ts";

export const RemovePermission =
  (s: Sqs): SQSHandlers["RemovePermission"] =>
  async (input, ctx) => {
    const q = s.queue(ctx, input.QueueUrl);
    const policy = readPolicy(q);
    const kept = policy.Statement!.filter((st) => st.Sid !== input.Label);
    if (kept.length === policy.Statement!.length) throw invalidParameterValue(messages.labelNotFound(input.Label));
    policy.Statement = kept;
    q.apply({ Policy: kept.length ? JSON.stringify(policy) : "" });
  };

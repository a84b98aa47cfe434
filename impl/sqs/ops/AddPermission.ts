import type { SQSHandlers } from "../../../generated/sqs/index.ts";
import { invalidParameterValue } from "../errors.ts";
import * as messages from "../messages.ts";
import type { Queue } from "../queue.ts";
import type { Sqs } from "../service.ts";

interface Statement {
  Sid?: string;
  [k: string]: unknown;
}
interface Policy {
  Version?: string;
  Id?: string;
  Statement?: Statement[];
}

export function readPolicy(q: Queue): Policy {
  const raw = q.values.Policy;
  const policy: Policy = raw ? (JSON.parse(raw) as Policy) : { Version: "2008-10-17", Id: `${q.arn}/SQSDefaultPolicy`, Statement: [] };
  if (!Array.isArray(policy.Statement)) policy.Statement = policy.Statement ? [policy.Statement as unknown as Statement] : [];
  return policy;
}

export const AddPermission =
  (s: Sqs): SQSHandlers["AddPermission"] =>
  async (input, ctx) => {
    const q = s.queue(ctx, input.QueueUrl);
    const valid = new Set<string>([...s.env.service.operationNames, "*"]);
    for (const a of input.Actions) if (!valid.has(a)) throw invalidParameterValue(messages.badActionName(a));
    const policy = readPolicy(q);
    if (policy.Statement!.some((st) => st.Sid === input.Label)) throw invalidParameterValue(messages.labelExists(input.Label));
    const principals = input.AWSAccountIds.map((id) => `arn:aws:iam::${id}:root`);
    const actions = input.Actions.map((a) => `SQS:${a}`);
    policy.Statement!.push({
      Sid: input.Label,
      Effect: "Allow",
      Principal: { AWS: principals.length === 1 ? principals[0] : principals },
      Action: actions.length === 1 ? actions[0] : actions,
      Resource: q.arn,
    });
    q.apply({ Policy: JSON.stringify(policy) });
  };

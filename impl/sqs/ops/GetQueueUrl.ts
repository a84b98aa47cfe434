import { errors, type SQSHandlers } from "../../../generated/sqs/index.ts";
import * as messages from "../messages.ts";
import type { Sqs } from "../service.ts";

export const GetQueueUrl =
  (s: Sqs): SQSHandlers["GetQueueUrl"] =>
  async (input, ctx) => {
    const account = input.QueueOwnerAWSAccountId || ctx.account;
    const q = s.store.peek({ account, region: ctx.region })?.queues.get(input.QueueName);
    if (!q) throw new errors.QueueDoesNotExist(messages.queueDoesNotExist());
    return { QueueUrl: s.url(ctx, q) };
  };

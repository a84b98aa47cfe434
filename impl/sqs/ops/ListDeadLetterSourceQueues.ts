import type { SQSHandlers } from "../../../generated/sqs/index.ts";
import { page } from "../paging.ts";
import type { Queue } from "../queue.ts";
import type { Sqs } from "../service.ts";

export const ListDeadLetterSourceQueues =
  (s: Sqs): SQSHandlers["ListDeadLetterSourceQueues"] =>
  async (input, ctx) => {
    const dlq = s.queue(ctx, input.QueueUrl);
    const sources = new Map<string, Queue>();
    for (const [, state] of s.store.entries()) {
      for (const q of state.queues.values()) {
        if (q.redrive?.deadLetterTargetArn === dlq.arn) sources.set(`${q.account}/${q.name}`, q);
      }
    }
    const { names, next } = page([...sources.keys()].sort(), input.MaxResults, input.NextToken);
    return { queueUrls: names.map((k) => s.url(ctx, sources.get(k)!)), NextToken: next };
  };

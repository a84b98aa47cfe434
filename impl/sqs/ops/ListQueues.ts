import type { SQSHandlers } from "../../../generated/sqs/index.ts";
import { page } from "../paging.ts";
import type { Sqs } from "../service.ts";

export const ListQueues =
  (s: Sqs): SQSHandlers["ListQueues"] =>
  async (input, ctx) => {
    const state = s.state(ctx);
    const prefix = input.QueueNamePrefix ?? "";
    const names = [...state.queues.keys()].filter((n) => n.startsWith(prefix)).sort();
    const { names: shown, next } = page(names, input.MaxResults, input.NextToken);
    if (shown.length === 0) return {};
    return { QueueUrls: shown.map((n) => s.url(ctx, state.queues.get(n)!)), NextToken: next };
  };

import { errors, type SQSHandlers } from "../../../generated/sqs/index.ts";
import { isReadable, READABLE } from "../attributes.ts";
import * as messages from "../messages.ts";
import type { Queue } from "../queue.ts";
import type { Sqs } from "../service.ts";

function valueOf(q: Queue, name: string): string | undefined {
  switch (name) {
    case "ApproximateNumberOfMessages":
      return String(q.nVisible);
    case "ApproximateNumberOfMessagesNotVisible":
      return String(q.nInflight);
    case "ApproximateNumberOfMessagesDelayed":
      return String(q.nDelayed);
    case "CreatedTimestamp":
      return String(q.createdAt);
    case "LastModifiedTimestamp":
      return String(q.lastModifiedAt);
    case "QueueArn":
      return q.arn;
    default:
      return q.values[name];
  }
}

export const GetQueueAttributes =
  (s: Sqs): SQSHandlers["GetQueueAttributes"] =>
  async (input, ctx) => {
    const q = s.queue(ctx, input.QueueUrl);
    const names: readonly string[] = input.AttributeNames ?? [];
    for (const n of names) if (!isReadable(n)) throw new errors.InvalidAttributeName(messages.unknownAttribute(n));
    const wanted = names.includes("All") ? READABLE : names;
    const out: Record<string, string> = {};
    for (const n of wanted) {
      const v = valueOf(q, n);
      if (v !== undefined) out[n] = v;
    }
    return Object.keys(out).length ? { Attributes: out } : {};
  };

import { errors, type ListMessageMoveTasksResultEntry, type SQSHandlers } from "../../../generated/sqs/index.ts";
import { QUEUE_ARN } from "../attributes.ts";
import { invalidParameterValue } from "../errors.ts";
import * as messages from "../messages.ts";
import type { Sqs } from "../service.ts";

const ANY_ARN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/;

export const ListMessageMoveTasks =
  (s: Sqs): SQSHandlers["ListMessageMoveTasks"] =>
  async (input) => {
    if (!ANY_ARN.test(input.SourceArn)) throw invalidParameterValue(messages.badSourceArn());
    const arn = QUEUE_ARN.exec(input.SourceArn);
    if (!arn || !s.byArn(input.SourceArn)) throw new errors.ResourceNotFoundException(messages.sourceArnNotFound());
    const max = s.intParam(input.MaxResults, 1, 10, messages.listTasksMaxResults) ?? 1;
    const tasks = [...(s.store.peek({ account: arn[2], region: arn[1] })?.tasks.values() ?? [])]
      .filter((t) => t.sourceArn === input.SourceArn)
      .reverse()
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, max);
    const Results: ListMessageMoveTasksResultEntry[] = tasks.map((t) => ({
      TaskHandle: t.status === "RUNNING" ? t.handle : undefined,
      Status: t.status,
      SourceArn: t.sourceArn,
      DestinationArn: t.destinationArn,
      MaxNumberOfMessagesPerSecond: t.rate,
      ApproximateNumberOfMessagesMoved: t.moved,
      ApproximateNumberOfMessagesToMove: t.toMove,
      FailureReason: t.failureReason,
      StartedTimestamp: t.startedAt,
    }));
    return { Results };
  };

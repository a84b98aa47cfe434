import { errors, type SQSHandlers } from "../../../generated/sqs/index.ts";
import { QUEUE_ARN } from "../attributes.ts";
import { invalidParameterValue } from "../errors.ts";
import * as messages from "../messages.ts";
import type { Sqs } from "../service.ts";
import { startTask } from "../tasks.ts";

const ANY_ARN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/;

export const StartMessageMoveTask =
  (s: Sqs): SQSHandlers["StartMessageMoveTask"] =>
  async (input) => {
    if (!ANY_ARN.test(input.SourceArn)) throw invalidParameterValue(messages.badSourceArn());
    const source = QUEUE_ARN.test(input.SourceArn) ? s.byArn(input.SourceArn) : undefined;
    if (!source) throw new errors.ResourceNotFoundException(messages.sourceArnNotFound());
    let isDlq = false;
    for (const [, state] of s.store.entries()) {
      for (const q of state.queues.values()) if (q.redrive?.deadLetterTargetArn === source.arn) isDlq = true;
    }
    if (!isDlq) throw invalidParameterValue(messages.sourceNotDlq());
    if (input.DestinationArn !== undefined && !s.byArn(input.DestinationArn)) {
      throw new errors.ResourceNotFoundException(messages.destinationArnNotFound());
    }
    const rate = s.intParam(input.MaxNumberOfMessagesPerSecond, 1, 500, messages.moveRateOutOfRange);
    const state = s.store.for({ account: source.account, region: source.region });
    for (const t of state.tasks.values()) {
      if (t.sourceArn === source.arn && t.status === "RUNNING") throw invalidParameterValue(messages.taskAlreadyRunning());
    }
    const task = startTask(s, source, input.DestinationArn, rate);
    state.tasks.set(task.id, task);
    return { TaskHandle: task.handle };
  };

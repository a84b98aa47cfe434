import { errors, type SQSHandlers } from "../../../generated/sqs/index.ts";
import { QUEUE_ARN } from "../attributes.ts";
import { invalidParameterValue } from "../errors.ts";
import * as messages from "../messages.ts";
import type { Sqs } from "../service.ts";
import { cancelTask, decodeHandle } from "../tasks.ts";

export const CancelMessageMoveTask =
  (s: Sqs): SQSHandlers["CancelMessageMoveTask"] =>
  async (input) => {
    const h = decodeHandle(input.TaskHandle);
    const arn = h ? QUEUE_ARN.exec(h.sourceArn) : null;
    if (!h || !arn) throw invalidParameterValue(messages.badTaskHandle());
    if (!s.byArn(h.sourceArn)) throw new errors.ResourceNotFoundException(messages.sourceArnNotFound());
    const task = s.store.peek({ account: arn[2], region: arn[1] })?.tasks.get(h.taskId);
    if (!task) throw new errors.ResourceNotFoundException(messages.taskNotFound());
    if (task.status !== "RUNNING") throw invalidParameterValue(messages.taskNotRunning());
    cancelTask(task);
    return { ApproximateNumberOfMessagesMoved: task.moved };
  };

// Amazon SQS: queues (standard and FIFO), messages, visibility, long polling, dead-letter
// queues and message move tasks, over one state per account and region.
import type { SQSHandlers } from "../../generated/sqs/index.ts";
import type { ServiceEnv } from "../../runtime/types.ts";
import { Sqs } from "./service.ts";
// queues
import { CreateQueue } from "./ops/CreateQueue.ts";
import { DeleteQueue } from "./ops/DeleteQueue.ts";
import { GetQueueUrl } from "./ops/GetQueueUrl.ts";
import { ListQueues } from "./ops/ListQueues.ts";
import { GetQueueAttributes } from "./ops/GetQueueAttributes.ts";
import { SetQueueAttributes } from "./ops/SetQueueAttributes.ts";
import { PurgeQueue } from "./ops/PurgeQueue.ts";
import { TagQueue } from "./ops/TagQueue.ts";
import { UntagQueue } from "./ops/UntagQueue.ts";
import { ListQueueTags } from "./ops/ListQueueTags.ts";
import { AddPermission } from "./ops/AddPermission.ts";
import { RemovePermission } from "./ops/RemovePermission.ts";
// messages
import { SendMessage } from "./ops/SendMessage.ts";
import { SendMessageBatch } from "./ops/SendMessageBatch.ts";
import { ReceiveMessage } from "./ops/ReceiveMessage.ts";
import { DeleteMessage } from "./ops/DeleteMessage.ts";
import { DeleteMessageBatch } from "./ops/DeleteMessageBatch.ts";
import { ChangeMessageVisibility } from "./ops/ChangeMessageVisibility.ts";
import { ChangeMessageVisibilityBatch } from "./ops/ChangeMessageVisibilityBatch.ts";
// dead-letter queues and move tasks
import { ListDeadLetterSourceQueues } from "./ops/ListDeadLetterSourceQueues.ts";
import { StartMessageMoveTask } from "./ops/StartMessageMoveTask.ts";
import { ListMessageMoveTasks } from "./ops/ListMessageMoveTasks.ts";
import { CancelMessageMoveTask } from "./ops/CancelMessageMoveTask.ts";

export default function sqs(env: ServiceEnv): Partial<SQSHandlers> {
  const s = new Sqs(env);
  return {
    CreateQueue: CreateQueue(s),
    DeleteQueue: DeleteQueue(s),
    GetQueueUrl: GetQueueUrl(s),
    ListQueues: ListQueues(s),
    GetQueueAttributes: GetQueueAttributes(s),
    SetQueueAttributes: SetQueueAttributes(s),
    PurgeQueue: PurgeQueue(s),
    TagQueue: TagQueue(s),
    UntagQueue: UntagQueue(s),
    ListQueueTags: ListQueueTags(s),
    AddPermission: AddPermission(s),
    RemovePermission: RemovePermission(s),
    SendMessage: SendMessage(s),
    SendMessageBatch: SendMessageBatch(s),
    ReceiveMessage: ReceiveMessage(s),
    DeleteMessage: DeleteMessage(s),
    DeleteMessageBatch: DeleteMessageBatch(s),
    ChangeMessageVisibility: ChangeMessageVisibility(s),
    ChangeMessageVisibilityBatch: ChangeMessageVisibilityBatch(s),
    ListDeadLetterSourceQueues: ListDeadLetterSourceQueues(s),
    StartMessageMoveTask: StartMessageMoveTask(s),
    ListMessageMoveTasks: ListMessageMoveTasks(s),
    CancelMessageMoveTask: CancelMessageMoveTask(s),
  };
}

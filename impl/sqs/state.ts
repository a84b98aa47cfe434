// Internal records of SQS: a message as the queues hold it, the per-scope state, and
// message move tasks. Output shapes are built from these in the ops, never stored.
import type { MessageAttributeValue } from "../../generated/sqs/index.ts";
import type { TimerHandle } from "../../runtime/clock.ts";
import type { Queue, Received } from "./queue.ts";

/** where a message is */
export const VISIBLE = 0;
export const INFLIGHT = 1;
export const DELAYED = 2;
export const GONE = 3;
export type MessageState = typeof VISIBLE | typeof INFLIGHT | typeof DELAYED | typeof GONE;

/** where a message sits in the queue's heaps (see heap.ts), -1 when in none */
export const TIMED_SLOT: unique symbol = Symbol("timed");
export const AGE_SLOT: unique symbol = Symbol("age");
export const GROUP_SLOT: unique symbol = Symbol("group");

export class Msg {
  // set up front so that they are fields of every message, not properties added later
  [TIMED_SLOT] = -1;
  [AGE_SLOT] = -1;
  [GROUP_SLOT] = -1;
  state: MessageState = VISIBLE;
  /** visibility deadline (in flight) or end of delay (delayed), epoch ms */
  due = 0;
  receiveCount = 0;
  firstReceiveAt = 0;
  /** when the current in-flight period began (the 12-hour visibility limit counts from it) */
  receivedAt = 0;
  /** changes with every receive; part of the receipt handle */
  nonce = "";
  /** FIFO: sequence number and the order within the queue */
  seq?: string;
  order = 0;
  /** set when the message came to a dead-letter queue */
  dlqSource?: string;
  /** ChangeMessageVisibility calls on this message (a receive attempt id sees them) */
  visibilityChanges = 0;

  constructor(
    public id: string,
    readonly body: string,
    readonly md5Body: string,
    readonly sentAt: number,
    readonly senderId: string,
    readonly attrs: Record<string, MessageAttributeValue> | undefined,
    readonly md5Attrs: string | undefined,
    readonly traceHeader: string | undefined,
    readonly groupId: string | undefined,
    readonly dedupId: string | undefined,
  ) {}
}

export type MoveTaskStatus = "RUNNING" | "COMPLETED" | "CANCELLING" | "CANCELLED" | "FAILED";

export interface MoveTask {
  id: string;
  handle: string;
  sourceArn: string;
  destinationArn?: string;
  rate?: number;
  status: MoveTaskStatus;
  moved: number;
  toMove: number;
  startedAt: number;
  failureReason?: string;
  timer?: TimerHandle;
}

/** One FIFO receive made with a ReceiveRequestAttemptId, kept for retries with that id. */
export interface ReceiveAttempt {
  at: number;
  got: Received[];
  /** each message's visibilityChanges when it was received */
  changes: number[];
}

export class SqsState {
  readonly queues = new Map<string, Queue>();
  readonly tasks = new Map<string, MoveTask>();
  /** when each queue name was last deleted (epoch ms): CreateQueue refuses it for 60 s */
  readonly deletedAt = new Map<string, number>();
  /** receive attempts by queue (a queue object, so a new queue of the same name starts afresh) and id */
  readonly attempts = new WeakMap<Queue, Map<string, ReceiveAttempt>>();
  constructor(
    readonly account: string,
    readonly region: string,
  ) {}
}

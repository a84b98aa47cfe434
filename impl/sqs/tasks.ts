// Message move tasks: a dead-letter queue's visible messages moved, on the clock, to a
// destination queue or back to the queues they came from, at a rate per second.
import type { Queue } from "./queue.ts";
import type { Sqs } from "./service.ts";
import type { MoveTask } from "./state.ts";

/** messages per second when the caller leaves the rate to SQS */
export const DEFAULT_RATE = 500;
const STEP_MS = 1000;

export function encodeHandle(taskId: string, sourceArn: string): string {
  return Buffer.from(JSON.stringify({ taskId, sourceArn }), "utf8").toString("base64");
}

export function decodeHandle(handle: string): { taskId: string; sourceArn: string } | undefined {
  try {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(handle)) return undefined;
    const d = JSON.parse(Buffer.from(handle, "base64").toString("utf8")) as Record<string, unknown>;
    return typeof d.taskId === "string" && typeof d.sourceArn === "string" ? { taskId: d.taskId, sourceArn: d.sourceArn } : undefined;
  } catch {
    return undefined;
  }
}

export function startTask(s: Sqs, source: Queue, destinationArn: string | undefined, rate: number | undefined): MoveTask {
  const id = s.env.ids.uuid();
  const task: MoveTask = {
    id,
    handle: encodeHandle(id, source.arn),
    sourceArn: source.arn,
    destinationArn,
    rate,
    status: "RUNNING",
    moved: 0,
    toMove: source.nVisible,
    startedAt: s.env.clock.now(),
  };
  const step = () => {
    task.timer = undefined;
    if (task.status !== "RUNNING") return;
    const src = s.byArn(task.sourceArn);
    if (!src) return fail(task, "AWS.SimpleQueueService.NonExistentQueue");
    const n = Math.min(task.rate ?? DEFAULT_RATE, task.toMove - task.moved);
    const batch = n > 0 ? src.takeForMove(n) : [];
    for (let i = 0; i < batch.length; i++) {
      const m = batch[i];
      const target = task.destinationArn ? s.byArn(task.destinationArn) : m.dlqSource ? s.byArn(m.dlqSource) : undefined;
      if (!target) {
        // nowhere to go: this and the rest stay in the dead-letter queue
        for (const back of batch.slice(i)) src.receiveMoved(back, back.dlqSource);
        return fail(task, "AWS.SimpleQueueService.NonExistentQueue");
      }
      target.receiveMoved(m, undefined);
      task.moved++;
    }
    if (task.moved >= task.toMove || batch.length < n || src.nVisible === 0) {
      task.status = "COMPLETED";
      return;
    }
    task.timer = s.env.clock.setTimer(STEP_MS, step);
  };
  task.timer = s.env.clock.setTimer(STEP_MS, step);
  return task;
}

function fail(task: MoveTask, reason: string): void {
  task.status = "FAILED";
  task.failureReason = reason;
}

export function cancelTask(task: MoveTask): void {
  task.timer?.cancel();
  task.timer = undefined;
  task.status = "CANCELLED";
}

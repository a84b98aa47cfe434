// What every SQS operation shares: the scoped state, finding the queue a request names
// (by URL, name or ARN, in any account of the emulator), queue URLs built from the endpoint
// the client called, dead-letter targets, and batch-entry checks.
import { errors } from "../../generated/sqs/index.ts";
import type { ScopedStore } from "../../runtime/state.ts";
import type { RequestContext, ServiceEnv } from "../../runtime/types.ts";
import { parseRedrivePolicy, QUEUE_ARN } from "./attributes.ts";
import { invalidParameterValue } from "./errors.ts";
import * as messages from "./messages.ts";
import { Queue, type QueueLinks } from "./queue.ts";
import { SqsState } from "./state.ts";

const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;

export class Sqs {
  readonly store: ScopedStore<SqsState>;
  readonly links: QueueLinks;

  constructor(readonly env: ServiceEnv) {
    this.store = env.state.store((scope) => new SqsState(scope.account, scope.region));
    this.links = {
      clock: env.clock,
      ids: env.ids,
      deadLetterTarget: (q) => this.deadLetterTarget(q),
    };
    env.state.onReset(() => {
      for (const [, s] of this.store.entries()) {
        for (const q of s.queues.values()) q.destroy();
        for (const t of s.tasks.values()) t.timer?.cancel();
      }
    });
  }

  state(ctx: RequestContext): SqsState {
    return this.store.for(ctx);
  }

  url(ctx: RequestContext, q: Queue): string {
    return `${ctx.endpoint}/${q.account}/${q.name}`;
  }

  /**
   * The queue a QueueUrl names. Any host is accepted: the account and name are the last two
   * path segments; a region in an AWS-style host (sqs.<region>.…, <region>.queue.…) is used.
   */
  queue(ctx: RequestContext, queueUrl: string): Queue {
    const q = this.findByUrl(ctx, queueUrl);
    if (!q) throw new errors.QueueDoesNotExist(messages.queueDoesNotExist());
    q.tick();
    return q;
  }

  findByUrl(ctx: RequestContext, queueUrl: string): Queue | undefined {
    let where = this.urls.get(queueUrl);
    if (where === undefined) {
      where = parseQueueUrl(queueUrl);
      if (this.urls.size >= URLS_KEPT) this.urls.clear();
      this.urls.set(queueUrl, where);
    }
    if (!where) return undefined;
    const account = where.account ?? ctx.account;
    const region = where.region ?? ctx.region;
    // the queue found last time, while it lives (a deleted or reset queue is marked deleted)
    const last = where.queue;
    if (last !== undefined && !last.deleted && last.account === account && last.region === region) return last;
    const q = this.store.peek({ account, region })?.queues.get(where.name);
    if (!q || q.deleted) return undefined;
    where.queue = q;
    return q;
  }

  /** what each queue URL seen lately names (workers send the same few URLs again and again) */
  private readonly urls = new Map<string, QueueUrlParts | null>();

  byArn(arn: string): Queue | undefined {
    const m = QUEUE_ARN.exec(arn);
    if (!m) return undefined;
    const q = this.store.peek({ account: m[2], region: m[1] })?.queues.get(m[3]);
    return q && !q.deleted ? q : undefined;
  }

  /** The queue a redrive policy names, when it exists and its RedriveAllowPolicy lets `q` in. */
  deadLetterTarget(q: Queue): Queue | undefined {
    if (!q.redrive) return undefined;
    const dlq = this.byArn(q.redrive.deadLetterTargetArn);
    if (!dlq || dlq === q) return undefined;
    const allow = dlq.redriveAllow;
    if (allow?.permission === "denyAll") return undefined;
    if (allow?.permission === "byQueue" && !allow.sourceQueueArns.includes(q.arn)) return undefined;
    return dlq;
  }

  /** A RedrivePolicy being set must name an existing queue of the same type. */
  checkRedriveTarget(attrs: Readonly<Record<string, string>>, fifo: boolean): void {
    const raw = attrs.RedrivePolicy;
    if (!raw) return;
    const dlq = this.byArn(parseRedrivePolicy(raw).deadLetterTargetArn);
    if (!dlq) throw invalidParameterValue(messages.redriveTargetMissing(raw));
    if (dlq.fifo !== fifo) throw invalidParameterValue(messages.redriveTypeMismatch(raw));
  }

  /** Checks a batch's entries: at least one, at most 10, ids well-formed and distinct. */
  checkBatch(entries: readonly { Id: string }[], entryName: string): void {
    if (entries.length === 0) throw new errors.EmptyBatchRequest(messages.emptyBatch(entryName));
    if (entries.length > 10) throw new errors.TooManyEntriesInBatchRequest(messages.tooManyEntries(entries.length));
    const seen = new Set<string>();
    for (const e of entries) {
      if (!BATCH_ID.test(e.Id)) throw new errors.InvalidBatchEntryId(messages.badBatchEntryId());
      if (seen.has(e.Id)) throw new errors.BatchEntryIdsNotDistinct(messages.batchIdsNotDistinct(e.Id));
      seen.add(e.Id);
    }
  }

  /** An integer parameter in [min, max], else InvalidParameterValue with `text`. */
  intParam(value: number | undefined, min: number, max: number, text: (v: number) => string): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Number.isInteger(value) || value < min || value > max) throw invalidParameterValue(text(value));
    return value;
  }
}

/** What a queue URL names; account and region are left out where the URL does not say. */
interface QueueUrlParts {
  name: string;
  account?: string;
  region?: string;
  /** the queue the URL named when last looked up */
  queue?: Queue;
}

const URLS_KEPT = 1024;

function parseQueueUrl(queueUrl: string): QueueUrlParts | null {
  let path = queueUrl;
  let region: string | undefined;
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)(\/[^?#]*)?/i.exec(queueUrl);
  if (m) {
    path = m[2] ?? "";
    const host = m[1].toLowerCase();
    const r = /^(?:sqs\.)([a-z]{2}(?:-[a-z]+)+-\d+)\./.exec(host) ?? /^([a-z]{2}(?:-[a-z]+)+-\d+)\.queue\./.exec(host);
    if (r) region = r[1];
  }
  const parts = path.split("/").filter((p) => p !== "");
  if (parts.length === 0) return null;
  let name: string;
  try {
    name = decodeURIComponent(parts[parts.length - 1]);
  } catch {
    return null;
  }
  const account = parts.length >= 2 && /^\d{12}$/.test(parts[parts.length - 2]) ? parts[parts.length - 2] : undefined;
  return { name, account, region };
}

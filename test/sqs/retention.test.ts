// impl/sqs/queue.ts retention, exercised on a Queue directly with a frozen clock: messages
// leave when MessageRetentionPeriod has passed since they were first sent, whether they
// came in order, were deleted in between (the send-order list is swept), or arrived from
// another queue with an older send time.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Clock } from "../../runtime/clock.ts";
import { Ids } from "../../runtime/ids.ts";
import { Queue } from "../../impl/sqs/queue.ts";
import { Msg } from "../../impl/sqs/state.ts";

const T0 = 1_700_000_000_000;

function setup() {
  const clock = new Clock({ start: T0, frozen: true });
  const links = { clock, ids: new Ids("retention"), deadLetterTarget: () => undefined };
  const q = new Queue("r", "123456789012", "us-east-1", false, { MessageRetentionPeriod: "60" }, links);
  let n = 0;
  const send = (sentAt = clock.now()) => {
    const m = new Msg(`m-${n++}`, "body", "md5", sentAt, "me", undefined, undefined, undefined, undefined, undefined);
    q.add(m, 0);
    return m;
  };
  const kept = () => q.nVisible + q.nInflight + q.nDelayed;
  return { clock, q, send, kept };
}

const s = suite("retention");

s("messages expire in send order, an older arrival from another queue first", () => {
  const { clock, q, send, kept } = setup();
  send();
  clock.advance(10_000);
  send();
  // moved from another queue: first sent 30 s before T0
  const old = new Msg("moved", "body", "md5", T0 - 30_000, "me", undefined, undefined, undefined, undefined, undefined);
  q.receiveMoved(old, "arn:aws:sqs:us-east-1:123456789012:dlq-source");
  assert.is(kept(), 3);
  clock.advance(19_999); // T0 + 29.999 s
  q.tick();
  assert.is(kept(), 3);
  clock.advance(1); // T0 + 30 s: the moved one is 60 s old
  q.tick();
  assert.is(kept(), 2);
  clock.advance(30_000); // T0 + 60 s
  q.tick();
  assert.is(kept(), 1);
  clock.advance(10_000);
  q.tick();
  assert.is(kept(), 0);
});

s("deleted messages are swept out and the rest still expire on time", () => {
  const { clock, q, send, kept } = setup();
  const first: Msg[] = [];
  for (let i = 0; i < 3000; i++) first.push(send());
  clock.advance(20_000);
  const later: Msg[] = [];
  for (let i = 0; i < 10; i++) later.push(send());
  // take out all but a few of the first batch, receiving them as a worker would
  for (let i = 0; i < 2995; i++) {
    const [got] = q.take(1, 30_000);
    const r = q.lookup(got.handle);
    assert.is(r.kind, "current");
    if (r.kind === "current") q.delete(r.msg);
  }
  assert.is(kept(), 15);
  clock.advance(40_000); // T0 + 60 s: the rest of the first batch expires
  q.tick();
  assert.is(kept(), 10);
  clock.advance(20_000);
  q.tick();
  assert.is(kept(), 0);
});

s.run();

// The injectable clock, and /_emu/clock that moves it from outside.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Clock } from "../../runtime/clock.ts";
import type { Emulator } from "../../runtime/emulator.ts";
import { testEmulator } from "../support/emulator.ts";

const START = Date.UTC(2030, 0, 1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("a frozen clock starts where told and moves only by advance", async () => {
  const c = new Clock({ start: START, frozen: true });
  assert.ok(c.frozen);
  assert.is(c.now(), START);
  assert.is(c.date().toISOString(), "2030-01-01T00:00:00.000Z");
  await sleep(20);
  assert.is(c.now(), START);
  assert.is(c.advance(1500), START + 1500);
  assert.is(c.now(), START + 1500);
  assert.is(c.advance(0), START + 1500);
});

test("an unfrozen clock follows wall time from its start", async () => {
  const c = new Clock({ start: START });
  assert.not.ok(c.frozen);
  const a = c.now();
  assert.ok(a >= START && a < START + 1000, String(a - START));
  await sleep(30);
  const b = c.now();
  assert.ok(b - a >= 20 && b - a < 1000, String(b - a));
  c.advance(60_000);
  const d = c.now();
  assert.ok(d - b >= 60_000 && d - b < 61_000, String(d - b));
});

test("without a start the clock reads wall time", () => {
  const c = new Clock();
  assert.ok(Math.abs(c.now() - Date.now()) < 50);
});

test("advance refuses negative and non-finite amounts", () => {
  const c = new Clock({ start: START, frozen: true });
  assert.throws(() => c.advance(-1), RangeError);
  assert.throws(() => c.advance(Number.NaN), RangeError);
  assert.throws(() => c.advance(Number.POSITIVE_INFINITY), RangeError);
  assert.is(c.now(), START);
});

test("timers fire in due order when advance passes them, not before", () => {
  const c = new Clock({ start: START, frozen: true });
  const fired: string[] = [];
  c.setTimer(300, () => fired.push("c@300"));
  c.setTimer(100, () => fired.push("a@100"));
  c.setTimerAt(START + 200, () => fired.push("b@200"));
  c.setTimer(100, () => fired.push("a2@100"));
  assert.is(c.pending, 4);
  c.advance(99);
  assert.equal(fired, []);
  c.advance(151); // now 250
  assert.equal(fired, ["a@100", "a2@100", "b@200"]);
  assert.is(c.pending, 1);
  c.advance(50); // now 300: due exactly now fires
  assert.equal(fired, ["a@100", "a2@100", "b@200", "c@300"]);
  assert.is(c.pending, 0);
});

test("a timer reads its own due time, and one that re-arms fires every period", () => {
  const c = new Clock({ start: START, frozen: true });
  const seen: number[] = [];
  const tick = () => {
    seen.push(c.now() - START);
    c.setTimer(100, tick);
  };
  c.setTimer(100, tick);
  c.advance(1000);
  assert.equal(seen, [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  assert.is(c.now(), START + 1000);
  assert.is(c.pending, 1);
  c.clear();
});

test("a timer set in the past or with a negative delay fires on the next advance", () => {
  const c = new Clock({ start: START, frozen: true });
  const fired: string[] = [];
  c.setTimerAt(START - 1000, () => fired.push("past"));
  c.setTimer(-5, () => fired.push("negative"));
  c.advance(0);
  assert.equal(fired, ["past", "negative"]);
});

test("cancel: a cancelled timer never fires; cancelling twice or after firing is harmless", () => {
  const c = new Clock({ start: START, frozen: true });
  const fired: string[] = [];
  const a = c.setTimer(10, () => fired.push("a"));
  const b = c.setTimer(20, () => fired.push("b"));
  assert.is(a.due, START + 10);
  a.cancel();
  a.cancel();
  assert.is(c.pending, 1);
  c.advance(100);
  assert.equal(fired, ["b"]);
  b.cancel();
  assert.is(c.pending, 0);
});

test("a timer may cancel a later one that is due in the same advance", () => {
  const c = new Clock({ start: START, frozen: true });
  const fired: string[] = [];
  const later = c.setTimer(20, () => fired.push("later"));
  c.setTimer(10, () => {
    fired.push("first");
    later.cancel();
  });
  c.advance(30);
  assert.equal(fired, ["first"]);
});

test("a timer that throws does not stop the others", () => {
  const c = new Clock({ start: START, frozen: true });
  const fired: string[] = [];
  const original = console.error;
  const reported: unknown[] = [];
  console.error = (...args: unknown[]) => void reported.push(args);
  try {
    c.setTimer(1, () => {
      throw new Error("boom");
    });
    c.setTimer(2, () => fired.push("after"));
    c.advance(5);
  } finally {
    console.error = original;
  }
  assert.equal(fired, ["after"]);
  assert.is(reported.length, 1);
});

test("clear cancels every timer", () => {
  const c = new Clock({ start: START, frozen: true });
  let n = 0;
  for (let i = 1; i <= 5; i++) c.setTimer(i, () => n++);
  c.clear();
  assert.is(c.pending, 0);
  c.advance(10);
  assert.is(n, 0);
});

test("unfrozen: timers fire by wall time too", async () => {
  const c = new Clock();
  const fired = new Promise<number>((resolve) => c.setTimer(30, () => resolve(c.now())));
  const set = c.now();
  let guard: NodeJS.Timeout | undefined;
  const at = await Promise.race([fired, new Promise<number>((r) => (guard = setTimeout(() => r(-1), 2000)))]);
  clearTimeout(guard);
  assert.ok(at >= set + 30, `fired at +${at - set} ms`);
  c.clear();
});

test("freeze stops wall-time timers; unfreeze lets time and timers run on from where it stood", async () => {
  const c = new Clock({ start: START });
  let fired = false;
  c.setTimer(40, () => (fired = true));
  c.freeze();
  assert.ok(c.frozen);
  const held = c.now();
  await sleep(80);
  assert.is(c.now(), held, "time moved while frozen");
  assert.not.ok(fired, "a timer fired while frozen");
  c.unfreeze();
  assert.not.ok(c.frozen);
  const resumed = c.now();
  assert.ok(resumed - held < 20, `jumped ${resumed - held} ms on unfreeze`);
  await sleep(100);
  assert.ok(fired, "the timer did not fire after unfreeze");
  c.freeze();
  c.freeze(); // twice is harmless
  c.unfreeze();
  c.unfreeze();
  c.clear();
});

test("advance while frozen fires timers and keeps the clock frozen", () => {
  const c = new Clock({ start: START });
  c.freeze();
  const at = c.now();
  const fired: number[] = [];
  c.setTimer(500, () => fired.push(c.now() - at));
  c.advance(1000);
  assert.equal(fired, [500]);
  assert.is(c.now(), at + 1000);
  assert.ok(c.frozen);
});

// --- /_emu/clock ---

let emu: Emulator;
test.before(async () => {
  emu = await testEmulator();
});
test.after(async () => {
  await emu?.stop();
});

async function clockState(): Promise<{ now: number; iso: string; frozen: boolean }> {
  const res = await fetch(`${emu.url}/_emu/clock`);
  assert.is(res.status, 200);
  return (await res.json()) as { now: number; iso: string; frozen: boolean };
}

async function post(body: string): Promise<{ status: number; doc: Record<string, unknown> }> {
  const res = await fetch(`${emu.url}/_emu/clock`, { method: "POST", headers: { "content-type": "application/json" }, body });
  const text = await res.text();
  let doc: Record<string, unknown> = {};
  try {
    doc = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, doc };
}

test("GET /_emu/clock tells the time", async () => {
  const s = await clockState();
  assert.ok(Math.abs(s.now - Date.now()) < 5_000);
  assert.is(s.iso, new Date(s.now).toISOString());
  assert.is(s.frozen, false);
});

test('POST /_emu/clock {"advance": 60000} moves now by 60 s', async () => {
  const before = await clockState();
  const res = await post('{"advance": 60000}');
  assert.is(res.status, 200);
  const after = await clockState();
  const moved = after.now - before.now;
  assert.ok(moved >= 60_000 && moved < 65_000, `moved ${moved} ms`);
  assert.is(emu.clock.now() - after.now < 5_000, true);
});

test("freeze, advance exactly, unfreeze through the endpoint", async () => {
  let r = await post('{"freeze": true}');
  assert.is(r.status, 200);
  assert.is(r.doc.frozen, true);
  const t = (await clockState()).now;
  await sleep(20);
  assert.is((await clockState()).now, t);
  r = await post('{"advance": 60000}');
  assert.is(r.status, 200);
  assert.is(r.doc.now, t + 60_000);
  assert.is((await clockState()).now, t + 60_000);
  r = await post('{"unfreeze": true}');
  assert.is(r.status, 200);
  assert.is(r.doc.frozen, false);
});

test("advancing through the endpoint fires the emulator's timers", async () => {
  let fired = false;
  emu.clock.setTimer(3_600_000, () => (fired = true));
  const r = await post('{"advance": 3600000}');
  assert.is(r.status, 200);
  assert.ok(fired);
});

for (const [name, body] of [
  ["not JSON", "advance=60000"],
  ["a negative advance", '{"advance": -1}'],
  ["a non-numeric advance", '{"advance": "soon"}'],
  ["an infinite advance", '{"advance": 1e999}'],
] as const) {
  test(`POST /_emu/clock with ${name} is refused with 400 and leaves the clock alone`, async () => {
    await post('{"freeze": true}');
    const t = (await clockState()).now;
    const r = await post(body);
    assert.is(r.status, 400, JSON.stringify(r.doc));
    assert.type(r.doc.message, "string");
    assert.is((await clockState()).now, t);
    await post('{"unfreeze": true}');
  });
}

// Bodies that are JSON but not an object, and advances that are not numbers, are refused.
for (const [name, body] of [
  ["a JSON null body", "null"],
  ["a JSON array body", "[60000]"],
  ["a boolean advance", '{"advance": true}'],
  ["a string advance", '{"advance": "60000"}'],
] as const) {
  test(`POST /_emu/clock with ${name} is refused with 400 and moves nothing`, async () => {
    const t = (await clockState()).now;
    const r = await post(body);
    assert.is(r.status, 400, JSON.stringify(r.doc));
    assert.type(r.doc.message, "string");
    assert.ok((await clockState()).now - t < 5_000, "the clock was not advanced");
  });
}

test("thousands of timers, four in five cancelled (the heap compacts): the rest fire in due order, ties in the order set", () => {
  const c = new Clock({ start: START, frozen: true });
  const fired: number[] = [];
  const handles = [];
  // a fixed pseudo-random spread of due times with many ties
  let x = 12345;
  const due: number[] = [];
  for (let i = 0; i < 5000; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    due.push(x % 2000);
    handles.push(c.setTimer(due[i], () => fired.push(i)));
  }
  assert.is(c.pending, 5000);
  for (let i = 0; i < 5000; i++) if (i % 5 !== 0) handles[i].cancel();
  handles[1].cancel(); // twice: counted once
  assert.is(c.pending, 1000);
  c.advance(999);
  const expected = [...Array(5000).keys()].filter((i) => i % 5 === 0).sort((a, b) => due[a] - due[b] || a - b);
  assert.equal(fired, expected.filter((i) => due[i] <= 999));
  assert.is(c.pending, expected.filter((i) => due[i] > 999).length);
  c.advance(1001);
  assert.equal(fired, expected);
  assert.is(c.pending, 0);
});

test("a timer set from inside a firing timer, due within the same advance, fires in that advance", () => {
  const c = new Clock({ start: START, frozen: true });
  const seen: string[] = [];
  c.setTimer(10, () => {
    seen.push(`a@${c.now() - START}`);
    c.setTimer(5, () => seen.push(`b@${c.now() - START}`));
  });
  c.setTimer(12, () => seen.push(`c@${c.now() - START}`));
  c.advance(100);
  assert.equal(seen, ["a@10", "c@12", "b@15"]);
});

test("other methods on /_emu/clock are refused", async () => {
  const res = await fetch(`${emu.url}/_emu/clock`, { method: "DELETE" });
  assert.is(res.status, 405);
  await res.arrayBuffer();
});

test.run();

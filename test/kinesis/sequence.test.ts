// impl/kinesis/state.ts: sequence numbers are printed from digit strings and records keep
// only their counter; both must agree with the BigInt definition (base + counter * 10^8 +
// shard index), and positions found by sequence number with comparing the numbers whole.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { type KinesisRecord, Stream, sequenceNumber } from "../../impl/kinesis/state.ts";

const T0 = 1_700_000_000_000;

const s = suite("sequence numbers");

s("the text is the BigInt definition printed, 56 digits", () => {
  const stream = new Stream("seq", "arn:aws:kinesis:us-east-1:123456789012:stream/seq", T0, "PROVISIONED");
  const shards = stream.addEvenShards(3, T0);
  // counters 1..3 went to the shards' starting marks
  shards.forEach((sh, i) => assert.is(sh.startingSequenceNumber, sequenceNumber(BigInt(i + 1), i).toString()));
  for (let i = 0; i < 50; i++) {
    const sh = shards[i % 3];
    const { counter, text } = stream.nextSequence(sh);
    assert.is(text, sequenceNumber(BigInt(counter), sh.index).toString());
    assert.match(text, /^49\d{54}$/);
  }
  assert.is(stream.markSequence(2), sequenceNumber(54n, 2).toString());
});

s("positionAt and positionAfter agree with comparing whole sequence numbers", () => {
  const stream = new Stream("pos", "arn:aws:kinesis:us-east-1:123456789012:stream/pos", T0, "PROVISIONED");
  const [a, b] = stream.addEvenShards(2, T0);
  const kept: { seq: bigint; r: KinesisRecord }[] = [];
  for (let i = 0; i < 40; i++) {
    const sh = i % 3 === 0 ? b : a;
    const { counter, text } = stream.nextSequence(sh);
    const r: KinesisRecord = { counter, sequenceNumber: text, data: new Uint8Array(0), partitionKey: "k", arrival: T0, size: 1, encrypted: false };
    sh.append(r);
    if (sh === a) kept.push({ seq: BigInt(text), r });
  }
  const probes: bigint[] = [0n, -5n, sequenceNumber(0n, 0), 10n ** 80n];
  for (const { seq } of kept) for (const d of [-100000001n, -100000000n, -99999999n, -1n, 0n, 1n, 99999999n, 100000000n]) probes.push(seq + d);
  for (const p of probes) {
    const at = kept.findIndex((k) => k.seq >= p);
    const after = kept.findIndex((k) => k.seq > p);
    assert.is(a.positionAt(p), at < 0 ? kept.length : at, `positionAt ${p}`);
    assert.is(a.positionAfter(p), after < 0 ? kept.length : after, `positionAfter ${p}`);
  }
});

s.run();

// Where the emulator's generated ids come from (request ids, message ids, queue and table
// ids, ...): random by default; from a seed when a run must repeat exactly, so that a
// recorded sequence of requests (receipt handles, ids in answers) replays against a fresh
// emulator with the same answers.
import { createHash, randomUUID } from "node:crypto";

export class Ids {
  private n = 0;

  constructor(readonly seed?: string) {}

  /** A version-4 UUID. */
  uuid(): string {
    if (this.seed === undefined) return randomUUID();
    const b = this.next();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.toString("hex", 0, 16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  }

  /** An integer in [0, max), max at most 2^32. */
  int(max: number): number {
    if (this.seed === undefined) return Math.floor(Math.random() * max);
    return this.next().readUInt32BE(0) % max;
  }

  /** the seeded sequence: SHA-256 of the seed and a counter */
  private next(): Buffer {
    return createHash("sha256").update(`${this.seed}:${this.n++}`).digest();
  }
}

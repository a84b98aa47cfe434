// Replays what the middle JS SDK tier sent (test/conformance/tiers.ts) against the emulator.
// test-timeout: 400
import { replaySuite } from "./suite.ts";

replaySuite("middle");

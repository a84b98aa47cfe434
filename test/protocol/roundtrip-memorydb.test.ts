// Every operation of memorydb through @aws-sdk/client-memorydb: inputs, outputs and modeled errors
// make the round trip SDK -> emulator -> handler -> emulator -> SDK unchanged.
import * as sdk from "@aws-sdk/client-memorydb";
import { roundTripSuite } from "../support/roundtrip.ts";

await roundTripSuite("memorydb", sdk, []);

// Every operation of kinesis through @aws-sdk/client-kinesis: inputs, outputs and modeled errors
// make the round trip SDK -> emulator -> handler -> emulator -> SDK unchanged.
import * as sdk from "@aws-sdk/client-kinesis";
import { roundTripSuite } from "../support/roundtrip.ts";

await roundTripSuite("kinesis", sdk, []);

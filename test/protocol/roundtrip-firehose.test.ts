// Every operation of firehose through @aws-sdk/client-firehose: inputs, outputs and modeled errors
// make the round trip SDK -> emulator -> handler -> emulator -> SDK unchanged.
import * as sdk from "@aws-sdk/client-firehose";
import { roundTripSuite } from "../support/roundtrip.ts";

await roundTripSuite("firehose", sdk, []);

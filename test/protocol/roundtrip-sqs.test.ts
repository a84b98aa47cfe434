// Every operation of sqs through @aws-sdk/client-sqs: inputs, outputs and modeled errors
// make the round trip SDK -> emulator -> handler -> emulator -> SDK unchanged.
import * as sdk from "@aws-sdk/client-sqs";
import { roundTripSuite } from "../support/roundtrip.ts";

await roundTripSuite("sqs", sdk, []);

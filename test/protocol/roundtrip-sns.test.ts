// Every operation of sns (awsQuery) through @aws-sdk/client-sns: inputs, outputs and modeled
// errors make the round trip SDK -> emulator -> handler -> emulator -> SDK unchanged.
import * as sdk from "@aws-sdk/client-sns";
import { roundTripSuite } from "../support/roundtrip.ts";

await roundTripSuite("sns", sdk, []);

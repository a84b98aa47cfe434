// Every operation of sts (awsQuery) through @aws-sdk/client-sts: inputs, outputs and modeled
// errors make the round trip SDK -> emulator -> handler -> emulator -> SDK unchanged.
import * as sdk from "@aws-sdk/client-sts";
import { roundTripSuite } from "../support/roundtrip.ts";

await roundTripSuite("sts", sdk, []);

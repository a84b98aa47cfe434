// Every operation of dynamodb through @aws-sdk/client-dynamodb: inputs, outputs and modeled errors
// make the round trip SDK -> emulator -> handler -> emulator -> SDK unchanged.
import * as sdk from "@aws-sdk/client-dynamodb";
import { roundTripSuite } from "../support/roundtrip.ts";

await roundTripSuite("dynamodb", sdk, []);

// Every operation of dynamodb-streams through @aws-sdk/client-dynamodb-streams: inputs, outputs and modeled errors
// make the round trip SDK -> emulator -> handler -> emulator -> SDK unchanged.
import * as sdk from "@aws-sdk/client-dynamodb-streams";
import { roundTripSuite } from "../support/roundtrip.ts";

await roundTripSuite("dynamodb-streams", sdk, []);

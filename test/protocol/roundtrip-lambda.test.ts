// Every operation of lambda (restJson1) through @aws-sdk/client-lambda: inputs, outputs,
// modeled errors and the InvokeWithResponseStream event stream make the round trip
// SDK -> emulator -> handler -> emulator -> SDK unchanged.
import * as sdk from "@aws-sdk/client-lambda";
import { LAMBDA_OVERRIDES } from "../support/rest-overrides.ts";
import { roundTripSuite } from "../support/roundtrip.ts";

await roundTripSuite("lambda", sdk, [], { overrides: LAMBDA_OVERRIDES });

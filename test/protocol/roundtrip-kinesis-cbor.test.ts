// Every operation of kinesis a third time, in CBOR (application/x-amz-cbor-1.1, what the Java
// SDK and the KCL send): synthesized inputs encoded by cbor-x the way Java writes them reach
// the handler unchanged, synthesized outputs and every modeled error come back in CBOR that
// cbor-x decodes to the same values (timestamps as tag 1 around epoch milliseconds).
import { cborRoundTripSuite } from "../support/cbor-roundtrip.ts";

await cborRoundTripSuite("kinesis", []);

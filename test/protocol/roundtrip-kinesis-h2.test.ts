// The Kinesis round trip again, through @aws-sdk/client-kinesis with its DEFAULT request
// handler: NodeHttp2Handler, HTTP/2 cleartext with prior knowledge on the edge port.
import * as sdk from "@aws-sdk/client-kinesis";
import { roundTripSuite } from "../support/roundtrip.ts";

await roundTripSuite("kinesis", sdk, [], { http2: true });

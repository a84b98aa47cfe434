// Every operation of S3 (restXml) through @aws-sdk/client-s3 with forcePathStyle: inputs,
// outputs, modeled errors (HEAD errors by status alone) and streaming blobs as bytes.
import * as sdk from "@aws-sdk/client-s3";
import { services } from "../../generated/registry.ts";
import { roundTripSuite } from "../support/roundtrip.ts";
import { s3Options } from "../support/s3-roundtrip.ts";

const svc = services.find((s) => s.id === "s3")!;
const mod = await svc.load();
await roundTripSuite("s3", sdk, [], s3Options(mod));

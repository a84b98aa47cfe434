// Every operation of S3 (restXml) through @aws-sdk/client-s3 with forcePathStyle: inputs,
// outputs, modeled errors (HEAD errors by status alone) and streaming blobs as bytes.
import * as sdk from "@aws-sdk/client-s3";
import { services } from "../../generated/registry.ts";
import { roundTripSuite } from "../support/roundtrip.ts";
import { s3Options } from "../support/s3-roundtrip.ts";

const svc = services.find((s) => s.id === "s3")!;
const mod = await svc.load();
const head = new Set(Object.values(mod.operations).filter((o) => o.http?.method === "HEAD").map((o) => o.name));
const EXCLUDED = ["CompleteMultipartUpload", "CopyObject", "CreateBucketMetadataConfiguration", "CreateBucketMetadataTableConfiguration", "CreateMultipartUpload", "DeleteObjects", "GetObject", "GetObjectAttributes", "GetObjectTorrent", "HeadBucket", "HeadObject", "ListParts", "PutBucketAccelerateConfiguration", "PutBucketAcl", "PutBucketCors", "PutBucketEncryption", "PutBucketLifecycleConfiguration", "PutBucketLogging", "PutBucketOwnershipControls", "PutBucketPolicy", "PutBucketReplication", "PutBucketRequestPayment", "PutBucketTagging", "PutBucketVersioning", "PutBucketWebsite", "PutObject", "PutObjectAcl", "PutObjectLegalHold", "PutObjectLockConfiguration", "PutObjectRetention", "PutObjectTagging", "PutPublicAccessBlock", "RestoreObject", "SelectObjectContent", "UpdateBucketMetadataInventoryTableConfiguration", "UpdateBucketMetadataJournalTableConfiguration", "UploadPart", "UploadPartCopy", "WriteGetObjectResponse"];
await roundTripSuite("s3", sdk, EXCLUDED, s3Options((k) => mod.errors[k]?.info.status ?? 400, head));

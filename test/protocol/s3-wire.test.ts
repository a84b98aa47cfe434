// S3 on the wire beyond the round trip: a streamed aws-chunked upload with a CRC32 trailer
// reaches the handler as a stream (and its trailer as ChecksumCRC32), a corrupted checksum
// is BadDigest, malformed XML is MalformedXML (never a 500), a HEAD error has no body,
// Range is answered with 206, GetBucketLocation is unwrapped, and requests without x-id
// (path style and virtual-host style) reach the right operation.
import * as S3 from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { request } from "node:http";
import { Readable } from "node:stream";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Emulator } from "../../runtime/emulator.ts";
import { clientConfig, testEmulator } from "../support/emulator.ts";

type Rec = Record<string, any>;
const seen: Rec = {};
let emu: Emulator;
let client: S3.S3Client;

async function drain(body: unknown): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of body as AsyncIterable<Uint8Array>) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

function raw(method: string, path: string, headers: Record<string, string>, body = ""): Promise<{ status: number; headers: Rec; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(emu.url);
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

test.before(async () => {
  const record = (op: string) => async (input: Rec) => {
    seen[op] = input;
    return {};
  };
  const handlers: Rec = {};
  for (const op of ["PutObjectTagging", "PutObjectAcl", "PutObjectRetention", "PutObjectLegalHold", "CopyObject", "UploadPartCopy", "ListObjects", "ListObjectsV2", "CreateBucket", "PutBucketTagging"]) handlers[op] = record(op);
  handlers.PutObject = async (input: Rec) => {
    const data = await drain(input.Body);
    seen.PutObject = { ...input, Body: undefined, sha: createHash("sha256").update(data).digest("hex"), size: data.length };
    return { ETag: '"e"' };
  };
  handlers.UploadPart = async (input: Rec) => {
    seen.UploadPart = { ...input, Body: (await drain(input.Body)).length };
    return {};
  };
  handlers.GetObject = async () => ({ Body: new Uint8Array(Buffer.from("hello world")) });
  handlers.HeadObject = async () => {
    const { NoSuchKey } = await import("../../generated/s3/errors.ts");
    throw new NoSuchKey("no such key");
  };
  handlers.HeadBucket = async () => {
    const { NotFound } = await import("../../generated/s3/errors.ts");
    throw new NotFound("not found");
  };
  handlers.GetBucketLocation = async () => ({ LocationConstraint: "eu-west-1" });
  emu = await testEmulator({ services: ["s3"], handlers: { s3: handlers } });
  client = new S3.S3Client(clientConfig(emu, { forcePathStyle: true }));
});

test.after(async () => {
  client.destroy();
  await emu.stop();
});

test("a stream body with ContentLength arrives whole (aws-chunked, CRC32 trailer)", async () => {
  const data = Buffer.alloc(300_000);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
  await client.send(new S3.PutObjectCommand({ Bucket: "bucket-1", Key: "a/b c", Body: Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]), ContentLength: data.length }));
  assert.is(seen.PutObject.size, data.length);
  assert.is(seen.PutObject.sha, createHash("sha256").update(data).digest("hex"));
  assert.is(seen.PutObject.Key, "a/b c");
  assert.is(seen.PutObject.ContentLength, data.length);
  assert.type(seen.PutObject.ChecksumCRC32, "string");
  assert.is(seen.PutObject.ContentEncoding, undefined);
});

test("a corrupted checksum is BadDigest; a bad Content-MD5 is InvalidDigest", async () => {
  const bad = await raw("PUT", "/bucket-1/k", { "x-amz-checksum-crc32": "AAAAAA==", "content-type": "application/octet-stream" }, "hello");
  assert.is(bad.status, 400);
  assert.match(bad.body, "<Code>BadDigest</Code>");
  const chunked = "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";
  const trailer = await raw("PUT", "/bucket-1/k", { "content-encoding": "aws-chunked", "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "x-amz-trailer": "x-amz-checksum-crc32", "x-amz-decoded-content-length": "5" }, chunked);
  assert.is(trailer.status, 400);
  assert.match(trailer.body, "<Code>BadDigest</Code>");
  const md5 = await raw("PUT", "/bucket-1/k", { "content-md5": "nope" }, "hello");
  assert.match(md5.body, "<Code>InvalidDigest</Code>");
  assert.ok(md5.headers["x-amz-request-id"]);
  assert.ok(md5.headers["x-amz-id-2"]);
});

test("malformed XML is MalformedXML, unwrapped <Error>", async () => {
  const r = await raw("PUT", "/bucket-1?tagging", { "content-type": "application/xml" }, "<Tagging><TagSet>");
  assert.is(r.status, 400);
  assert.match(r.body, /^<\?xml[^>]*>\n<Error><Code>MalformedXML<\/Code>/);
});

test("a HEAD error has no body and reaches the SDK as NotFound", async () => {
  const r = await raw("HEAD", "/bucket-1/k", {});
  assert.is(r.status, 404);
  assert.is(r.body, "");
  try {
    await client.send(new S3.HeadObjectCommand({ Bucket: "bucket-1", Key: "k" }));
    assert.unreachable();
  } catch (e) {
    assert.is((e as Error).name, "NotFound");
  }
  // the modeled NotFound itself is a 404 too (models/patches/s3.json), as S3 sends it
  const b = await raw("HEAD", "/bucket-1", {});
  assert.is(b.status, 404);
  assert.is(b.body, "");
  try {
    await client.send(new S3.HeadBucketCommand({ Bucket: "bucket-1" }));
    assert.unreachable();
  } catch (e) {
    assert.is((e as Error).name, "NotFound");
    assert.is((e as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode, 404);
  }
});

test("Range is answered with 206; GetBucketLocation is unwrapped", async () => {
  const g = await client.send(new S3.GetObjectCommand({ Bucket: "bucket-1", Key: "k", Range: "bytes=6-" }));
  assert.is(await g.Body!.transformToString(), "world");
  assert.is(g.ContentRange, "bytes 6-10/11");
  const loc = await raw("GET", "/bucket-1?location", {});
  assert.match(loc.body, /<LocationConstraint xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/">eu-west-1<\/LocationConstraint>/);
});

test("requests without x-id reach the operation their query and headers name", async () => {
  const cases: [string, string, Record<string, string>, string, string?][] = [
    ["PUT", "/bucket-1/k?tagging", {}, "PutObjectTagging", "<Tagging><TagSet></TagSet></Tagging>"],
    ["PUT", "/bucket-1/k?acl", {}, "PutObjectAcl"],
    ["PUT", "/bucket-1/k?retention", {}, "PutObjectRetention"],
    ["PUT", "/bucket-1/k?legal-hold", {}, "PutObjectLegalHold"],
    ["PUT", "/bucket-1/k", { "x-amz-copy-source": "/src/key" }, "CopyObject"],
    ["PUT", "/bucket-1/k?partNumber=1&uploadId=u", { "x-amz-copy-source": "/src/key" }, "UploadPartCopy"],
    ["PUT", "/bucket-1/k?partNumber=1&uploadId=u", {}, "UploadPart"],
    ["PUT", "/bucket-1/k", {}, "PutObject"],
    ["GET", "/bucket-1", {}, "ListObjects"],
    ["GET", "/bucket-1?list-type=2", {}, "ListObjectsV2"],
    ["PUT", "/bucket-1", {}, "CreateBucket"],
  ];
  for (const [method, path, headers, op, body] of cases) {
    delete seen[op];
    const r = await raw(method, path, headers, body ?? "");
    assert.ok(seen[op], `${method} ${path} ${JSON.stringify(headers)} should reach ${op} (got ${r.status} ${r.body.slice(0, 200)})`);
  }
  // virtual-host style: the bucket from the Host
  delete seen.ListObjectsV2;
  const vh = await raw("GET", "/?list-type=2", { host: "bucket-2.s3.localhost.test:4566" });
  assert.is(vh.status, 200);
  assert.is(seen.ListObjectsV2?.Bucket, "bucket-2");
  delete seen.PutObjectTagging;
  const body = "<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value></Tag></TagSet></Tagging>";
  await raw("PUT", "/k/x?tagging", { host: "my.bucket.s3.localhost.test" }, body);
  assert.equal(seen.PutObjectTagging, { Bucket: "my.bucket", Key: "k/x", Tagging: { TagSet: [{ Key: "a", Value: "b" }] } });
});

test.run();

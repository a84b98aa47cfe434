// State is scoped by account (a 12-digit access key id, else the default account) and
// region (the credential scope), and a reset clears it. Driven through a real SDK client
// against a small implementation registered the way impl/index.ts registers services.
import { KinesisClient, ListStreamsCommand } from "@aws-sdk/client-kinesis";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Emulator } from "../../runtime/emulator.ts";
import type { ImplementationRegistry, RequestContext, ServiceEnv } from "../../runtime/types.ts";
import { clientConfig, testEmulator } from "../support/emulator.ts";

/** A stand-in Kinesis whose ListStreams names the scope it was called in and counts calls per scope. */
const implementations: ImplementationRegistry = {
  kinesis: async () => ({
    default: (env: ServiceEnv) => {
      const calls = env.state.store((scope) => ({ scope, count: 0 }));
      return {
        ListStreams: async (_input: unknown, ctx: RequestContext) => {
          const s = calls.for(ctx);
          s.count++;
          return { StreamNames: [`${s.scope.account}:${s.scope.region}:${s.count}`], HasMoreStreams: false };
        },
      };
    },
  }),
};

let emu: Emulator;
test.before(async () => {
  emu = await testEmulator({ implementations, accountId: "111122223333", region: "eu-central-1" });
});
test.after(async () => {
  await emu.stop();
});

function client(accessKeyId: string, region: string) {
  return new KinesisClient(clientConfig(emu, { region, credentials: { accessKeyId, secretAccessKey: "x" } }));
}

async function names(accessKeyId: string, region: string): Promise<string[]> {
  const c = client(accessKeyId, region);
  try {
    return (await c.send(new ListStreamsCommand({}))).StreamNames ?? [];
  } finally {
    c.destroy();
  }
}

test("a 12-digit access key id is the account; the signing region is the region", async () => {
  assert.equal(await names("123456789012", "us-west-2"), ["123456789012:us-west-2:1"]);
  assert.equal(await names("123456789012", "us-west-2"), ["123456789012:us-west-2:2"]);
  assert.equal(await names("123456789012", "ap-south-1"), ["123456789012:ap-south-1:1"]);
});

test("any other access key id means the configured default account", async () => {
  assert.equal(await names("AKIDEXAMPLE", "us-west-2"), ["111122223333:us-west-2:1"]);
  assert.equal(await names("test", "us-west-2"), ["111122223333:us-west-2:2"]);
});

test("an unsigned request uses the default account and region", async () => {
  const res = await fetch(emu.url, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "Kinesis_20131202.ListStreams" },
    body: "{}",
  });
  assert.is(res.status, 200);
  assert.equal(((await res.json()) as { StreamNames: string[] }).StreamNames, ["111122223333:eu-central-1:1"]);
});

test("POST /_emu/reset clears every scope", async () => {
  const res = await fetch(`${emu.url}/_emu/reset`, { method: "POST" });
  assert.is(res.status, 200);
  assert.equal(await names("123456789012", "us-west-2"), ["123456789012:us-west-2:1"]);
  assert.equal(await names("AKIDEXAMPLE", "us-west-2"), ["111122223333:us-west-2:1"]);
});

test("health counts the registered operation as implemented", async () => {
  const health = (await (await fetch(`${emu.url}/_emu/health`)).json()) as {
    services: { id: string; implemented: string[]; notImplemented: string[] }[];
  };
  const kinesis = health.services.find((s) => s.id === "kinesis")!;
  assert.equal(kinesis.implemented, ["ListStreams"]);
  assert.ok(kinesis.notImplemented.includes("CreateStream"));
  assert.not.ok(kinesis.notImplemented.includes("ListStreams"));
});

test.run();

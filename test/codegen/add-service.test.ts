// Adding a service needs no hand-written code: drop an awsJson model into a models
// directory, run codegen, start the server on what it wrote, and the new service is
// routed, parsed, validated and answered (NotImplemented).
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Emulator } from "../../runtime/emulator.ts";
import type { ServiceDescriptor } from "../../runtime/schema.ts";
import { testEmulator } from "../support/emulator.ts";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
mkdirSync(join(root, ".tmp"), { recursive: true });
const dir = mkdtempSync(join(root, ".tmp", "add-service-"));
let emu: Emulator;

async function call(target: string | undefined, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(emu.url, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", ...(target ? { "x-amz-target": target } : {}), ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

test.before(async () => {
  cpSync(join(root, "test/codegen/fixtures/models"), join(dir, "models"), { recursive: true });
  const gen = spawnSync(
    process.execPath,
    ["--import", "tsx", join(root, "codegen/main.ts"), "--models", join(dir, "models"), "--out", join(dir, "generated")],
    { cwd: root, encoding: "utf8", timeout: 60_000 },
  );
  assert.is(gen.status, 0, gen.stderr);
  const { services } = (await import(pathToFileURL(join(dir, "generated/registry.ts")).href)) as { services: ServiceDescriptor[] };
  emu = await testEmulator({ registry: services, implementations: {} });
});

test.after(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("an operation of the new service is routed and answers 501 naming service and operation", async () => {
  const r = await call("Weather_20240101.GetForecast", { CityId: "paris" });
  assert.is(r.status, 501);
  assert.is(r.json.__type, "NotImplemented");
  assert.match(String(r.json.message), /GetForecast/);
  assert.match(String(r.json.message), /Weather Station/);
  assert.ok(r.headers.get("x-amzn-requestid"));
});

test("resource operations are routed too", async () => {
  const r = await call("Weather_20240101.ListCities", {});
  assert.is(r.status, 501);
  assert.match(String(r.json.message), /ListCities/);
});

test("its constraints are validated from the model", async () => {
  const r = await call("Weather_20240101.GetForecast", { CityId: "Paris", Days: 20 });
  assert.is(r.status, 400);
  assert.is(r.json.__type, "ValidationException");
  assert.is(
    r.json.message,
    "2 validation errors detected: Value 'Paris' at 'cityId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z][a-z0-9-]*$; " +
      "Value '20' at 'days' failed to satisfy constraint: Member must have value less than or equal to 14",
  );
});

test("its input types are checked", async () => {
  const r = await call("Weather_20240101.PutReading", { CityId: "paris", Celsius: "warm" });
  assert.is(r.status, 400);
  assert.is(r.json.__type, "SerializationException");
});

test("an unknown operation of the new service, and the signing name without a target", async () => {
  const unknown = await call("Weather_20240101.Nope", {});
  assert.is(unknown.status, 400);
  assert.is(unknown.json.__type, "UnknownOperationException");
  const scoped = await call(undefined, {}, {
    authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/eu-west-1/weather/aws4_request, SignedHeaders=host, Signature=00",
  });
  assert.is(scoped.status, 400);
  assert.is(scoped.json.__type, "UnknownOperationException");
});

test("health lists the new service with its operations", async () => {
  const res = await fetch(`${emu.url}/_emu/health`);
  const health = (await res.json()) as { services: { id: string; notImplemented: string[] }[] };
  const svc = health.services.find((s) => s.id === "weather-station");
  assert.ok(svc, "weather-station listed");
  assert.equal(svc!.notImplemented, ["GetCity", "GetForecast", "ListCities", "PutReading", "UploadReadings"]);
});

test.run();

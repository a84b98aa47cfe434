// Requests whose input has an event stream (an awsJson body of
// application/vnd.amazon.eventstream messages: an initial-request with the other members,
// then the events), on the codegen fixture's UploadReadings — none of the eight services
// has one, but a model dropped into models/ may. A damaged or truncated frame, an
// exception message from the client and an unknown event each get a 400
// SerializationException, and the server goes on serving.
// Frames are built by the tests' own encoder (test/support/eventstream.ts).
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Emulator } from "../../runtime/emulator.ts";
import type { ServiceDescriptor } from "../../runtime/schema.ts";
import { testEmulator } from "../support/emulator.ts";
import { frame } from "../support/eventstream.ts";
import { send } from "../support/http.ts";

type Rec = Record<string, unknown>;

const { services } = (await import("../codegen/golden/registry.ts")) as { services: ServiceDescriptor[] };
const TARGET = "Weather_20240101.UploadReadings";
let emu: Emulator;
let received: { input: Rec; events: Rec[] } | undefined;

test.before(async () => {
  emu = await testEmulator({
    registry: services,
    implementations: {},
    handlers: {
      "weather-station": {
        UploadReadings: async (input: Rec) => {
          const events: Rec[] = [];
          for await (const e of input.Readings as AsyncIterable<Rec>) events.push(e);
          const { Readings: _r, ...rest } = input;
          received = { input: rest, events };
          return { Count: events.length };
        },
      },
    },
  });
});
test.after(async () => {
  await emu?.stop();
});

const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const initial = (doc: unknown) =>
  frame({ ":message-type": "event", ":event-type": "initial-request", ":content-type": "application/x-amz-json-1.1" }, json(doc));
const reading = (station: string, celsius: number) =>
  frame({ ":message-type": "event", ":event-type": "Reading", ":content-type": "application/x-amz-json-1.1", Station: station }, json({ Celsius: celsius }));

function upload(body: Buffer) {
  received = undefined;
  return send(emu.ports.edge, {
    headers: { "content-type": "application/vnd.amazon.eventstream", "x-amz-target": TARGET },
    body,
  });
}

test("an initial-request and two events reach the handler as its input and an AsyncIterable", async () => {
  const a = await upload(Buffer.concat([initial({ StationId: "st-1" }), reading("north", 21.5), reading("south", -3)]));
  assert.is(a.status, 200, a.body);
  assert.equal(JSON.parse(a.body), { Count: 2 });
  assert.equal(received, {
    input: { StationId: "st-1" },
    events: [{ Reading: { Station: "north", Celsius: 21.5 } }, { Reading: { Station: "south", Celsius: -3 } }],
  });
});

test("events signed one by one (an outer message with :date and :chunk-signature) are unwrapped", async () => {
  const signed = (inner: Buffer) => frame({ ":date": "20261122T000000Z", ":chunk-signature": "00ff" }, inner);
  const a = await upload(Buffer.concat([signed(initial({ StationId: "st-2" })), signed(reading("east", 10)), signed(Buffer.alloc(0))]));
  assert.is(a.status, 200, a.body);
  assert.equal(received?.events, [{ Reading: { Station: "east", Celsius: 10 } }]);
});

test("the initial-request's members are validated like any input", async () => {
  const a = await upload(Buffer.concat([initial({}), reading("north", 1)]));
  assert.is(a.status, 400);
  assert.equal(JSON.parse(a.body), {
    __type: "ValidationException",
    message: "1 validation error detected: Value null at 'stationId' failed to satisfy constraint: Member must not be null",
  });
  assert.is(received, undefined, "the handler was not called");
});

function expectSerialization(a: { status: number; body: string }, what: string) {
  assert.is(a.status, 400, what);
  const doc = JSON.parse(a.body) as Rec;
  assert.is(doc.__type, "SerializationException", what);
  assert.is(received, undefined, `${what}: the handler was not called`);
}

test("a bad event-stream frame, a truncated one, a client exception and an unknown event: SerializationException", async () => {
  const good = Buffer.concat([initial({ StationId: "st-1" }), reading("north", 21.5)]);

  const payloadFlipped = Buffer.from(good);
  payloadFlipped[payloadFlipped.length - 8] ^= 0xff; // inside the last payload: message CRC mismatch
  expectSerialization(await upload(payloadFlipped), "a payload byte changed");

  const preludeFlipped = Buffer.from(good);
  preludeFlipped[2] ^= 0x01; // the first message's total length: prelude CRC mismatch
  expectSerialization(await upload(preludeFlipped), "a length byte changed");

  expectSerialization(await upload(good.subarray(0, good.length - 5)), "truncated");
  expectSerialization(await upload(Buffer.from("not an event stream at all")), "garbage");

  const exception = frame({ ":message-type": "exception", ":exception-type": "Boom", ":content-type": "application/json" }, json({}));
  expectSerialization(await upload(Buffer.concat([initial({ StationId: "s" }), exception])), "an exception message");

  const unknown = frame({ ":message-type": "event", ":event-type": "Rainfall", ":content-type": "application/json" }, json({}));
  expectSerialization(await upload(Buffer.concat([initial({ StationId: "s" }), unknown])), "an unknown event");

  const badJson = frame({ ":message-type": "event", ":event-type": "Reading", ":content-type": "application/json" }, Buffer.from("{"));
  expectSerialization(await upload(Buffer.concat([initial({ StationId: "s" }), badJson])), "an event that is not JSON");

  // and the server goes on
  const a = await upload(good);
  assert.is(a.status, 200);
});

test.run();

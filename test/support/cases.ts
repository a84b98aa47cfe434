// The case loop both round-trip harnesses (JSON through the SDK, CBOR from an independent
// encoder) run for one operation: 'required', then 'full' repeated while a union variant
// is still unused, then one case per modeled error.
import type { OperationSchema, ShapeTable } from "../../runtime/schema.ts";
import type { Validator } from "../../runtime/validate/index.ts";
import type { Mode, Synthesizer } from "./synth.ts";

type Rec = Record<string, unknown>;

export interface OperationResult {
  cases: number;
  passed: number;
  failures: string[];
  /** every case's name, in the order run */
  names: string[];
}

export interface CaseDriver {
  /** the two modes in order, each with a suffix for its case names */
  modes: readonly (readonly [Mode, string])[];
  /** the input of one case (throws when it cannot be made) */
  input(mode: Mode, round: number, caseName: string): Rec;
  /** a success case: the problems found, none when it passed */
  success(input: Rec, mode: Mode, round: number, caseName: string): Promise<string[]>;
  /** a modeled-error case */
  failure(errorKey: string, input: Rec): Promise<string[]>;
  /** for an operation with an output event stream: events, then the modeled error `member` */
  streamFailure?(stream: EventStreamInfo, member: string, input: Rec): Promise<string[]>;
}

/** The output event stream of an operation: its member, union, and the union's members. */
export interface EventStreamInfo {
  member: string;
  union: string;
  /** union members that are events: name -> target shape key */
  events: readonly (readonly [string, string])[];
  /** union members that are modeled errors */
  errors: readonly (readonly [string, string])[];
}

export function eventStreamOf(shapes: ShapeTable, op: OperationSchema): EventStreamInfo | undefined {
  if (!op.outputEventStream) return undefined;
  const union = shapes[op.output].members![op.outputEventStream].target;
  const members = Object.entries(shapes[union].members ?? {}).map(([n, m]) => [n, m.target] as const);
  return {
    member: op.outputEventStream,
    union,
    events: members.filter(([, t]) => !shapes[t].error),
    errors: members.filter(([, t]) => shapes[t].error),
  };
}

/** A value of `key` that the runtime's own validator accepts (else the synthesizer is wrong). */
export function validValue(synth: Synthesizer, validator: Validator, key: string, mode: Mode, seed: string): Rec {
  synth.reseed(seed);
  const value = synth.value(key, mode) as Rec;
  const violations = validator.validate(key, value);
  if (violations.length) {
    throw new Error(`synthesized ${key} (${mode}) fails validation: ${violations.map((v) => `${v.path}: ${v.constraint}`).join("; ")}`);
  }
  return value;
}

export async function runOperation(
  opName: string,
  op: OperationSchema,
  synth: Synthesizer,
  driver: CaseDriver,
  stream?: EventStreamInfo,
): Promise<OperationResult> {
  const result: OperationResult = { cases: 0, passed: 0, failures: [], names: [] };
  const record = (name: string, problems: string[]) => {
    result.cases++;
    result.names.push(name);
    if (problems.length === 0) result.passed++;
    else result.failures.push(`${opName} [${name}]:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  };
  // an event stream's union is covered by its own cases (every event in each success case,
  // one case per error member), not by repeating 'full'
  const variantsLeft = () =>
    Object.keys(synth.unusedVariants(op.input)).length > 0 ||
    Object.keys(synth.unusedVariants(op.output)).some((k) => k !== stream?.union);

  let requiredInput: Rec | undefined;
  for (const [mode, suffix] of driver.modes) {
    // 'full' repeats (a few times at most) while a union reachable from the input or
    // output has a variant no case used yet, so every variant is used somewhere.
    for (let round = 0; round < 4; round++) {
      const name = `${round === 0 ? mode : `${mode}#${round + 1}`}${suffix}`;
      let problems: string[];
      let ran = true;
      try {
        const input = driver.input(mode, round, name);
        if (mode === "required") requiredInput = input;
        problems = await driver.success(input, mode, round, name);
      } catch (e) {
        problems = [`could not run the case: ${(e as Error).stack ?? e}`];
        ran = false;
      }
      record(name, problems);
      if (!ran || mode === "required" || !variantsLeft()) break;
    }
  }

  for (const errorKey of op.errors) {
    let problems: string[];
    try {
      problems = await driver.failure(errorKey, requiredInput ?? driver.input("required", 0, "required"));
    } catch (e) {
      problems = [`could not run the case: ${(e as Error).stack ?? e}`];
    }
    record(`error ${errorKey}`, problems);
  }

  if (stream) {
    for (const [member] of stream.errors) {
      let problems: string[];
      try {
        if (!driver.streamFailure) throw new Error("the harness has no event-stream error cases");
        problems = await driver.streamFailure(stream, member, requiredInput ?? driver.input("required", 0, "required"));
      } catch (e) {
        problems = [`could not run the case: ${(e as Error).stack ?? e}`];
      }
      record(`stream error ${member}`, problems);
    }
  }
  return result;
}

type Make = (key: string, mode: Mode, seed: string) => Rec;

/** Every event member of the stream, once in `mode` and once in the other mode: at least two events. */
export function streamEvents(synth: Synthesizer, stream: EventStreamInfo, mode: Mode, seed: string, make: Make): Rec[] {
  const out: Rec[] = [];
  for (const m of [mode, mode === "full" ? "required" : "full"] as const) {
    for (const [member, target] of stream.events) {
      out.push({ [member]: make(target, m, `${seed}/event ${member} ${m}`) });
      synth.useVariant(stream.union, member);
    }
  }
  return out;
}

/** A modeled error's message member, the message the case uses, and its other members (synthesized 'full'). */
export function errorValue(shapes: ShapeTable, errorKey: string, message: string, seed: string, make: Make) {
  const shape = shapes[errorKey];
  const messageMember = Object.keys(shape.members ?? {}).find((m) => m.toLowerCase() === "message") ?? "message";
  const members: Rec = {};
  for (const [k, v] of Object.entries(make(errorKey, "full", seed))) if (k !== messageMember) members[k] = v;
  return { messageMember, message, members };
}

// service id -> its hand-written behaviour, loaded on the service's first request.
// A service not listed here (or an operation its module leaves out) answers
// NotImplemented (501).
import type { ServiceOption } from "../runtime/config.ts";
import type { ImplementationRegistry } from "../runtime/types.ts";
import { OPTIONS as KINESIS_OPTIONS } from "./kinesis/options.ts";
import { OPTIONS as DYNAMODB_OPTIONS } from "./dynamodb/options.ts";

export const implementations: ImplementationRegistry = {
  kinesis: () => import("./kinesis/index.ts"),
  sqs: () => import("./sqs/index.ts"),
  dynamodb: () => import("./dynamodb/index.ts"),
};

/** Flags of the services' behaviour, read at start (the modules themselves load later). */
export const serviceOptions: readonly ServiceOption[] = [...KINESIS_OPTIONS, ...DYNAMODB_OPTIONS];

// The only differences the protocol round trip accepts between what an SDK was given and
// what the emulator's handler received ("input"), or between what the handler returned
// and what the SDK decoded ("output"). Each entry names the SDK behaviour behind it.
// A difference caused by the emulator is a bug to fix, never an entry here.

export interface Difference {
  /** where in the value: "Entries[0].Id", "Tags.k"; "" for the whole value */
  path: string;
  expected: unknown;
  actual: unknown;
}

export interface AllowedDifference {
  service: string;
  /** every operation of the service when absent */
  operation?: string;
  where: "input" | "output";
  /** matched against Difference.path */
  path: RegExp;
  /** a further condition on the values, when the path alone would accept too much */
  when?: (d: Difference) => boolean;
  reason: string;
}

export const ALLOWED_DIFFERENCES: readonly AllowedDifference[] = [];

export function isAllowed(service: string, operation: string, where: "input" | "output", d: Difference): AllowedDifference | undefined {
  return ALLOWED_DIFFERENCES.find(
    (a) =>
      a.service === service &&
      (a.operation === undefined || a.operation === operation) &&
      a.where === where &&
      a.path.test(d.path) &&
      (a.when === undefined || a.when(d)),
  );
}

// The errors the Query protocol family answers that no model declares: the common errors of
// AWS's Query APIs, and the Query names of the errors the runtime raises in JSON terms.
import { ServiceError } from "../../errors.ts";
import type { ErrorInfo } from "../../schema.ts";

const sender = (code: string, status = 400): ErrorInfo => ({ code, status, fault: "client" });

export const QueryErrors = {
  malformedQueryString: (message: string) => new ServiceError(sender("MalformedQueryString"), message),
  missingAction: () => new ServiceError(sender("MissingAction"), "Missing Action"),
  invalidAction: (action: string, version: string | undefined) =>
    new ServiceError(sender("InvalidAction"), `Could not find operation ${action} for version ${version ?? "NO_VERSION_SPECIFIED"}`),
  /** a value that is not of its member's type (the JSON protocols' SerializationException) */
  invalidParameterValue: (message: string) => new ServiceError(sender("InvalidParameterValue"), message),
};

/** runtime error code (JSON family) -> the code a Query API answers with */
const QUERY_CODE: Readonly<Record<string, string>> = {
  ValidationException: "ValidationError",
  SerializationException: "MalformedQueryString",
  UnknownOperationException: "InvalidAction",
  MissingAuthenticationTokenException: "MissingAuthenticationToken",
  AccessDeniedException: "AccessDenied",
  UnsupportedMediaTypeException: "MalformedQueryString",
  RequestEntityTooLargeException: "RequestEntityTooLarge",
};

/** The code, HTTP status and Sender/Receiver type of an error in a Query answer. */
export function queryErrorOf(err: ServiceError): { code: string; status: number; type: "Sender" | "Receiver" } {
  const info = err.info;
  const code = info.queryCode ?? (info.shape ? info.code : QUERY_CODE[info.code] ?? info.code);
  return { code, status: info.queryStatus ?? info.status, type: info.fault === "client" ? "Sender" : "Receiver" };
}

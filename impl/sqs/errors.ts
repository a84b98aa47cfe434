// Errors SQS sends that the model does not declare. Over JSON, `__type` carries the first
// name and the x-amzn-query-error header the Query-protocol code (what boto3, the CLI and
// older SDKs show as the error code): e.g. InvalidParameterValueException travels as
// `InvalidParameterValue;Sender`. The modeled ones are the generated classes.
import { ServiceError } from "../../runtime/errors.ts";
import type { ErrorInfo } from "../../runtime/schema.ts";

const info = (code: string, queryCode: string, status = 400): ErrorInfo => ({
  code,
  status,
  fault: "client",
  queryCode,
  queryStatus: status,
});

const INVALID_PARAMETER_VALUE = info("InvalidParameterValueException", "InvalidParameterValue");
const MISSING_PARAMETER = info("MissingRequiredParameterException", "MissingParameter");

export const invalidParameterValue = (message: string) => new ServiceError(INVALID_PARAMETER_VALUE, message);
export const missingParameter = (message: string) => new ServiceError(MISSING_PARAMETER, message);

/** The code a batch answer's Failed entry shows for an error: the Query-protocol code. */
export function batchCode(err: ServiceError): string {
  return err.info.queryCode ?? err.info.code;
}

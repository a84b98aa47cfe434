// Every operation of sqs over the Query protocol, through @aws-sdk/client-sqs@3.441.0 (the
// last JS SDK line before SQS switched to JSON): form-encoded inputs reach the handler
// unchanged, XML outputs decode unchanged, modeled errors arrive by their awsQueryError
// codes. Members that client does not know are left out of inputs and outputs; errors it
// has no class for arrive as its SQSServiceException named by the Query code.
import * as sdk from "client-sqs-3.441.0";
import { shapes } from "../../generated/sqs/schema.ts";
import { knownMembers, pruneUnknown } from "../support/query-known.ts";
import { roundTripSuite } from "../support/roundtrip.ts";

await roundTripSuite("sqs", sdk, [], {
  query: true,
  adjust: pruneUnknown(shapes, knownMembers("client-sqs-3.441.0")),
  unknownErrorName: (errorKey) => shapes[errorKey].awsQueryError?.code ?? errorKey,
  // this client models no message member on SQS errors: err.message is "UnknownError" and
  // the text is in err.Error.Message (aws/aws-sdk-js#4506); its generic exception has the text
  errorMessage: (err) => (err.message === "UnknownError" ? (err.Error as { Message?: unknown } | undefined)?.Message : err.message),
  label: "over Query with @aws-sdk/client-sqs@3.441.0",
});

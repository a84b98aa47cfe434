// Errors a handler or the runtime throws. Only the protocol serializers turn them into
// bytes. Modeled errors are generated subclasses (generated/<service>/errors.ts);
// the few errors every service family shares but no model declares live here.
import type { ErrorInfo } from "./schema.ts";

export class ServiceError extends Error {
  readonly info: ErrorInfo;
  /** modeled members other than the message */
  readonly members: Record<string, unknown>;

  constructor(info: ErrorInfo, message?: string, members?: Record<string, unknown>) {
    // An answer to a client, not a fault of the emulator: no stack trace is taken. Under
    // load (conditional writes that fail, reads of missing queues) taking one cost more
    // than the rest of the request.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message ?? "");
    Error.stackTraceLimit = limit;
    this.info = info;
    this.name = info.code;
    this.members = members ?? {};
  }

  get code(): string {
    return this.info.code;
  }
  get status(): number {
    return this.info.status;
  }
}

const client = (code: string, status = 400): ErrorInfo => ({ code, status, fault: "client" });
// Coral's framework errors spell the message key with a capital M.
const framework = (code: string, status = 400): ErrorInfo => ({ code, status, fault: "client", messageKey: "Message" });
const server = (code: string, status = 500): ErrorInfo => ({ code, status, fault: "server" });

/** Errors every awsJson service answers with although no model declares them. */
export const CommonErrors = {
  validation: (message: string) => new ServiceError(client("ValidationException"), message),
  serialization: (message?: string) => new ServiceError(framework("SerializationException"), message),
  unknownOperation: (message?: string) => new ServiceError(client("UnknownOperationException"), message),
  missingAuthenticationToken: (message: string) =>
    new ServiceError(client("MissingAuthenticationTokenException", 403), message),
  accessDenied: (message: string) => new ServiceError(client("AccessDeniedException", 403), message),
  unsupportedMediaType: (message?: string) => new ServiceError(client("UnsupportedMediaTypeException", 415), message),
  requestEntityTooLarge: (message: string) => new ServiceError(client("RequestEntityTooLargeException", 413), message),
  notImplemented: (message: string) => new ServiceError(server("NotImplemented", 501), message),
  internalFailure: (message = "An internal error occurred.") => new ServiceError(server("InternalFailure"), message),
};

export function isServiceError(err: unknown): err is ServiceError {
  return err instanceof ServiceError;
}

// What the pipeline asks of a wire protocol. One implementation per protocol family.
import type { IncomingHttpHeaders } from "node:http";
import type { ServiceError } from "../errors.ts";
import type { ChunkObserver } from "./aws-chunked/index.ts";
import type { OperationSchema, ServiceDescriptor, ServiceModule } from "../schema.ts";

export interface WireRequest {
  method: string;
  /** path and query as received */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /**
   * The body, unread, for an operation whose input payload is a streaming blob (then `body`
   * is empty): handed to the handler as it arrives, never held whole.
   */
  stream?: AsyncIterable<Uint8Array>;
  /**
   * Told each aws-chunked chunk as the body is decoded (set by `--auth verify` for bodies
   * signed chunk by chunk); it throws to refuse the body.
   */
  chunkObserver?: ChunkObserver;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** an AsyncIterable is a streamed answer (an event stream): sent as it comes, without a length */
  body: Buffer | string | AsyncIterable<Uint8Array>;
}

export function isStreamBody(body: WireResponse["body"]): body is AsyncIterable<Uint8Array> {
  return typeof body === "object" && !Buffer.isBuffer(body) && Symbol.asyncIterator in body;
}

export interface ProtocolCodec {
  /** Checks the request is one this protocol can read at all (content type, method). */
  accepts?(req: WireRequest): WireResponse | undefined;
  /**
   * The codec for this request when the protocol reads more than one body format
   * (awsJson: JSON, or CBOR by Content-Type); undefined means this codec. It answers
   * everything after accepts(), errors included. A promise while the format's code loads.
   */
  forRequest?(req: WireRequest): ProtocolCodec | Promise<ProtocolCodec> | undefined;
  /** Throws the protocol's error for a body it cannot read, whatever the operation. */
  checkBody?(req: WireRequest): void;
  parse(req: WireRequest, op: OperationSchema, mod: ServiceModule): Record<string, unknown>;
  /** `requestId` is for protocols whose bodies carry it (awsQuery's ResponseMetadata) */
  serialize(output: unknown, op: OperationSchema, mod: ServiceModule, requestId?: string): WireResponse;
  serializeError(err: ServiceError, svc: ServiceDescriptor, mod: ServiceModule | undefined, requestId?: string): WireResponse;
}

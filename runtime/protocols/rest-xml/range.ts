// Range requests (RFC 9110 section 14) answered by the runtime: when an operation's input
// binds a member to the Range header and its output binds one to Content-Range, a handler
// may return the whole representation (a blob payload held in memory) without a
// Content-Range: the runtime then answers the single byte range asked for with 206 and
// Content-Range, or 416 InvalidRange. A handler that sets Content-Range itself, or that
// streams its body, has answered the range on its own and is left alone.
import { ServiceError } from "../../errors.ts";
import type { OperationSchema, ServiceModule } from "../../schema.ts";
import type { WireRequest, WireResponse } from "../types.ts";

const ranged = new WeakMap<OperationSchema, boolean>();

/** Whether the operation takes Range and answers Content-Range (decided from the schema). */
export function takesRange(op: OperationSchema, mod: ServiceModule): boolean {
  let r = ranged.get(op);
  if (r === undefined) {
    const bound = (key: string, header: string) =>
      Object.values(mod.shapes[key]?.members ?? {}).some((m) => m.httpHeader?.toLowerCase() === header);
    r = bound(op.input, "range") && bound(op.output, "content-range");
    ranged.set(op, r);
  }
  return r;
}

/** [start, end] (inclusive) of a single `bytes=` range over `size` bytes; null: unsatisfiable; undefined: not a range we answer. */
export function parseRange(text: string, size: number): [number, number] | null | undefined {
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(text);
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0) return null;
    return size === 0 ? null : [Math.max(0, size - n), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== "" && Number(m[2]) < start) return undefined;
  if (start >= size) return null;
  return [start, end];
}

export function applyRange(r: WireResponse, req: WireRequest, op: OperationSchema, mod: ServiceModule): WireResponse {
  const header = req.headers.range;
  if (typeof header !== "string" || r.status !== 200 || r.headers["content-range"] !== undefined || !takesRange(op, mod)) return r;
  if (typeof r.body !== "string" && !Buffer.isBuffer(r.body)) return r;
  const body = typeof r.body === "string" ? Buffer.from(r.body, "utf8") : r.body;
  const range = parseRange(header, body.length);
  if (range === undefined) return r;
  if (range === null) {
    throw new ServiceError({ code: "InvalidRange", status: 416, fault: "client" }, "The requested range is not satisfiable", {});
  }
  const [start, end] = range;
  const headers = { ...r.headers, "content-range": `bytes ${start}-${end}/${body.length}` };
  return { status: 206, headers, body: body.subarray(start, end + 1) };
}

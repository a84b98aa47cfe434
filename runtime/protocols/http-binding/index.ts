// The HTTP-binding machinery the REST protocols share (restJson1 now, restXml next):
// URI patterns, the router over every REST service's routes, and the binding of members
// to labels, query parameters, headers, payloads and status codes.
export { type BodyFormat, HttpBinding } from "./binding.ts";
export { isRestService, patternOf, type RestMatch, RestRouter } from "./router.ts";
export { parseQuery, percentDecode, splitTarget, UriPattern } from "./uri.ts";
export { BadValue, formatTimestamp, joinHeaderList, readScalar, splitHeaderList, writeScalar } from "./values.ts";

// What the baseline server (bench/servers/bare.ts) keys the answers it is told by: the
// request's X-Amz-Target, else its method and path.
export const answerKey = (method: string, path: string, target: string | undefined): string => target || `${method} ${path}`;

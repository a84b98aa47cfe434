// A bare EdgeServer for tests of the HTTP side: the real edge and pipeline over every
// bundled service, a silent log, and only the handlers a test gives.
import { services as registry } from "../../generated/registry.ts";
import { Clock } from "../../runtime/clock.ts";
import { Edge } from "../../runtime/edge.ts";
import { Ids } from "../../runtime/ids.ts";
import { Logger } from "../../runtime/log.ts";
import type { HandlerTable } from "../../runtime/pipeline.ts";
import { type AdminHandler, EdgeServer, type ListenOptions } from "../../runtime/server.ts";

export async function edgeServer(
  opts: Partial<ListenOptions> & { maxBodyBytes: number },
  handlers: HandlerTable = {},
  admin: (path: string) => AdminHandler | undefined = () => undefined,
): Promise<EdgeServer> {
  const log = new Logger("silent");
  const env = {
    edge: new Edge(registry),
    clock: new Clock(),
    ids: new Ids(),
    log,
    defaultAccount: "000000000000",
    defaultRegion: "us-east-1",
    handlers: async () => handlers,
  };
  const server = new EdgeServer(env, log, admin, { host: "127.0.0.1", port: 0, ...opts });
  await server.listen();
  return server;
}

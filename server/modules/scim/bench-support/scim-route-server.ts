/**
 * A loopback "console node" for the SCIM benchmarks and the deprovision test: the kill switch's
 * route server (real device command stream + ack route handlers, server/realtime/test-support)
 * plus the real SCIM route handler (app/scim/v2/[...path]/route.ts), on node:http, no Next build.
 */
import * as scimRoute from "@/app/scim/v2/[...path]/route";
import { commandBus } from "@/server/realtime/command-bus";
import { addTestRoute, startRouteServer } from "@/server/realtime/test-support/route-server";

export async function startScimRouteServer(): Promise<{ url: string; close: () => Promise<void> }> {
  addTestRoute({ method: "*", pattern: /^\/scim\/v2\//, handler: (req) => scimRoute.GET(req) });
  const server = await startRouteServer();
  await commandBus().ready();
  return server;
}

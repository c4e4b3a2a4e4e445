/** `node --import tsx scim-node.ts` prints `LISTENING <url>` once the SCIM + device command routes serve on loopback. */
import { commandBus } from "@/server/realtime/command-bus";
import { startScimRouteServer } from "./scim-route-server";

const server = await startScimRouteServer();
process.stdout.write(`LISTENING ${server.url}\n`);
const stop = async () => {
  await server.close();
  await commandBus().close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());

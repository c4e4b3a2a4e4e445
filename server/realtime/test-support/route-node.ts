/** A "console node" for the two-node test: `node --import tsx route-node.ts` prints `LISTENING <url>` once ready. */
import { startRouteServer } from "./route-server";
import { commandBus } from "../command-bus";

const server = await startRouteServer();
await commandBus().ready();
process.stdout.write(`LISTENING ${server.url}\n`);
const stop = async () => {
  await server.close();
  await commandBus().close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());

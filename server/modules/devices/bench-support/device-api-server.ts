/**
 * A device API server for the device benchmarks, in its own process (so simulated devices and the server do
 * not share an event loop): the real route handlers (app/api/device/v1/*, REST) behind node:http on loopback.
 * Run: DATABASE_URL=... node --import tsx server/modules/devices/bench-support/device-api-server.ts
 * Prints `LISTENING <url>` when ready.
 */
import { serveAppRoutes } from "../test-support/serve-app-routes";

const server = await serveAppRoutes();
process.stdout.write(`LISTENING ${server.url}\n`);
// Exit at once: keep-alive connections of the simulated devices would otherwise hold close() open.
const stop = () => process.exit(0);
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

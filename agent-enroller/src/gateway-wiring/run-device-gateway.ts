/**
 * `marshal-enroller gateway`: runs the device gateway for an enrolled device on its own, until the signal aborts
 * (`marshal-enroller run` starts the same gateway inside the service loop; run one or the other).
 * - listens on 127.0.0.1:<port> (default 47821, `MARSHAL_GATEWAY_PORT`), see ./start-device-gateway.ts;
 * - flushes its own event spool (`gateway-events.ndjson` in the state dir: one process writes a spool) after each
 *   usage sync;
 * - holds the device's command stream only to see `revoke` / `restore` at once (it never acknowledges: the service
 *   loop does).
 */
import path from "node:path";
import { loadEnrollmentContext } from "../commands/enrollment-context";
import { EventSpool } from "../spool/event-spool";
import { createGatewayServerClient } from "./gateway-server-client";
import { gatewayPortFromEnv, startDeviceGateway } from "./start-device-gateway";

export { DEFAULT_GATEWAY_PORT } from "./start-device-gateway";

export async function runDeviceGateway(opts: {
  stateDir: string;
  signal: AbortSignal;
  port?: number;
  env?: Record<string, string | undefined>;
  fetch?: typeof fetch;
  syncIntervalMs?: number;
  log?: (level: "info" | "warn", message: string) => void;
  onListening?: (url: string) => void;
}): Promise<void> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((level, m) => console.error(`[marshal-gateway] ${level}: ${m}`));
  const ctx = await loadEnrollmentContext({ stateDir: opts.stateDir, fetch: opts.fetch });
  const spool = new EventSpool({ file: path.join(opts.stateDir, "gateway-events.ndjson") });
  const gateway = await startDeviceGateway({
    serverUrl: ctx.state.serverUrl,
    tenantSlug: ctx.state.tenantSlug,
    deviceId: ctx.state.deviceId,
    privateKey: ctx.client.privateKey!,
    port: opts.port ?? gatewayPortFromEnv(env),
    env,
    fetch: opts.fetch,
    syncIntervalMs: opts.syncIntervalMs,
    appendEvent: (e) => void spool.append({ events: [e] }).catch((err: Error) => log("warn", `event spool: ${err.message}`)),
    afterSync: () => spool.flush({ send: (events) => ctx.client.sendEvents({ events }) }),
    log,
  });
  log("info", `gateway listening on ${gateway.url}`);
  opts.onListening?.(gateway.url);
  const stream = ctx.client.openCommandStream({
    onCommand: (c) => {
      if (gateway.wiring.applyRevokeCommand(c)) log("info", `${c.type} ${c.id} applied to the gateway`);
    },
    onError: (err) => log("warn", err.message),
  });
  try {
    if (!opts.signal.aborted) await new Promise<void>((resolve) => opts.signal.addEventListener("abort", () => resolve(), { once: true }));
  } finally {
    stream.close();
    await stream.closed;
    await gateway.close();
  }
}

/** `marshal-enroller agent-token --product <slug>`: prints a fresh agent token (Claude Code's apiKeyHelper, Codex's env_key). */
export async function printAgentToken(opts: { stateDir: string; productSlug: string; fetch?: typeof fetch }): Promise<string> {
  const ctx = await loadEnrollmentContext({ stateDir: opts.stateDir, fetch: opts.fetch });
  const client = createGatewayServerClient({ serverUrl: ctx.state.serverUrl, deviceId: ctx.state.deviceId, privateKey: ctx.client.privateKey!, fetch: opts.fetch });
  return (await client.issueAgentCredential({ productSlug: opts.productSlug })).token;
}

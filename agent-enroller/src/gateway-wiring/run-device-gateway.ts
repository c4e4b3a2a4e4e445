/**
 * `marshal-enroller gateway`: runs the device gateway for an enrolled device until the signal aborts.
 * - listens on 127.0.0.1:<port> (default 47821, `MARSHAL_GATEWAY_PORT`), upstreams are the vendors' APIs
 *   (override with MARSHAL_GATEWAY_UPSTREAM_ANTHROPIC / _OPENAI / _GEMINI, e.g. a corporate egress proxy);
 * - syncs usage, limits, prices and attribution every `syncIntervalMs` (default 30 s) and flushes its own event spool
 *   (`gateway-events.ndjson` in the state dir: one process writes a spool);
 * - holds the device's command stream only to see `revoke` / `restore` at once (it never acknowledges: the service
 *   loop does);
 * - writes nothing secret to disk: provider keys live in memory only.
 */
import path from "node:path";
import { loadEnrollmentContext } from "../commands/enrollment-context";
import { createGateway } from "../gateway/create-gateway";
import { EventSpool } from "../spool/event-spool";
import { sleep } from "../loop/backoff";
import { createGatewayServerClient } from "./gateway-server-client";
import { createGatewayWiring } from "./create-gateway-wiring";

export const DEFAULT_GATEWAY_PORT = 47821;
const VENDOR_UPSTREAMS = { anthropic: "https://api.anthropic.com", openai: "https://api.openai.com", gemini: "https://generativelanguage.googleapis.com" } as const;

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
  const client = createGatewayServerClient({ serverUrl: ctx.state.serverUrl, deviceId: ctx.state.deviceId, privateKey: ctx.client.privateKey!, fetch: opts.fetch });
  const spool = new EventSpool({ file: path.join(opts.stateDir, "gateway-events.ndjson") });
  const wiring = createGatewayWiring({
    client,
    tenantSlug: ctx.state.tenantSlug,
    deviceId: ctx.state.deviceId,
    appendEvent: (e) => void spool.append({ events: [e] }).catch((err: Error) => log("warn", `event spool: ${err.message}`)),
  });
  try {
    await wiring.syncUsage();
  } catch (err) {
    log("warn", `first usage sync failed, limits apply once the server answers: ${(err as Error).message}`);
  }
  const upstream = (name: keyof typeof VENDOR_UPSTREAMS) => new URL(env[`MARSHAL_GATEWAY_UPSTREAM_${name.toUpperCase()}`] ?? VENDOR_UPSTREAMS[name]);
  const port = opts.port ?? Number(env.MARSHAL_GATEWAY_PORT ?? DEFAULT_GATEWAY_PORT);
  const gateway = await createGateway({ port, host: "127.0.0.1", upstreams: { anthropic: upstream("anthropic"), openai: upstream("openai"), gemini: upstream("gemini") }, deps: wiring.deps });
  log("info", `gateway listening on ${gateway.url}`);
  opts.onListening?.(gateway.url);
  const stream = ctx.client.openCommandStream({
    onCommand: (c) => {
      if (wiring.applyRevokeCommand(c)) log("info", `${c.type} ${c.id} applied to the gateway`);
    },
    onError: (err) => log("warn", err.message),
  });
  try {
    while (!opts.signal.aborted) {
      await sleep({ ms: opts.syncIntervalMs ?? 30_000, signal: opts.signal });
      if (opts.signal.aborted) break;
      try {
        const r = await wiring.syncUsage();
        if (r.sent > 0) log("info", `usage sync: ${r.sent} records`);
        await spool.flush({ send: (events) => ctx.client.sendEvents({ events }) });
      } catch (err) {
        log("warn", `usage sync failed (${wiring.pendingUsage} records waiting): ${(err as Error).message}`);
      }
    }
  } finally {
    stream.close();
    await stream.closed;
    await gateway.close();
    wiring.secrets.drop();
    await wiring.syncUsage().catch(() => undefined);
  }
}

/** `marshal-enroller agent-token --product <slug>`: prints a fresh agent token (for Claude Code's apiKeyHelper). */
export async function printAgentToken(opts: { stateDir: string; productSlug: string; fetch?: typeof fetch }): Promise<string> {
  const ctx = await loadEnrollmentContext({ stateDir: opts.stateDir, fetch: opts.fetch });
  const client = createGatewayServerClient({ serverUrl: ctx.state.serverUrl, deviceId: ctx.state.deviceId, privateKey: ctx.client.privateKey!, fetch: opts.fetch });
  return (await client.issueAgentCredential({ productSlug: opts.productSlug })).token;
}

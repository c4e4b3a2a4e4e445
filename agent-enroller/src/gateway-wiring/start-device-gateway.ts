/**
 * The device gateway of an enrolled device, started and kept in step with the server: listens on 127.0.0.1:<port>,
 * syncs usage, limits, prices and attribution every `syncIntervalMs` (default 30 s), and after each sync calls
 * `afterSync` (the standalone `gateway` command flushes its own event spool there). Upstreams are the vendors' APIs,
 * overridable with MARSHAL_GATEWAY_UPSTREAM_ANTHROPIC / _OPENAI / _GEMINI (e.g. a corporate egress proxy).
 * Used by `marshal-enroller run` (with the enroller's one credential store and spool) and by `marshal-enroller
 * gateway` (./run-device-gateway.ts). Writes nothing secret to disk: provider keys live in memory only.
 */
import type { KeyObject } from "node:crypto";
import type { TDeviceEvent } from "../../../server/contracts/device";
import { createGateway } from "../gateway/create-gateway";
import type { AgentCredentialStore } from "../identity/agent-credential-store";
import { createGatewayServerClient } from "./gateway-server-client";
import { createGatewayWiring, type GatewayWiring } from "./create-gateway-wiring";

export const DEFAULT_GATEWAY_PORT = 47821;
const VENDOR_UPSTREAMS = { anthropic: "https://api.anthropic.com", openai: "https://api.openai.com", gemini: "https://generativelanguage.googleapis.com" } as const;

export type DeviceGateway = { url: string; wiring: GatewayWiring; close(): Promise<void> };

/** The gateway port from the environment: MARSHAL_GATEWAY_PORT or 47821. */
export function gatewayPortFromEnv(env: Record<string, string | undefined>): number {
  const raw = env.MARSHAL_GATEWAY_PORT;
  if (raw === undefined || raw === "") return DEFAULT_GATEWAY_PORT;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new Error(`MARSHAL_GATEWAY_PORT must be a port number, not "${raw}"`);
  return Number(raw);
}

export async function startDeviceGateway(opts: {
  serverUrl: string;
  tenantSlug: string;
  deviceId: string;
  privateKey: KeyObject;
  /** 0: any free port. */
  port: number;
  /** Where gateway events go (agent.model_request). */
  appendEvent: (e: TDeviceEvent) => void;
  credentials?: AgentCredentialStore;
  env?: Record<string, string | undefined>;
  fetch?: typeof fetch;
  syncIntervalMs?: number;
  afterSync?: () => Promise<unknown>;
  log: (level: "info" | "warn", message: string) => void;
}): Promise<DeviceGateway> {
  const env = opts.env ?? process.env;
  const client = createGatewayServerClient({ serverUrl: opts.serverUrl, deviceId: opts.deviceId, privateKey: opts.privateKey, fetch: opts.fetch });
  const wiring = createGatewayWiring({ client, tenantSlug: opts.tenantSlug, deviceId: opts.deviceId, appendEvent: opts.appendEvent, ...(opts.credentials ? { credentials: opts.credentials } : {}) });
  const upstream = (name: keyof typeof VENDOR_UPSTREAMS) => new URL(env[`MARSHAL_GATEWAY_UPSTREAM_${name.toUpperCase()}`] ?? VENDOR_UPSTREAMS[name]);
  const upstreams = { anthropic: upstream("anthropic"), openai: upstream("openai"), gemini: upstream("gemini") };
  const gateway = await createGateway({ port: opts.port, host: "127.0.0.1", upstreams, deps: wiring.deps });
  try {
    await wiring.syncUsage();
  } catch (err) {
    opts.log("warn", `first usage sync failed, limits apply once the server answers: ${(err as Error).message}`);
  }

  const stop = new AbortController();
  const loop = (async () => {
    while (!stop.signal.aborted) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, opts.syncIntervalMs ?? 30_000);
        stop.signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
      });
      if (stop.signal.aborted) break;
      try {
        const r = await wiring.syncUsage();
        if (r.sent > 0) opts.log("info", `usage sync: ${r.sent} records`);
        await opts.afterSync?.();
      } catch (err) {
        opts.log("warn", `usage sync failed (${wiring.pendingUsage} records waiting): ${(err as Error).message}`);
      }
    }
  })();

  return {
    url: gateway.url,
    wiring,
    async close() {
      stop.abort();
      await loop;
      await gateway.close();
      wiring.secrets.drop();
      await wiring.syncUsage().catch(() => undefined);
    },
  };
}

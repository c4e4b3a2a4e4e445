/**
 * The gateway's calls to the Marshal server, each a signed device-protocol request (the device's Ed25519 key, see
 * ../protocol/device-jwt.ts): provider secrets and usage sync (server/contracts/gateway-protocol.ts), agent
 * credentials (server/contracts/agent-identity.ts) and the tenant's JWKS (public, unsigned).
 */
import type { KeyObject } from "node:crypto";
import type { z } from "zod";
import { AGENT_CREDENTIALS_PATH, ZAgentCredentialResponse, type TAgentCredentialRequest, type TAgentCredentialResponse } from "../../../server/contracts/agent-identity";
import {
  ZDeviceSecretResponse,
  ZUsageSyncResponse,
  gatewayProtocolPaths,
  type TDeviceSecretRequest,
  type TDeviceSecretResponse,
  type TUsageSyncRequest,
  type TUsageSyncResponse,
} from "../../../server/contracts/gateway-protocol";
import { ZDeviceApiError } from "../../../server/contracts/device";
import { normalizeServerUrl } from "../protocol/device-client";
import { deviceAuthorization } from "../protocol/device-jwt";

export class GatewayServerError extends Error {
  override name = "GatewayServerError";
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

export interface GatewayServerClient {
  readonly serverUrl: string;
  fetchSecret(p: TDeviceSecretRequest): Promise<TDeviceSecretResponse>;
  syncUsage(p: TUsageSyncRequest): Promise<TUsageSyncResponse>;
  issueAgentCredential(p: TAgentCredentialRequest): Promise<TAgentCredentialResponse>;
  fetchJwks(p: { tenantSlug: string }): Promise<{ keys: unknown[] }>;
}

export function createGatewayServerClient(opts: { serverUrl: string; deviceId: string; privateKey: KeyObject; fetch?: typeof fetch; timeoutMs?: number }): GatewayServerClient {
  const serverUrl = normalizeServerUrl({ serverUrl: opts.serverUrl });
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 15_000;

  async function call<S extends z.ZodType>(p: { path: string; body: unknown; schema: S }): Promise<z.infer<S>> {
    const bytes = Buffer.from(JSON.stringify(p.body));
    const authorization = deviceAuthorization({ deviceId: opts.deviceId, privateKey: opts.privateKey, method: "POST", path: p.path, body: bytes });
    let res: Response;
    try {
      res = await doFetch(serverUrl + p.path, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", authorization },
        body: new Uint8Array(bytes),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new GatewayServerError(`Marshal server unreachable at ${serverUrl}: ${(err as Error).message}`, 0, "unreachable");
    }
    const json: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const e = ZDeviceApiError.safeParse(json);
      throw new GatewayServerError(e.success ? e.data.error.message : `HTTP ${res.status}`, res.status, e.success ? e.data.error.code : `http_${res.status}`);
    }
    const parsed = p.schema.safeParse(json);
    if (!parsed.success) throw new GatewayServerError(`unexpected answer from ${p.path}: ${parsed.error.issues[0]?.message}`, res.status, "bad_response");
    return parsed.data;
  }

  return {
    serverUrl,
    fetchSecret: (body) => call({ path: gatewayProtocolPaths.secrets, body, schema: ZDeviceSecretResponse }),
    syncUsage: (body) => call({ path: gatewayProtocolPaths.usage, body, schema: ZUsageSyncResponse }),
    issueAgentCredential: (body) => call({ path: AGENT_CREDENTIALS_PATH, body, schema: ZAgentCredentialResponse }),
    async fetchJwks({ tenantSlug }) {
      const res = await doFetch(`${serverUrl}/api/agents/${encodeURIComponent(tenantSlug)}/jwks.json`, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) throw new GatewayServerError(`JWKS fetch failed: HTTP ${res.status}`, res.status, "jwks");
      const json = (await res.json()) as { keys?: unknown };
      if (!Array.isArray(json.keys)) throw new GatewayServerError("JWKS answer has no keys array", res.status, "jwks");
      return { keys: json.keys };
    },
  };
}

/**
 * Starts a gateway wired to a stand-in upstream, a test token authority and a real quota engine, for tests.
 */
import { loadDefaultPriceTable, type TModelProvider } from "../../../../server/contracts/pricing";
import { createGateway, type Gateway } from "../create-gateway";
import type { TAgentPrincipal, TGatewayEvent } from "../gateway-types";
import { createQuotaEngine, type QuotaEngine } from "../quota-engine";
import { createAgentTokenAuthority, type AgentTokenAuthority } from "./agent-token-authority";
import { createStandInUpstream, type StandInUpstream } from "./stand-in-upstream";

export const REAL_KEYS = {
  anthropic: "sk-ant-api03-REAL-TENANT-KEY-0000",
  openai: "sk-proj-REAL-TENANT-KEY-1111",
  gemini: "AIzaREAL-TENANT-KEY-2222",
} as const;

export const alicePrincipal: TAgentPrincipal = {
  tenantId: "tenant-acme",
  identityId: "agent-claude-alice-laptop",
  personId: "alice",
  deviceId: "laptop-1",
  project: "checkout",
  businessUnit: "payments",
  environment: "dev",
};

export interface TestGateway {
  gateway: Gateway;
  upstream: StandInUpstream;
  authority: AgentTokenAuthority;
  quota: QuotaEngine;
  events: TGatewayEvent[];
  secretFetches: TModelProvider[];
  close(): Promise<void>;
}

export async function startTestGateway({ quota = createQuotaEngine() }: { quota?: QuotaEngine } = {}): Promise<TestGateway> {
  const upstream = await createStandInUpstream({ keys: REAL_KEYS });
  const authority = await createAgentTokenAuthority();
  const events: TGatewayEvent[] = [];
  const secretFetches: TModelProvider[] = [];
  const gateway = await createGateway({
    port: 0,
    host: "127.0.0.1",
    upstreams: { anthropic: upstream.baseUrl("anthropic"), openai: upstream.baseUrl("openai"), gemini: upstream.baseUrl("gemini") },
    deps: {
      authenticate: (token) => authority.authenticate(token),
      getProviderSecret: async ({ provider }) => {
        secretFetches.push(provider);
        if (provider === "anthropic") return { headerName: "x-api-key", value: REAL_KEYS.anthropic };
        if (provider === "openai") return { headerName: "authorization", value: `Bearer ${REAL_KEYS.openai}` };
        return { headerName: "x-goog-api-key", value: REAL_KEYS.gemini };
      },
      quota,
      emitEvent: (e) => events.push(structuredClone(e)),
      priceTable: loadDefaultPriceTable(),
    },
  });
  return {
    gateway,
    upstream,
    authority,
    quota,
    events,
    secretFetches,
    close: async () => {
      await gateway.close();
      await upstream.close();
    },
  };
}

/**
 * The real `GatewayDeps` for an enrolled device (what ../gateway/create-gateway.ts needs), plus the loops that keep
 * it in step with the server:
 * - authenticate: the agent token verified against the tenant's JWKS, issued to this device, not locked out in the
 *   enroller's agent credential store (a pushed `revoke` command locks, `restore` unlocks); the principal is then enriched with the person's project, business unit and
 *   environment (from the server's attribution) so quotas on those scopes apply;
 * - getProviderSecret: fetched over the device protocol for the calling identity, memory only, short TTL;
 * - emitEvent: each request goes to the event spool (agent.model_request) and, when metered, to the usage buffer;
 * - quota: a real quota engine whose limits, prices and cross-device totals come from `syncUsage()` (usage records
 *   and the quota snapshot out; totals, limits, price table, attribution in).
 * Usage records not yet accepted by the server stay in memory (bounded: the oldest are dropped past `maxBuffered`,
 * and counted); the spool's agent.model_request events remain the durable record.
 */
import { randomUUID } from "node:crypto";
import { loadDefaultPriceTable, type TPriceTable } from "../../../server/contracts/pricing";
import { MAX_USAGE_RECORDS_PER_SYNC, type TAttribution, type TUsageReport, type TUsageSyncResponse } from "../../../server/contracts/gateway-protocol";
import type { TDeviceEvent } from "../../../server/contracts/device";
import type { GatewayDeps, TAgentPrincipal, TGatewayEvent } from "../gateway/gateway-types";
import { createQuotaEngine, type QuotaEngine, type TQuotaLimits, type TQuotaScope } from "../gateway/quota-engine";
import { AgentCredentialStore } from "../identity/agent-credential-store";
import type { GatewayServerClient } from "./gateway-server-client";
import { gatewayEventToDeviceEvent } from "./gateway-event-to-device-event";
import { createProviderSecretCache, type ProviderSecretCache } from "./provider-secret-cache";
import { createAgentTokenVerifier } from "./verify-agent-token";

export interface GatewayWiring {
  deps: GatewayDeps;
  quota: QuotaEngine;
  /** The agent credential store whose lock-outs the gateway enforces (shared with the rest of the enroller when given). */
  credentials: AgentCredentialStore;
  secrets: ProviderSecretCache;
  /** Sends buffered usage and the quota snapshot; applies totals, limits, prices and attribution from the answer. */
  syncUsage(): Promise<{ sent: number; accepted: number; response: TUsageSyncResponse }>;
  /** Handles a kill-switch command payload (revoke/restore) pushed by the server. */
  applyRevokeCommand(p: { type: string; payload: unknown; id: string }): boolean;
  readonly pendingUsage: number;
  readonly droppedUsage: number;
}

export function createGatewayWiring(opts: {
  client: GatewayServerClient;
  tenantSlug: string;
  deviceId: string;
  /** Where gateway events go (the enroller's event spool); optional in tests. */
  appendEvent?: (e: TDeviceEvent) => void;
  /** The enroller's one credential store (`run`); without it the wiring makes its own, issuing through `client`. */
  credentials?: AgentCredentialStore;
  priceTable?: TPriceTable;
  maxBuffered?: number;
  now?: () => number;
}): GatewayWiring {
  const credentials = opts.credentials ?? new AgentCredentialStore({ issue: (r) => opts.client.issueAgentCredential(r), now: opts.now });
  const quota = createQuotaEngine({ now: opts.now });
  const epoch = randomUUID();
  const verifier = createAgentTokenVerifier({ tenantSlug: opts.tenantSlug, deviceId: opts.deviceId, fetchJwks: () => opts.client.fetchJwks({ tenantSlug: opts.tenantSlug }), revocations: credentials, now: opts.now });
  const secrets = createProviderSecretCache({ fetchSecret: (p) => opts.client.fetchSecret(p), now: opts.now });
  let attribution: Record<string, TAttribution> = {};
  const productOf = new Map<string, string | null>();
  const buffer: TUsageReport[] = [];
  const maxBuffered = opts.maxBuffered ?? 50_000;
  let dropped = 0;
  let limitedScopes: TQuotaScope[] = [];

  const deps: GatewayDeps = {
    async authenticate(token) {
      const verified = await verifier.verify(token);
      if (!verified) return null;
      productOf.set(verified.principal.identityId, verified.productSlug);
      const a = attribution[verified.principal.personId] ?? {};
      const principal: TAgentPrincipal = { ...verified.principal, ...a };
      return principal;
    },
    getProviderSecret: ({ provider, principal }) => secrets.get({ provider, identityId: principal.identityId }),
    quota,
    emitEvent(e: TGatewayEvent) {
      const productSlug = e.principal ? (productOf.get(e.principal.identityId) ?? null) : null;
      try {
        opts.appendEvent?.(gatewayEventToDeviceEvent({ event: e, productSlug }));
      } catch {
        // the spool refusing an event must not break the agent's call
      }
      if (e.usage && e.model && e.principal && e.api !== null) {
        buffer.push({
          requestId: e.requestId,
          at: e.at,
          identityId: e.principal.identityId,
          provider: e.provider,
          model: e.model.slice(0, 200),
          api: e.api,
          outcome: e.outcome,
          usage: e.usage,
          usageEstimated: e.usageEstimated,
          latencyMs: Math.min(e.latencyMs, 86_400_000),
        });
        if (buffer.length > maxBuffered) {
          buffer.shift();
          dropped += 1;
        }
      }
    },
    priceTable: opts.priceTable ?? loadDefaultPriceTable(),
  };

  async function syncUsage() {
    const records = buffer.slice(0, MAX_USAGE_RECORDS_PER_SYNC);
    const snap = quota.snapshot();
    const response = await opts.client.syncUsage({ records, snapshot: { epoch, id: snap.id, entries: snap.entries } });
    // the server has them (accepted now or earlier): drop exactly those from the front of the buffer
    buffer.splice(0, records.length);
    deps.priceTable = response.priceTable;
    attribution = response.attribution;
    const nextScopes = response.limits.map((l) => l.scope);
    for (const l of response.limits) quota.setLimits({ scope: l.scope, limits: l.limits as TQuotaLimits });
    // a budget deleted on the server stops limiting here
    for (const s of limitedScopes) if (!nextScopes.some((n) => n.kind === s.kind && n.id === s.id)) quota.setLimits({ scope: s, limits: {} });
    limitedScopes = nextScopes;
    quota.applyServerUsage(response.serverUsage);
    return { sent: records.length, accepted: response.accepted, response };
  }

  function applyRevokeCommand(c: { type: string; payload: unknown; id: string }): boolean {
    const p = (c.payload ?? {}) as { revocationId?: unknown; productSlugs?: unknown; productSlug?: unknown; allAgents?: unknown; identityIds?: unknown };
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
    const revocationId = typeof p.revocationId === "string" ? p.revocationId : c.id;
    if (c.type === "revoke") {
      const identityIds = strings(p.identityIds);
      credentials.revoke({
        revocationId,
        productSlugs: [...strings(p.productSlugs), ...(typeof p.productSlug === "string" ? [p.productSlug] : [])],
        allAgents: p.allAgents === true,
        identityIds,
      });
      if (p.allAgents === true) secrets.drop();
      for (const id of identityIds) secrets.drop({ identityId: id });
      return true;
    }
    if (c.type === "restore") return credentials.restore({ revocationId }) > 0;
    return false;
  }

  return {
    deps,
    quota,
    credentials,
    secrets,
    syncUsage,
    applyRevokeCommand,
    get pendingUsage() {
      return buffer.length;
    },
    get droppedUsage() {
      return dropped;
    },
  };
}

/**
 * What the gateway needs from the rest of the enroller (`GatewayDeps`) and what it reports (`TGatewayEvent`).
 */
import { z } from "zod";
import { ZModelProvider, ZTokenUsage, type TModelProvider, type TPriceTable } from "../../../server/contracts/pricing";
import type { QuotaEngine, TQuotaScope } from "./quota-engine";

/** The verified claims of an agent token: the agent identity acting for a person on a device. */
export const ZAgentPrincipal = z.object({
  tenantId: z.string().min(1),
  /** AgentIdentity id (the token's `sub`). */
  identityId: z.string().min(1),
  /** Person the agent acts for (the token's `act.sub`). */
  personId: z.string().min(1),
  deviceId: z.string().min(1),
  project: z.string().min(1).optional(),
  businessUnit: z.string().min(1).optional(),
  environment: z.string().min(1).optional(),
  policyClass: z.string().min(1).optional(),
});
export type TAgentPrincipal = z.infer<typeof ZAgentPrincipal>;

export const gatewayApis = ["anthropic.messages", "anthropic.count_tokens", "anthropic.models", "openai.chat_completions", "openai.responses", "openai.models", "gemini.generate_content", "gemini.stream_generate_content", "gemini.count_tokens", "gemini.models"] as const;
export const ZGatewayApi = z.enum(gatewayApis);
export type TGatewayApi = z.infer<typeof ZGatewayApi>;

export const gatewayOutcomes = [
  "ok", // the vendor answered 2xx and the response reached the agent completely
  "upstream_error", // the vendor answered with an error status (passed through to the agent)
  "upstream_unreachable", // no answer from the vendor: 502 to the agent
  "stream_interrupted", // the vendor dropped the connection mid-response: the agent saw the connection fail
  "client_aborted", // the agent went away before the response was complete
  "refused_auth", // no, expired, forged or revoked agent token: 401
  "refused_quota", // over a limit: 429
  "bad_request", // unparseable body, unknown route, oversized body
] as const;
export const ZGatewayOutcome = z.enum(gatewayOutcomes);
export type TGatewayOutcome = z.infer<typeof ZGatewayOutcome>;

/** One model request as seen by the gateway. Never carries prompt or completion content. */
export const ZGatewayEvent = z.object({
  type: z.literal("gateway.model_request"),
  requestId: z.string(),
  at: z.iso.datetime(),
  provider: ZModelProvider,
  api: ZGatewayApi.nullable(),
  method: z.string(),
  path: z.string(),
  model: z.string().nullable(),
  stream: z.boolean(),
  principal: ZAgentPrincipal.nullable(),
  status: z.number().int(),
  outcome: ZGatewayOutcome,
  usage: ZTokenUsage.nullable(),
  /** True when output tokens were counted from the streamed text because the vendor's final usage never came. */
  usageEstimated: z.boolean(),
  costUsd: z.number().nonnegative(),
  /** False when the model is not in the price table (priced at the provider's conservative "unknown" rate). */
  priceKnown: z.boolean(),
  priceTableVersion: z.string(),
  reservedUsd: z.number().nonnegative(),
  latencyMs: z.number().nonnegative(),
  /** Time to the first response byte from the vendor (streaming: time to first event). */
  ttfbMs: z.number().nonnegative().nullable(),
  quotaRefusal: z.object({ scope: z.object({ kind: z.string(), id: z.string() }), limit: z.string(), limitValue: z.number() }).nullable(),
  error: z.string().nullable(),
});
export type TGatewayEvent = z.infer<typeof ZGatewayEvent>;

export interface TProviderSecret {
  headerName: string;
  value: string;
}

export interface GatewayDeps {
  /** Verifies the short-lived agent token (signature, expiry, revocation); null refuses the request. */
  authenticate(agentToken: string): Promise<TAgentPrincipal | null>;
  /** The tenant's real provider credential, fetched just in time and kept in memory only. */
  getProviderSecret(p: { provider: TModelProvider; principal: TAgentPrincipal }): Promise<TProviderSecret>;
  quota: QuotaEngine;
  emitEvent(e: TGatewayEvent): void;
  priceTable: TPriceTable;
}

/** The quota scopes a principal's request counts against. */
export function scopesForPrincipal({ principal }: { principal: TAgentPrincipal }): TQuotaScope[] {
  const scopes: TQuotaScope[] = [
    { kind: "identity", id: principal.identityId },
    { kind: "person", id: principal.personId },
    { kind: "device", id: principal.deviceId },
  ];
  if (principal.project) scopes.push({ kind: "project", id: principal.project });
  if (principal.businessUnit) scopes.push({ kind: "businessUnit", id: principal.businessUnit });
  if (principal.environment) scopes.push({ kind: "environment", id: principal.environment });
  return scopes;
}

/**
 * A gateway event (one model request, no content) as a device event for the enroller's spool
 * (server/contracts/events.ts: type "agent.model_request", actor = agent identity, on behalf of = person,
 * target = model, tokens and cost, correlation.requestId = the gateway's request id).
 */
import type { TDeviceEvent } from "../../../server/contracts/device";
import type { TGatewayEvent } from "../gateway/gateway-types";
import { createDeviceEvent } from "../spool/event-spool";

export function gatewayEventToDeviceEvent(opts: { event: TGatewayEvent; productSlug: string | null }): TDeviceEvent {
  const e = opts.event;
  const outcome = e.outcome === "ok" ? "success" : e.outcome === "refused_auth" || e.outcome === "refused_quota" ? "denied" : "error";
  return createDeviceEvent({
    time: e.at,
    type: "agent.model_request",
    outcome,
    ...(e.model ? { target: e.model.slice(0, 2048) } : {}),
    intent: `${e.provider}${e.api ? ` ${e.api}` : ""}`,
    actor: { ...(e.principal ? { identityId: e.principal.identityId } : {}), ...(opts.productSlug ? { productSlug: opts.productSlug } : {}) },
    onBehalfOf: e.principal ? { personId: e.principal.personId } : {},
    ...(e.usage ? { tokens: { in: e.usage.inputTokens, out: e.usage.outputTokens, cacheRead: e.usage.cacheReadTokens, cacheWrite: e.usage.cacheWriteTokens } } : {}),
    costUsd: e.costUsd,
    correlation: { requestId: e.requestId },
    params: {
      gatewayOutcome: e.outcome,
      status: e.status,
      stream: e.stream,
      latencyMs: Math.round(e.latencyMs),
      ttfbMs: e.ttfbMs === null ? null : Math.round(e.ttfbMs),
      priceKnown: e.priceKnown,
      priceTableVersion: e.priceTableVersion,
      usageEstimated: e.usageEstimated,
      reservedUsd: e.reservedUsd,
      ...(e.quotaRefusal ? { quotaRefusal: e.quotaRefusal } : {}),
      ...(e.error ? { error: e.error.slice(0, 500) } : {}),
    },
  } as Parameters<typeof createDeviceEvent>[0]);
}

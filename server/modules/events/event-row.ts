/**
 * Canonical event (server/contracts/events.ts ZEvent) <-> stored row (server/db/events.ts TEventRow).
 * The row is flat so every field can be filtered and indexed; the canonical event is what the
 * explorer, the REST API and every SIEM format see.
 */
import { describeEventType, type TEvent, type TEventSeverity } from "@/server/contracts/events";
import type { TEventRow } from "@/server/db/events";

function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as T;
}

export function eventToRow(event: TEvent): TEventRow {
  return {
    id: event.id,
    time: new Date(event.time),
    tenantId: event.tenantId,
    key: event.key,
    type: event.type,
    category: describeEventType(event.type).category,
    severity: event.severity,
    receivedAt: new Date(event.receivedAt),
    actorIdentityId: event.actor.identityId ?? null,
    actorProductSlug: event.actor.productSlug ?? null,
    actorProductVersion: event.actor.productVersion ?? null,
    actorMemberId: event.actor.memberId ?? null,
    actorEmail: event.actor.email ?? null,
    personId: event.onBehalfOf.personId ?? null,
    personUserName: event.onBehalfOf.userName ?? null,
    deviceId: event.device.id ?? null,
    deviceHostname: event.device.hostname ?? null,
    intent: event.intent ?? null,
    target: event.target ?? null,
    params: event.params ?? null,
    outcome: event.outcome,
    costUsd: event.costUsd ?? null,
    tokensIn: event.tokens?.in ?? null,
    tokensOut: event.tokens?.out ?? null,
    tokensCacheRead: event.tokens?.cacheRead ?? null,
    tokensCacheWrite: event.tokens?.cacheWrite ?? null,
    sessionId: event.correlation.sessionId ?? null,
    revocationId: event.correlation.revocationId ?? null,
    rolloutId: event.correlation.rolloutId ?? null,
    requestId: event.correlation.requestId ?? null,
  };
}

export function rowToEvent(row: TEventRow): TEvent {
  const tokens =
    row.tokensIn !== null || row.tokensOut !== null || row.tokensCacheRead !== null || row.tokensCacheWrite !== null
      ? { in: row.tokensIn ?? 0, out: row.tokensOut ?? 0, cacheRead: row.tokensCacheRead ?? 0, cacheWrite: row.tokensCacheWrite ?? 0 }
      : undefined;
  return defined({
    id: row.id,
    tenantId: row.tenantId,
    receivedAt: row.receivedAt.toISOString(),
    severity: row.severity as TEventSeverity,
    key: row.key,
    time: row.time.toISOString(),
    type: row.type as TEvent["type"],
    actor: defined({ identityId: row.actorIdentityId ?? undefined, productSlug: row.actorProductSlug ?? undefined, productVersion: row.actorProductVersion ?? undefined, memberId: row.actorMemberId ?? undefined, email: row.actorEmail ?? undefined }),
    onBehalfOf: defined({ personId: row.personId ?? undefined, userName: row.personUserName ?? undefined }),
    device: defined({ id: row.deviceId ?? undefined, hostname: row.deviceHostname ?? undefined }),
    intent: row.intent ?? undefined,
    target: row.target ?? undefined,
    params: row.params ?? undefined,
    outcome: row.outcome as TEvent["outcome"],
    costUsd: row.costUsd ?? undefined,
    tokens,
    correlation: defined({ sessionId: row.sessionId ?? undefined, revocationId: row.revocationId ?? undefined, rolloutId: row.rolloutId ?? undefined, requestId: row.requestId ?? undefined }),
  }) as TEvent;
}

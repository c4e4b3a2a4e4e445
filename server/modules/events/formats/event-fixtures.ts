/** Canonical events used by the format tests: one per kind of mapping, with awkward values. */
import { CATALOG_EVENT_TYPES, EVENT_CATALOG, type TEvent } from "@/server/contracts/events";

export function makeEvent(overrides: Partial<TEvent> = {}): TEvent {
  return {
    id: "0b7c6f0e-8a43-4c4e-9a77-3f1f3c1f4f10",
    key: "dev_1:42",
    tenantId: "t_acme",
    time: "2026-03-01T11:59:00.250Z",
    receivedAt: "2026-03-01T12:00:00.000Z",
    type: "agent.tool_call",
    severity: "info",
    actor: { identityId: "aid_7", productSlug: "claude-code", productVersion: "2.1.197" },
    onBehalfOf: { personId: "p_alice", userName: "alice@example.com" },
    device: { id: "dev_1", hostname: "alice-mbp.corp.example.com" },
    intent: "Bash",
    target: "/repos/payments",
    params: { command: "npm test | tee out.log", exit_code: 0 },
    outcome: "allowed",
    costUsd: 0.0123,
    tokens: { in: 1200, out: 80, cacheRead: 4000, cacheWrite: 0 },
    correlation: { sessionId: "sess_9", requestId: "req_1" },
    ...overrides,
  };
}

/** One event of every catalog type, with the severity the catalog gives it. */
export function everyCatalogEvent(): TEvent[] {
  return CATALOG_EVENT_TYPES.map((type, index) => {
    const outcome = type.endsWith("_failed") || type === "revocation.failed" ? "error" : type === "process.blocked" ? "denied" : "success";
    if (type.startsWith("admin.") || type.startsWith("auth.")) {
      return makeEvent({
        id: `0b7c6f0e-8a43-4c4e-9a77-${String(index).padStart(12, "0")}`,
        type,
        severity: EVENT_CATALOG[type].severity,
        actor: { memberId: "m_bob", email: "bob@example.com" },
        onBehalfOf: {},
        device: {},
        outcome,
        costUsd: undefined,
        tokens: undefined,
        correlation: {},
      });
    }
    return makeEvent({ id: `0b7c6f0e-8a43-4c4e-9a77-${String(index).padStart(12, "0")}`, type, severity: EVENT_CATALOG[type].severity, outcome });
  });
}

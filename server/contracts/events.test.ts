import { describe, expect, it } from "vitest";
import {
  EVENT_CATALOG,
  EventBatchError,
  MAX_EVENTS_PER_BATCH,
  ZEvent,
  ZEventType,
  decodeUtf8Strict,
  describeEventType,
  parseDeviceEventBatch,
} from "./events";

const NOW = new Date("2026-03-01T12:00:00Z");

function event(overrides: Record<string, unknown> = {}) {
  return {
    key: "evt-1",
    time: "2026-03-01T11:59:00Z",
    type: "agent.tool_call",
    actor: { identityId: "aid_1", productSlug: "claude-code", productVersion: "2.1.197" },
    onBehalfOf: { personId: "p_1", userName: "alice@example.com" },
    device: { id: "dev_1", hostname: "alice-mbp" },
    intent: "Bash",
    target: "/repos/payments",
    params: { command: "npm test" },
    outcome: "allowed",
    ...overrides,
  };
}

describe("event catalog", () => {
  it("documents every type with a description, category and severity", () => {
    for (const [type, entry] of Object.entries(EVENT_CATALOG)) {
      expect(type).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(entry.description.length).toBeGreaterThan(10);
      expect(entry.title.length).toBeGreaterThan(2);
    }
    expect(Object.keys(EVENT_CATALOG)).toEqual(
      expect.arrayContaining(["device.enrolled", "revocation.stopped", "agent.model_request", "scim.user_deactivated", "enroller.events_dropped"]),
    );
  });

  it("accepts custom.* types and refuses unknown ones", () => {
    expect(ZEventType.parse("custom.deploy_approved")).toBe("custom.deploy_approved");
    expect(describeEventType("custom.deploy_approved").category).toBe("custom");
    expect(ZEventType.safeParse("agent.teleported").success).toBe(false);
    expect(ZEventType.safeParse("custom.").success).toBe(false);
    expect(ZEventType.safeParse("custom.UPPER").success).toBe(false);
  });
});

describe("parseDeviceEventBatch", () => {
  it("keeps the good events and reports each bad one by key with a reason", () => {
    const result = parseDeviceEventBatch({
      now: NOW,
      events: [
        event({ key: "good-1" }),
        event({ key: "unknown-type", type: "agent.teleported" }),
        event({ key: "future", time: "2026-03-01T12:06:00Z" }),
        event({ key: "ancient", time: "2026-01-01T00:00:00Z" }),
        event({ key: "no-time", time: undefined }),
        event({ key: "surrogate", target: "abc\ud800def" }),
        event({ key: "nul", intent: "a\u0000b" }),
        event({ key: "big-params", params: { blob: "x".repeat(17 * 1024) } }),
        { type: "agent.tool_call" },
        event({ key: "good-2", type: "custom.thing", outcome: undefined }),
        event({ key: "good-1" }),
      ],
    });
    expect(result.valid.map((e) => e.key)).toEqual(["good-1", "good-2"]);
    const reasons = Object.fromEntries(result.rejected.map((r) => [r.key, r.reason]));
    expect(Object.keys(reasons)).toEqual(["unknown-type", "future", "ancient", "no-time", "surrogate", "nul", "big-params", "#8", "good-1"]);
    expect(reasons["unknown-type"]).toMatch(/type/);
    expect(reasons.future).toMatch(/future/);
    expect(reasons.ancient).toMatch(/30 days/);
    expect(reasons["no-time"]).toMatch(/time/);
    expect(reasons.surrogate).toMatch(/UTF-8/);
    expect(reasons.nul).toMatch(/NUL/);
    expect(reasons["big-params"]).toMatch(/16384/);
    expect(reasons["good-1"]).toMatch(/duplicate/);
  });

  it("fills defaults a device may omit", () => {
    const { valid } = parseDeviceEventBatch({ now: NOW, events: [{ key: "k", time: "2026-03-01T11:00:00+01:00", type: "device.enrolled" }] });
    expect(valid[0]).toMatchObject({ outcome: "unknown", actor: {}, onBehalfOf: {}, device: {}, correlation: {} });
  });

  it("refuses fields it does not know instead of silently dropping them", () => {
    const { rejected } = parseDeviceEventBatch({ now: NOW, events: [event({ tenantId: "t_other" })] });
    expect(rejected[0].reason).toMatch(/tenantId/);
  });

  it("refuses batches that are not arrays or are too large", () => {
    expect(() => parseDeviceEventBatch({ events: { key: "x" } })).toThrow(EventBatchError);
    expect(() => parseDeviceEventBatch({ events: Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => event()) })).toThrow(/at most 1000/);
  });
});

describe("ZEvent", () => {
  it("requires the server-side fields", () => {
    const stored = {
      ...event(),
      id: "0b7c6f0e-8a43-4c4e-9a77-3f1f3c1f4f10",
      tenantId: "t_1",
      receivedAt: "2026-03-01T12:00:00Z",
      severity: "info",
    };
    expect(ZEvent.parse(stored).actor.productSlug).toBe("claude-code");
    expect(ZEvent.safeParse({ ...stored, tenantId: undefined }).success).toBe(false);
  });
});

describe("decodeUtf8Strict", () => {
  it("refuses invalid UTF-8 instead of replacing it", () => {
    expect(decodeUtf8Strict(new TextEncoder().encode("héllo"))).toBe("héllo");
    expect(() => decodeUtf8Strict(new Uint8Array([0x68, 0xc3, 0x28]))).toThrow();
  });
});

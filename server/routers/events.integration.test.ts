/** The events and event-sinks routers through the real procedures and the REST edge. */
import { afterAll, describe, expect, it } from "vitest";
import { addMember, callerAs, createTestTenant } from "@/test/support/tenants";
import { recordEvents } from "@/server/modules/events/record-events";
import { createApiKey } from "@/server/modules/api-keys/create-api-key";
import { handleRestRequest } from "@/server/http/rest-api";
import { startHttpServer } from "@/server/modules/events/transports/loopback-servers";

const SECRET = "whsec-router-test-0123456789";
const now = () => new Date().toISOString();

function rest(method: string, path: string, key: string, body?: unknown) {
  return handleRestRequest(
    new Request(`http://localhost/api/v1${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined }),
  );
}

describe("events + event-sinks routers", () => {
  const receivers: { close: () => Promise<void> }[] = [];
  afterAll(async () => {
    for (const r of receivers) await r.close();
  });

  it("searches with the query bar, and a member of another tenant gets NOT_FOUND", async () => {
    const a = await createTestTenant("RA");
    const b = await createTestTenant("RB");
    const { ids } = await recordEvents({
      scope: a.scope,
      events: [
        { key: "q1", type: "agent.tool_call", intent: "Bash", outcome: "denied", device: { hostname: "alice-mbp" }, time: now() },
        { key: "q2", type: "agent.model_request", target: "claude-sonnet", outcome: "success", time: now() },
      ],
    });
    const owner = callerAs(a.owner);
    const denied = await owner.events.search({ tenantSlug: a.scope.tenantSlug, query: "outcome:denied host:alice-mbp" });
    expect(denied.events.map((e) => e.key)).toEqual(["q1"]);
    await expect(owner.events.search({ tenantSlug: a.scope.tenantSlug, query: "colour:blue" })).rejects.toThrow(/unknown field "colour"/);

    const outsider = callerAs(b.owner);
    await expect(outsider.events.search({ tenantSlug: a.scope.tenantSlug })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(outsider.events.get({ tenantSlug: b.scope.tenantSlug, id: ids.q1! })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(outsider.eventSinks.list({ tenantSlug: a.scope.tenantSlug })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lets an auditor read but not change sinks or saved searches", async () => {
    const { scope } = await createTestTenant("Aud");
    const auditor = callerAs(await addMember({ tenantId: scope.tenantId, role: "auditor" }));
    expect(await auditor.eventSinks.list({ tenantSlug: scope.tenantSlug })).toEqual([]);
    await expect(
      auditor.eventSinks.create({ tenantSlug: scope.tenantSlug, name: "x", format: "ecs", transport: "webhook", config: { url: "http://127.0.0.1:9/x" }, secret: SECRET }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(auditor.events.saveSearch({ tenantSlug: scope.tenantSlug, name: "mine", query: { text: "type:quota.hit" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("manages a sink over REST: create (secret never echoed), test, replay, and a cross-tenant id is NOT_FOUND", async () => {
    const { scope } = await createTestTenant("RestSink");
    const other = await createTestTenant("RestOther");
    const receiver = await startHttpServer(() => ({ status: 200 }));
    receivers.push(receiver);
    const key = await createApiKey({ scope, name: "soc", keyScope: "admin" });
    const created = await rest("POST", "/event-sinks", key.key, { name: "splunk", format: "ocsf", transport: "splunk_hec", config: { url: receiver.url }, secret: "hec-token-1" });
    expect(created.status).toBe(200);
    const sink = (await created.json()) as { id: string; hasSecret: boolean; backlog: number };
    expect(sink.hasSecret).toBe(true);
    expect(JSON.stringify(sink)).not.toContain("hec-token-1");

    const test = (await (await rest("POST", `/event-sinks/${sink.id}/test`, key.key, {})).json()) as { ok: boolean };
    expect(test.ok).toBe(true);
    expect(receiver.received[0]!.headers.authorization).toBe("Splunk hec-token-1");

    const bad = await rest("POST", "/event-sinks", key.key, { name: "bad", format: "ocsf", transport: "syslog", config: { host: "127.0.0.1", port: 70000 } });
    expect(bad.status).toBe(400);

    const replay = await rest("POST", `/event-sinks/${sink.id}/replay`, key.key, { from: new Date(Date.now() - 3600_000).toISOString(), to: now() });
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as { status: string }).status).toBe("queued");

    const otherKey = await createApiKey({ scope: other.scope, name: "x", keyScope: "admin" });
    expect((await rest("GET", `/event-sinks/${sink.id}`, otherKey.key)).status).toBe(404);
    expect((await rest("DELETE", `/event-sinks/${sink.id}`, otherKey.key)).status).toBe(404);

    await recordEvents({ scope, events: [{ key: "r1", type: "quota.hit", time: now() }] });
    const search = await rest("POST", "/events/search", key.key, { filter: { types: ["quota.hit"] } });
    expect(((await search.json()) as { events: { key: string }[] }).events.map((e) => e.key)).toEqual(["r1"]);
    expect(((await (await rest("POST", "/events/search", otherKey.key, {})).json()) as { events: unknown[] }).events).toEqual([]);
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { createTestTenant } from "@/test/support/tenants";
import { recordEvents, type TEventDraft } from "./record-events";
import { ingestDeviceEvents } from "./ingest-device-events";
import { queryEvents, getEvent, getEventHistogram } from "./query-events";
import { exportEvents } from "./export-events";
import { applyEventRetention } from "./apply-event-retention";
import { createEventSink, getEventSink, listSinkDeadLetters, replayDeadLetter, createSinkReplay, listSinkReplays } from "./sinks/manage-event-sinks";
import { deliverSinkBacklog } from "./sinks/deliver-sink-batch";
import { runSinkReplay } from "./sinks/run-sink-replay";
import { startHttpServer, type TReply } from "./transports/loopback-servers";
import { verifyWebhookSignature } from "./transports/verify-webhook-signature";
import { forTenant } from "@/server/db";
import { listEventPartitions } from "@/server/db/events";

const SECRET = "whsec-test-0123456789abcdef";
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function toolCall(key: string, extra: Record<string, unknown> = {}): TEventDraft {
  return { key, time: minutesAgo(5), type: "agent.tool_call", intent: "Bash", target: "/repo/app", outcome: "allowed", ...extra } as TEventDraft;
}

/** A receiver that de-duplicates on the event id, as the delivery guarantee asks receivers to. */
async function webhookReceiver(answer: () => TReply = () => ({ status: 200 })) {
  const acknowledged: string[] = [];
  const server = await startHttpServer((request) => {
    const reply = answer();
    if (reply !== "hang" && reply.status === 200 && request.body) {
      const body = JSON.parse(request.body) as { events: ({ event?: { id: string } } | string)[] };
      for (const e of body.events) if (typeof e === "object" && e.event) acknowledged.push(e.event.id);
    }
    return reply;
  });
  return { ...server, acknowledged };
}

describe("event pipeline", () => {
  const servers: { close: () => Promise<void> }[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it("records events once per key, redacts secrets, and finds them by any field", async () => {
    const { scope } = await createTestTenant("Rec");
    const first = await recordEvents({
      scope,
      events: [
        toolCall("k1", { params: { command: "curl -H 'Authorization: Bearer sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789'", api_key: "hunter2hunter2" }, device: { id: "dev-1", hostname: "alice-mbp" } }),
        toolCall("k2", { outcome: "denied", onBehalfOf: { userName: "bob@example.com" } }),
      ],
    });
    expect(first).toMatchObject({ inserted: 2, duplicates: 0 });
    // A retry resends the same events (same key and time): nothing is stored twice.
    const sameTime = (await queryEvents({ scope, filter: {} })).events.map((e) => ({ key: e.key, time: e.time }));
    const retry = await recordEvents({ scope, events: sameTime.map((e) => toolCall(e.key, { time: e.time })) });
    expect(retry).toMatchObject({ inserted: 0, duplicates: 2 });

    const all = await queryEvents({ scope, filter: {} });
    expect(all.events.map((e) => e.key).sort()).toEqual(["k1", "k2"]);
    const k1 = all.events.find((e) => e.key === "k1")!;
    expect(JSON.stringify(k1.params)).not.toContain("sk-ant-api03");
    expect(JSON.stringify(k1.params)).not.toContain("hunter2");

    expect((await queryEvents({ scope, filter: { outcomes: ["denied"] } })).events.map((e) => e.key)).toEqual(["k2"]);
    expect((await queryEvents({ scope, filter: { hostname: "alice-mbp" } })).events.map((e) => e.key)).toEqual(["k1"]);
    expect((await queryEvents({ scope, filter: { text: "bob@" } })).events.map((e) => e.key)).toEqual(["k2"]);
    expect((await queryEvents({ scope, filter: { types: ["quota.hit"] } })).events).toEqual([]);
    expect((await getEvent({ scope, id: k1.id })).key).toBe("k1");
    const histogram = await getEventHistogram({ scope, filter: { from: minutesAgo(60), to: new Date().toISOString() } });
    expect(histogram.points.reduce((n, p) => n + p.total, 0)).toBe(2);
  });

  it("refuses a call with an invalid event and stores none of it", async () => {
    const { scope } = await createTestTenant("Bad");
    await expect(recordEvents({ scope, events: [toolCall("ok"), { key: "x", type: "not.a.type" as "custom.x", time: minutesAgo(1) }] })).rejects.toThrow(/type/);
    expect((await queryEvents({ scope, filter: {} })).events).toEqual([]);
  });

  it("keeps the good events of a device batch and says which were refused", async () => {
    const { scope } = await createTestTenant("Dev");
    const result = await ingestDeviceEvents({
      tenantId: scope.tenantId,
      device: { id: "dev-real", hostname: "real-host" },
      events: [
        toolCall("good-1", { device: { id: "someone-else" } }),
        { key: "bad-type", time: minutesAgo(1), type: "made.up" },
        { key: "future", time: new Date(Date.now() + 3600_000).toISOString(), type: "agent.tool_call" },
        { key: "no-time", type: "agent.tool_call" },
        toolCall("good-2"),
      ],
    });
    expect(result.accepted).toEqual(["good-1", "good-2"]);
    expect(result.rejected.map((r) => r.key)).toEqual(["bad-type", "future", "no-time"]);
    expect(result.rejected[1]!.reason).toMatch(/future/);
    const stored = await queryEvents({ scope, filter: {} });
    expect(stored.events.every((e) => e.device.id === "dev-real" && e.device.hostname === "real-host")).toBe(true);
    await expect(ingestDeviceEvents({ tenantId: scope.tenantId, device: { id: "d" }, events: Array.from({ length: 1001 }, (_, i) => toolCall(`k${i}`)) })).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("never shows one tenant's events to another", async () => {
    const a = await createTestTenant("IsoA");
    const b = await createTestTenant("IsoB");
    const { ids } = await recordEvents({ scope: a.scope, events: [toolCall("secret-a")] });
    expect((await queryEvents({ scope: b.scope, filter: {} })).events).toEqual([]);
    await expect(getEvent({ scope: b.scope, id: ids["secret-a"]! })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("exports CSV with formula cells neutralised and NDJSON that parses back", async () => {
    const { scope } = await createTestTenant("Exp");
    await recordEvents({ scope, events: [toolCall("e1", { intent: "=HYPERLINK(\"http://x\")", target: "a,b" }), toolCall("e2")] });
    let csv = "";
    for await (const chunk of exportEvents({ scope, filter: {}, format: "csv", pageSize: 1 })) csv += chunk.text;
    const lines = csv.trim().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain(`"a,b"`);
    let ndjson = "";
    for await (const chunk of exportEvents({ scope, filter: {}, format: "ndjson" })) ndjson += chunk.text;
    expect(ndjson.trim().split("\n").map((l) => JSON.parse(l).key).sort()).toEqual(["e1", "e2"]);
  });

  it("delivers to a webhook sink exactly once per event, late events included, and keeps a backlog while the sink fails", async () => {
    const { scope } = await createTestTenant("Sink");
    let mode: "ok" | "down" = "ok";
    const receiver = await webhookReceiver(() => (mode === "ok" ? { status: 200 } : { status: 500, body: "boom" }));
    servers.push(receiver);
    const sink = await createEventSink({ scope, input: { name: "soc", format: "ecs", transport: "webhook", config: { url: `${receiver.url}/hook` }, secret: SECRET } });
    expect(sink).toMatchObject({ hasSecret: true, backlog: 0 });
    expect(JSON.stringify(sink)).not.toContain(SECRET);

    await recordEvents({ scope, events: Array.from({ length: 7 }, (_, i) => toolCall(`s${i}`)) });
    const run1 = await deliverSinkBacklog({ sinkId: sink.id, batchSize: 3 });
    expect(run1.delivered).toBe(7);
    expect(verifyWebhookSignature({ header: receiver.received[0]!.headers["x-marshal-signature"] as string, body: receiver.received[0]!.body, secrets: [SECRET] }).ok).toBe(true);

    // A late event (its time is older than everything delivered) still goes out.
    mode = "down";
    await recordEvents({ scope, events: [toolCall("late", { time: minutesAgo(600) }), toolCall("s7")] });
    const failing = await deliverSinkBacklog({ sinkId: sink.id });
    expect(failing.outcome.status).toBe("retrying");
    const during = await getEventSink({ scope, id: sink.id });
    expect(during).toMatchObject({ status: "retrying", backlog: 2 });
    expect(during.lastError).toMatch(/500/);

    mode = "ok";
    const recovered = await deliverSinkBacklog({ sinkId: sink.id });
    expect(recovered.delivered).toBe(2);
    expect((await getEventSink({ scope, id: sink.id })).backlog).toBe(0);
    const stored = (await queryEvents({ scope, filter: {} })).events.map((e) => e.id).sort();
    // Requests answered 500 are not acknowledgements; what the receiver acknowledged is every event, once.
    expect([...receiver.acknowledged].sort()).toEqual(stored);
    expect(receiver.received.length).toBe(5); // 3 + 3 + 1 acknowledged batches, 1 refused, 1 recovered
  });

  it("dead-letters a batch the receiver refuses for good, moves on, and can re-send it", async () => {
    const { scope } = await createTestTenant("Dead");
    let refuse = true;
    const receiver = await webhookReceiver(() => (refuse ? { status: 400, body: "bad data" } : { status: 200 }));
    servers.push(receiver);
    const sink = await createEventSink({ scope, input: { name: "dl", format: "ocsf", transport: "webhook", config: { url: receiver.url }, secret: SECRET } });
    await recordEvents({ scope, events: [toolCall("d1"), toolCall("d2")] });
    const out = await deliverSinkBacklog({ sinkId: sink.id });
    expect(out.outcome.status).toBe("idle");
    const dead = await listSinkDeadLetters({ scope, sinkId: sink.id });
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ eventCount: 2, replayedAt: null });
    expect((await getEventSink({ scope, id: sink.id })).backlog).toBe(0);
    refuse = false;
    const replay = await replayDeadLetter({ scope, id: dead[0]!.id });
    expect(replay).toMatchObject({ ok: true, sent: 2 });
    expect((await listSinkDeadLetters({ scope, sinkId: sink.id }))[0]!.replayedAt).not.toBeNull();
  });

  it("pauses a sink whose token is refused, and replays a time range on request", async () => {
    const { scope } = await createTestTenant("Pause");
    let status = 401;
    const receiver = await webhookReceiver(() => ({ status }));
    servers.push(receiver);
    const sink = await createEventSink({ scope, input: { name: "p", format: "cef", transport: "webhook", config: { url: receiver.url }, secret: SECRET } });
    await recordEvents({ scope, events: [toolCall("p1"), toolCall("p2", { time: minutesAgo(30) })] });
    expect((await deliverSinkBacklog({ sinkId: sink.id })).outcome.status).toBe("paused");
    expect(await getEventSink({ scope, id: sink.id })).toMatchObject({ status: "paused", backlog: 2 });
    status = 200;
    const replay = await createSinkReplay({ scope, sinkId: sink.id, from: minutesAgo(60), to: new Date().toISOString() });
    expect(await runSinkReplay({ replayId: replay.id, batchSize: 1 })).toMatchObject({ status: "done", sent: 2 });
    expect((await listSinkReplays({ scope, sinkId: sink.id }))[0]).toMatchObject({ status: "done", sentCount: 2 });
    await expect(createSinkReplay({ scope, sinkId: sink.id, from: minutesAgo(1), to: minutesAgo(2) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("rejects a sink with a bad URL or a short secret and stores nothing", async () => {
    const { scope } = await createTestTenant("BadSink");
    await expect(createEventSink({ scope, input: { name: "x", format: "ecs", transport: "webhook", config: { url: "ftp://x" }, secret: SECRET } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(createEventSink({ scope, input: { name: "x", format: "ecs", transport: "webhook", config: { url: "http://127.0.0.1:1" }, secret: "short" } })).rejects.toThrow(/16 characters/);
    await expect(createEventSink({ scope, input: { name: "x", format: "xml", transport: "syslog", config: { host: "h", port: 514 } } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await forTenant(scope.tenantId).eventSink.count()).toBe(0);
  });

  it("applies retention: shorter tenant retention deletes by tenant, old partitions are dropped", async () => {
    const shortT = await createTestTenant("Short");
    const longT = await createTestTenant("Long");
    await forTenant(shortT.scope.tenantId).tenant.update({ where: { id: shortT.scope.tenantId }, data: { settings: { eventRetentionDays: 1 } } });
    const threeDaysAgo = new Date(Date.now() - 3 * 86400_000).toISOString();
    await recordEvents({ scope: shortT.scope, events: [toolCall("old", { time: threeDaysAgo }), toolCall("new")] });
    await recordEvents({ scope: longT.scope, events: [toolCall("old", { time: threeDaysAgo })] });
    // A partition far in the past (older than any retention) holding a row.
    const ancient = new Date(Date.now() - 4000 * 86400_000);
    await recordEvents({ scope: longT.scope, events: [toolCall("ancient", { time: ancient.toISOString() })] });
    const result = await applyEventRetention({});
    expect(result.deletedRows).toBeGreaterThanOrEqual(1);
    expect((await queryEvents({ scope: shortT.scope, filter: {} })).events.map((e) => e.key)).toEqual(["new"]);
    expect((await queryEvents({ scope: longT.scope, filter: {} })).events.map((e) => e.key)).toEqual(["old"]);
    expect((await listEventPartitions()).some((p) => p.from.getTime() <= ancient.getTime() && ancient.getTime() < p.to.getTime())).toBe(false);
  });
});

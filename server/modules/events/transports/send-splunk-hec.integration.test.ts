import { afterEach, describe, expect, it } from "vitest";
import { makeEvent } from "../formats/event-fixtures";
import { toOcsf } from "../formats/to-ocsf";
import { closedPort, startHttpServer, type TReceivedRequest } from "./loopback-servers";
import { hecEventFor, sendSplunkHec } from "./send-splunk-hec";

const TOKEN = "7f6e5d4c-0000-4000-8000-123456789abc";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Answers like a HEC endpoint: token check, one JSON event per line, each needs `event`. */
function hecLike(request: TReceivedRequest) {
  if (request.path !== "/services/collector/event") return { status: 404, body: '{"text":"The requested URL was not found on this server.","code":404}' };
  if (request.headers.authorization !== `Splunk ${TOKEN}`) return { status: 403, body: '{"text":"Invalid token","code":4}' };
  const lines = request.body.split("\n");
  if (lines.some((line) => !("event" in JSON.parse(line)))) return { status: 400, body: '{"text":"Event field is required","code":12}' };
  return { status: 200, body: '{"text":"Success","code":0}' };
}

async function server(reply: Parameters<typeof startHttpServer>[0]) {
  const s = await startHttpServer(reply);
  cleanups.push(s.close);
  return s;
}

describe("sendSplunkHec", () => {
  it("posts newline-joined HEC events with the Splunk authorization scheme", async () => {
    const s = await server(hecLike);
    const events = [makeEvent(), makeEvent({ id: "0b7c6f0e-8a43-4c4e-9a77-3f1f3c1f4f11", device: { hostname: "bob-pc" } })].map((event) =>
      hecEventFor({ event, payload: toOcsf({ event }), sourcetype: "ocsf:api_activity", index: "agents" }),
    );
    expect(await sendSplunkHec({ url: s.url, token: TOKEN, events })).toEqual({ ok: true, status: 200 });
    const lines = s.received[0].body.split("\n").map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ time: 1772366340.25, host: "alice-mbp.corp.example.com", source: "marshal", sourcetype: "ocsf:api_activity", index: "agents", fields: { tenant_id: "t_acme" } });
    expect(lines[0].event.class_uid).toBe(6003);
    expect(lines[1].host).toBe("bob-pc");
  });

  it("accepts the full endpoint URL too", async () => {
    const s = await server(hecLike);
    expect(await sendSplunkHec({ url: `${s.url}/services/collector/event`, token: TOKEN, events: [{ event: "hello" }] })).toMatchObject({ ok: true });
  });

  it("treats a bad token as final and a busy server as retryable", async () => {
    const s = await server(hecLike);
    expect(await sendSplunkHec({ url: s.url, token: "wrong-token", events: [{ event: "x" }] })).toMatchObject({
      ok: false,
      error: { kind: "http", status: 403, retryable: false, message: expect.stringMatching(/Invalid token/) },
    });
    const busy = await server(() => ({ status: 503, body: '{"text":"Server is busy","code":9}' }));
    expect(await sendSplunkHec({ url: busy.url, token: TOKEN, events: [{ event: "x" }] })).toMatchObject({ ok: false, error: { status: 503, retryable: true } });
    const internal = await server(() => ({ status: 500, body: '{"text":"Internal server error","code":8}' }));
    expect(await sendSplunkHec({ url: internal.url, token: TOKEN, events: [{ event: "x" }] })).toMatchObject({ ok: false, error: { retryable: true } });
  });

  it("reports a refused connection as retryable and refuses bad input locally", async () => {
    const port = await closedPort();
    expect(await sendSplunkHec({ url: `http://127.0.0.1:${port}`, token: TOKEN, events: [{ event: "x" }] })).toMatchObject({ ok: false, error: { kind: "network", retryable: true } });
    const s = await server(hecLike);
    expect(await sendSplunkHec({ url: s.url, token: TOKEN, events: [] })).toMatchObject({ ok: false, error: { kind: "invalid_input" } });
    expect(await sendSplunkHec({ url: s.url, token: TOKEN, events: [{ event: "" }] })).toMatchObject({ ok: false, error: { kind: "invalid_input" } });
    expect(await sendSplunkHec({ url: s.url, token: "", events: [{ event: "x" }] })).toMatchObject({ ok: false, error: { kind: "invalid_input" } });
    expect(s.received).toHaveLength(0);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { closedPort, startHttpServer } from "./loopback-servers";
import { sendWebhook } from "./send-webhook";
import { WEBHOOK_SIGNATURE_HEADER } from "./sign-webhook-body";
import { verifyWebhookSignature } from "./verify-webhook-signature";

const SECRET = "whsec_0123456789abcdef";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function server(reply: Parameters<typeof startHttpServer>[0]) {
  const s = await startHttpServer(reply);
  cleanups.push(s.close);
  return s;
}

describe("sendWebhook", () => {
  it("delivers the JSON body with a signature the receiver can verify", async () => {
    const s = await server(() => ({ status: 204 }));
    const body = { events: [{ id: "e1", type: "agent.tool_call", note: "ünïcode ✓" }] };
    const result = await sendWebhook({ url: `${s.url}/hooks/marshal`, secret: SECRET, body, headers: { "idempotency-key": "batch-1" } });
    expect(result).toEqual({ ok: true, status: 204 });
    const [request] = s.received;
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/hooks/marshal");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["idempotency-key"]).toBe("batch-1");
    expect(JSON.parse(request.body)).toEqual(body);
    const header = request.headers[WEBHOOK_SIGNATURE_HEADER] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ header, body: request.body, secrets: [SECRET] })).toMatchObject({ ok: true });
    expect(verifyWebhookSignature({ header, body: request.body.replace("e1", "e2"), secrets: [SECRET] })).toEqual({ ok: false, reason: "no signature matches" });
  });

  it("reports 5xx and 429 as retryable, other 4xx as final", async () => {
    const statuses = [503, 429, 400, 401];
    const s = await server(() => {
      const status = statuses.shift()!;
      return { status, body: `{"error":"status ${status}"}`, headers: status === 429 ? { "retry-after": "30" } : undefined };
    });
    const send = () => sendWebhook({ url: s.url, secret: SECRET, body: "{}" });
    expect(await send()).toMatchObject({ ok: false, error: { kind: "http", status: 503, retryable: true } });
    expect(await send()).toMatchObject({ ok: false, error: { kind: "http", status: 429, retryable: true, retryAfterSeconds: 30 } });
    expect(await send()).toMatchObject({ ok: false, error: { kind: "http", status: 400, retryable: false } });
    expect(await send()).toMatchObject({ ok: false, error: { kind: "http", status: 401, retryable: false } });
  });

  it("reports a refused connection and a silent server as retryable", async () => {
    const port = await closedPort();
    expect(await sendWebhook({ url: `http://127.0.0.1:${port}/`, secret: SECRET, body: {} })).toMatchObject({
      ok: false,
      error: { kind: "network", retryable: true, message: expect.stringMatching(/ECONNREFUSED/) },
    });
    const s = await server(() => "hang");
    expect(await sendWebhook({ url: s.url, secret: SECRET, body: {}, timeoutMs: 300 })).toMatchObject({ ok: false, error: { kind: "timeout", retryable: true } });
  });

  it("refuses bad settings without sending anything", async () => {
    const s = await server(() => ({ status: 200 }));
    expect(await sendWebhook({ url: "ftp://example.com/x", secret: SECRET, body: {} })).toMatchObject({ ok: false, error: { kind: "invalid_input", retryable: false } });
    expect(await sendWebhook({ url: s.url, secret: "short", body: {} })).toMatchObject({ ok: false, error: { kind: "invalid_input", message: expect.stringMatching(/16 characters/) } });
    expect(await sendWebhook({ url: "not a url", secret: SECRET, body: {} })).toMatchObject({ ok: false, error: { kind: "invalid_input" } });
    expect(s.received).toHaveLength(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDefaultPriceTable, priceUsage } from "../../../server/contracts/pricing";
import type { TGatewayEvent } from "./gateway-types";
import { createQuotaEngine } from "./quota-engine";
import { REAL_KEYS, alicePrincipal, startTestGateway, type TestGateway } from "./test-support/start-test-gateway";

const table = loadDefaultPriceTable();
let t: TestGateway;
let token: string;

async function settled(count = 1): Promise<TGatewayEvent[]> {
  while (t.events.length < count) await new Promise((r) => setImmediate(r));
  return t.events;
}

function anthropicCall(body: Record<string, unknown>, headers: Record<string, string> = { "x-api-key": token }, path = "/v1/messages") {
  return fetch(`${t.gateway.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "anthropic-version": "2023-06-01", ...headers },
    body: JSON.stringify(body),
  });
}

function parseSse(text: string): Array<{ event: string | null; data: string }> {
  return text
    .split("\n\n")
    .filter((f) => f.trim() !== "")
    .map((f) => ({ event: /^event: (.*)$/m.exec(f)?.[1] ?? null, data: /^data: (.*)$/m.exec(f)?.[1] ?? "" }));
}

const claudeBody = { model: "claude-sonnet-4-5-20250929", max_tokens: 1000, messages: [{ role: "user", content: "say hi" }] };

describe("gateway: secret injection and metering", () => {
  beforeEach(async () => {
    t = await startTestGateway();
    token = await t.authority.issue({ principal: alicePrincipal });
  });
  afterEach(() => t.close());

  it("answers the liveness probe Claude Code sends before its first call, without calling upstream", async () => {
    const res = await fetch(`${t.gateway.url}/`, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(t.upstream.requests).toHaveLength(0);
  });

  it("forwards an Anthropic message with the tenant's real key and never the agent token", async () => {
    const res = await anthropicCall(claudeBody);
    expect(res.status).toBe(200);
    const json = (await res.json()) as { content: Array<{ text: string }>; usage: { input_tokens: number } };
    expect(json.content[0]!.text).toBe("hi");

    expect(t.upstream.requests).toHaveLength(1);
    const seen = t.upstream.requests[0]!;
    expect(seen.path).toBe("/v1/messages");
    expect(seen.headers["x-api-key"]).toBe(REAL_KEYS.anthropic);
    expect(seen.headers["anthropic-version"]).toBe("2023-06-01");
    expect(JSON.stringify(seen.headers)).not.toContain(token);
    expect(seen.body).toBe(JSON.stringify(claudeBody));

    const [event] = await settled();
    expect(event).toMatchObject({ provider: "anthropic", api: "anthropic.messages", model: claudeBody.model, outcome: "ok", status: 200, priceKnown: true });
    expect(event!.principal?.personId).toBe("alice");
    expect(event!.usage).toEqual({ inputTokens: 12, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 });
    expect(event!.costUsd).toBeCloseTo(12 * 3e-6 + 5 * 15e-6, 12);
    expect(JSON.stringify(event)).not.toContain("say hi");
  });

  it("accepts the agent token as a Bearer token (ANTHROPIC_AUTH_TOKEN) and keeps the query string", async () => {
    const res = await anthropicCall(claudeBody, { authorization: `Bearer ${token}` }, "/anthropic/v1/messages?beta=true");
    expect(res.status).toBe(200);
    const seen = t.upstream.requests[0]!;
    expect(seen.path).toBe("/v1/messages?beta=true");
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers["x-api-key"]).toBe(REAL_KEYS.anthropic);
  });

  it("streams Anthropic SSE through in order and meters input, cache and output tokens", async () => {
    t.upstream.setUsage({ inputTokens: 100, cacheReadTokens: 2000, cacheWriteTokens: 300, outputTokens: 42 });
    t.upstream.setReplyText("Hello from the stand-in upstream!");
    const res = await anthropicCall({ ...claudeBody, stream: true });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = parseSse(await res.text());
    expect(events.map((e) => e.event).filter((e) => e !== "content_block_delta")).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const text = events.filter((e) => e.event === "content_block_delta").map((e) => JSON.parse(e.data).delta.text).join("");
    expect(text).toBe("Hello from the stand-in upstream!");

    const [event] = await settled();
    expect(event!.stream).toBe(true);
    expect(event!.usage).toEqual({ inputTokens: 100, outputTokens: 42, cacheReadTokens: 2000, cacheWriteTokens: 300 });
    const expected = priceUsage({ table, provider: "anthropic", model: claudeBody.model, usage: event!.usage! });
    expect(event!.costUsd).toBe(expected.usd);
    expect(t.quota.usage({ scope: { kind: "businessUnit", id: "payments" } }).usdThisMonth).toBeCloseTo(expected.usd, 12);
  });

  it("asks OpenAI for streamed usage when the agent did not, and meters the chat stream", async () => {
    const res = await fetch(`${t.gateway.url}/openai/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ model: "gpt-4.1", stream: true, messages: [{ role: "user", content: "say hi" }] }),
    });
    const frames = parseSse(await res.text());
    expect(frames.at(-1)!.data).toBe("[DONE]");
    const seen = t.upstream.requests[0]!;
    expect(JSON.parse(seen.body).stream_options).toEqual({ include_usage: true });
    expect(seen.headers.authorization).toBe(`Bearer ${REAL_KEYS.openai}`);
    const [event] = await settled();
    expect(event).toMatchObject({ api: "openai.chat_completions", outcome: "ok", usage: { inputTokens: 12, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 } });
  });

  it("meters the OpenAI Responses stream from response.completed, cached input counted apart", async () => {
    t.upstream.setUsage({ inputTokens: 50, cacheReadTokens: 950, outputTokens: 7 });
    const res = await fetch(`${t.gateway.url}/openai/v1/responses`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ model: "gpt-5.1-codex", stream: true, input: "say hi" }),
    });
    const frames = parseSse(await res.text());
    expect(frames.at(-1)!.event).toBe("response.completed");
    const [event] = await settled();
    expect(event!.usage).toEqual({ inputTokens: 50, outputTokens: 7, cacheReadTokens: 950, cacheWriteTokens: 0 });
    expect(event!.costUsd).toBeCloseTo(50 * 1.25e-6 + 950 * 0.125e-6 + 7 * 10e-6, 12);
  });

  it("takes a Gemini agent key from x-goog-api-key or ?key= and forwards only the real key", async () => {
    const res = await fetch(`${t.gateway.url}/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key=${token}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "say hi" }] }] }),
    });
    expect(res.status).toBe(200);
    await res.text();
    const seen = t.upstream.requests[0]!;
    expect(seen.path).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    expect(seen.headers["x-goog-api-key"]).toBe(REAL_KEYS.gemini);
    const [event] = await settled();
    expect(event).toMatchObject({ provider: "gemini", model: "gemini-2.5-flash", stream: true, usage: { inputTokens: 12, outputTokens: 5 } });

    const res2 = await fetch(`${t.gateway.url}/gemini/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-goog-api-key": token },
      body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "say hi" }] }] }),
    });
    expect(((await res2.json()) as { candidates: unknown[] }).candidates).toHaveLength(1);
    expect(t.upstream.requests[1]!.headers["x-goog-api-key"]).toBe(REAL_KEYS.gemini);
  });

  it("passes count_tokens and models through without holding quota", async () => {
    const res = await anthropicCall(claudeBody, { "x-api-key": token }, "/v1/messages/count_tokens");
    expect(await res.json()).toEqual({ input_tokens: 12 });
    const models = await fetch(`${t.gateway.url}/openai/v1/models`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await models.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
    await settled(2);
    expect(t.events.every((e) => e.reservedUsd === 0 && e.costUsd === 0)).toBe(true);
  });

  it("refuses endpoints that spend money without metering", async () => {
    const res = await anthropicCall({}, { "x-api-key": token }, "/v1/messages/batches");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { type: string }).type).toBe("error");
    expect(t.upstream.requests).toHaveLength(0);
  });

  it("prices an unknown model at the conservative rate and flags it", async () => {
    const res = await anthropicCall({ ...claudeBody, model: "claude-experimental-9" });
    expect(res.status).toBe(200);
    const [event] = await settled();
    expect(event!.priceKnown).toBe(false);
    expect(event!.costUsd).toBeCloseTo(12 * 15e-6 + 5 * 75e-6, 12);
  });
});

describe("gateway: bad agent tokens are refused before any upstream call", () => {
  beforeEach(async () => {
    t = await startTestGateway();
  });
  afterEach(() => t.close());

  const cases: Array<[string, () => Promise<Record<string, string>>]> = [
    ["no token", async () => ({})],
    ["an expired token", async () => ({ "x-api-key": await t.authority.issue({ principal: alicePrincipal, expiresInSeconds: -60 }) })],
    ["a forged token", async () => ({ "x-api-key": await t.authority.forge({ principal: alicePrincipal }) })],
    ["garbage", async () => ({ authorization: "Bearer not-a-jwt" })],
    ["the real vendor key itself", async () => ({ "x-api-key": REAL_KEYS.anthropic })],
  ];
  for (const [name, headers] of cases) {
    it(`401 for ${name}`, async () => {
      const res = await anthropicCall(claudeBody, await headers());
      expect(res.status).toBe(401);
      const body = (await res.json()) as { type: string; error: { type: string; message: string } };
      expect(body.type).toBe("error");
      expect(body.error.type).toBe("authentication_error");
      expect(body.error.message).toMatch(/agent token/);
      expect(t.upstream.requests).toHaveLength(0);
      expect(t.secretFetches).toHaveLength(0);
      const [event] = await settled();
      expect(event!.outcome).toBe("refused_auth");
    });
  }

  it("refuses a revoked identity on its very next call, in the OpenAI error shape for OpenAI routes", async () => {
    const tok = await t.authority.issue({ principal: alicePrincipal });
    const call = () =>
      fetch(`${t.gateway.url}/openai/v1/responses`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${tok}` },
        body: JSON.stringify({ model: "gpt-5", input: "hi" }),
      });
    expect((await call()).status).toBe(200);
    t.authority.revoke({ identityId: alicePrincipal.identityId });
    const res = await call();
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_api_key");
    expect(t.upstream.requests).toHaveLength(1);
  });

  it("refuses a malformed body with 400 and changes nothing", async () => {
    const tok = await t.authority.issue({ principal: alicePrincipal });
    const res = await fetch(`${t.gateway.url}/v1/messages`, { method: "POST", headers: { "x-api-key": tok, "content-type": "application/json" }, body: "{not json" });
    expect(res.status).toBe(400);
    expect(t.upstream.requests).toHaveLength(0);
    expect(t.quota.usage({ scope: { kind: "person", id: "alice" } })).toMatchObject({ concurrent: 0, heldUsd: 0 });
  });
});

describe("gateway: upstream failures", () => {
  beforeEach(async () => {
    t = await startTestGateway();
    token = await t.authority.issue({ principal: alicePrincipal });
  });
  afterEach(() => t.close());

  it("a drop mid-stream reaches the agent as a connection error and spend settles from what was received", async () => {
    t.upstream.setUsage({ inputTokens: 400, outputTokens: 999 });
    t.upstream.setReplyText("x".repeat(80)); // 20 deltas of 4 characters
    t.upstream.setBehavior({ kind: "dropMidStream", afterEvents: 8 }); // message_start, block start, ping, 5 deltas
    const res = await anthropicCall({ ...claudeBody, stream: true });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();

    const [event] = await settled();
    expect(event!.outcome).toBe("stream_interrupted");
    expect(event!.usageEstimated).toBe(true);
    // input from message_start; output: 5 deltas × 4 chars = 20 chars ≈ 5 tokens (the message_delta never came)
    expect(event!.usage).toMatchObject({ inputTokens: 400, outputTokens: 5 });
    const usage = t.quota.usage({ scope: { kind: "person", id: "alice" } });
    expect(usage).toMatchObject({ concurrent: 0, heldUsd: 0 });
    expect(usage.usdThisMonth).toBeCloseTo(400 * 3e-6 + 5 * 15e-6, 12);
  });

  it("passes a vendor 500 through and records no spend", async () => {
    t.upstream.setBehavior({ kind: "error500" });
    const res = await anthropicCall(claudeBody);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe("api_error");
    const [event] = await settled();
    expect(event).toMatchObject({ outcome: "upstream_error", costUsd: 0 });
    expect(t.quota.usage({ scope: { kind: "person", id: "alice" } })).toMatchObject({ usdThisMonth: 0, heldUsd: 0, concurrent: 0 });
  });

  it("answers 502 in the vendor's shape when the vendor cannot be reached", async () => {
    await t.upstream.close();
    const res = await fetch(`${t.gateway.url}/openai/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ model: "gpt-4.1", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("server_error");
    expect(body.error.message).toMatch(/unreachable/);
    expect(t.quota.usage({ scope: { kind: "person", id: "alice" } })).toMatchObject({ heldUsd: 0, concurrent: 0 });
  });
});

describe("gateway: quota holds under concurrency", () => {
  afterEach(() => t.close());

  it("100 concurrent calls against a budget that fits exactly 10: 10 reach the vendor, 90 get 429, spend stays within budget", async () => {
    // max cost of one call: prompt estimate (body bytes / 3) at the cache-write rate + max_tokens at the output rate
    const body = JSON.stringify(claudeBody);
    const { maxCostForRequest, estimateInputTokens } = await import("../../../server/contracts/pricing");
    const perCall = maxCostForRequest({ table, provider: "anthropic", model: claudeBody.model, maxOutputTokens: claudeBody.max_tokens, inputTokensEstimate: estimateInputTokens({ bodyBytes: Buffer.byteLength(body) }) });
    const budget = perCall.usd * 10;
    const quota = createQuotaEngine({ limits: [{ scope: { kind: "person", id: "alice" }, limits: { usdPerMonth: budget } }] });
    t = await startTestGateway({ quota });
    token = await t.authority.issue({ principal: alicePrincipal });
    t.upstream.setUsage({ inputTokens: 30, outputTokens: 1000 }); // each admitted call spends close to its maximum
    const release = t.upstream.hold(); // admitted calls stay in flight until every decision is made

    let answered = 0;
    const calls = Array.from({ length: 100 }, () =>
      anthropicCall(claudeBody).then((r) => {
        answered += 1;
        return r;
      }),
    );
    while (answered < 90) await new Promise((r) => setTimeout(r, 5)); // the 90 refusals come back while 10 are held
    expect(t.upstream.requests).toHaveLength(10);
    release();
    const responses = await Promise.all(calls);

    expect(responses.filter((r) => r.status === 200)).toHaveLength(10);
    const refused = responses.filter((r) => r.status === 429);
    expect(refused).toHaveLength(90);
    const sample = (await refused[0]!.json()) as { error: { type: string; message: string } };
    expect(sample.error.type).toBe("rate_limit_error");
    expect(sample.error.message).toMatch(/monthly budget of \$[\d.]+ for person "alice"/);
    expect(Number(refused[0]!.headers.get("retry-after"))).toBeGreaterThan(0);
    await Promise.all(responses.map((r) => r.text().catch(() => "")));

    await settled(100);
    expect(t.upstream.requests).toHaveLength(10);
    const spent = t.quota.usage({ scope: { kind: "person", id: "alice" } });
    expect(spent.heldUsd).toBe(0);
    expect(spent.usdThisMonth).toBeLessThanOrEqual(budget);
    expect(spent.usdThisMonth).toBeCloseTo(10 * (30 * 3e-6 + 1000 * 15e-6), 12);
    expect(t.events.filter((e) => e.outcome === "refused_quota")).toHaveLength(90);
  });

  it("answers an over-budget OpenAI call with insufficient_quota so the agent stops instead of retrying", async () => {
    const quota = createQuotaEngine({ limits: [{ scope: { kind: "project", id: "checkout" }, limits: { usdPerMonth: 0.01 } }] });
    t = await startTestGateway({ quota });
    token = await t.authority.issue({ principal: alicePrincipal });
    const res = await fetch(`${t.gateway.url}/openai/v1/responses`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ model: "gpt-5.1-codex", input: "hi" }), // no output limit: reserves the model's 128k max
    });
    expect(res.status).toBe(429);
    const body = (await res.json()) as { error: { type: string; code: string; message: string } };
    expect(body.error).toMatchObject({ type: "insufficient_quota", code: "insufficient_quota" });
    expect(body.error.message).toMatch(/project "checkout"/);
    expect(t.upstream.requests).toHaveLength(0);
  });
});

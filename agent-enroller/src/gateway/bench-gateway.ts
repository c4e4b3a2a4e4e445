/**
 * Gateway benchmark: added latency of the gateway over calling the stand-in upstream directly (non-streaming p50/p99
 * and streaming time-to-first-byte), in interleaved rounds so both paths see the same machine conditions, and the
 * quota engine's in-process decision time (reserve + settle).
 *
 * Run: `node --import tsx agent-enroller/src/gateway/bench-gateway.ts` (or call `benchGateway()` from bench/run.ts).
 * Targets (issue 8): p99 added ≤ 2 ms; quota decision p99 ≤ 100 µs.
 */
import http from "node:http";
import { createQuotaEngine } from "./quota-engine";
import { REAL_KEYS, alicePrincipal, startTestGateway } from "./test-support/start-test-gateway";

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post({ url, headers, body, untilFirstByte }: { url: string; headers: Record<string, string>; body: string; untilFirstByte: boolean }): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = http.request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers } }, (res) => {
      let first: bigint | null = null;
      res.on("data", () => {
        first ??= process.hrtime.bigint();
      });
      res.on("end", () => {
        const end = untilFirstByte && first !== null ? first : process.hrtime.bigint();
        resolve(Number(end - start) / 1e6);
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

export interface TGatewayBenchResult {
  nonStreaming: { directP50Ms: number; directP99Ms: number; gatewayP50Ms: number; gatewayP99Ms: number; addedP50Ms: number; addedP99Ms: number };
  streamingTtfb: { directP50Ms: number; directP99Ms: number; gatewayP50Ms: number; gatewayP99Ms: number; addedP50Ms: number; addedP99Ms: number };
  quotaDecision: { p50Us: number; p99Us: number };
}

export async function benchGateway({ rounds = 2000 }: { rounds?: number } = {}): Promise<TGatewayBenchResult> {
  const t = await startTestGateway();
  try {
    const token = await t.authority.issue({ principal: alicePrincipal, expiresInSeconds: 3600 });
    t.events.length = 0;
    const body = JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 256, messages: [{ role: "user", content: "say hi" }] });
    const streamBody = JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 256, stream: true, messages: [{ role: "user", content: "say hi" }] });
    const direct = { url: `${t.upstream.url}/anthropic/v1/messages`, headers: { "x-api-key": REAL_KEYS.anthropic } };
    const via = { url: `${t.gateway.url}/v1/messages`, headers: { "x-api-key": token } };

    const measure = async (untilFirstByte: boolean, b: string) => {
      const d: number[] = [];
      const g: number[] = [];
      for (let i = 0; i < 100; i++) {
        await post({ ...direct, body: b, untilFirstByte });
        await post({ ...via, body: b, untilFirstByte });
      }
      for (let i = 0; i < rounds; i++) {
        // interleave, alternating which path goes first
        if (i % 2 === 0) {
          d.push(await post({ ...direct, body: b, untilFirstByte }));
          g.push(await post({ ...via, body: b, untilFirstByte }));
        } else {
          g.push(await post({ ...via, body: b, untilFirstByte }));
          d.push(await post({ ...direct, body: b, untilFirstByte }));
        }
        if (t.events.length > 1000) t.events.length = 0;
        if (t.upstream.requests.length > 1000) t.upstream.requests.length = 0;
      }
      const r = { directP50Ms: pct(d, 50), directP99Ms: pct(d, 99), gatewayP50Ms: pct(g, 50), gatewayP99Ms: pct(g, 99) };
      return { ...r, addedP50Ms: r.gatewayP50Ms - r.directP50Ms, addedP99Ms: r.gatewayP99Ms - r.directP99Ms };
    };

    const nonStreaming = await measure(false, body);
    const streamingTtfb = await measure(true, streamBody);

    const engine = createQuotaEngine({
      limits: [
        { scope: { kind: "person", id: "alice" }, limits: { usdPerMonth: 1e9, tokensPerDay: 1e12, requestsPerMinute: 1_000_000, concurrentRequests: 1000 } },
        { scope: { kind: "businessUnit", id: "payments" }, limits: { usdPerMonth: 1e9 } },
      ],
    });
    const scopes = [
      { kind: "identity", id: "a" },
      { kind: "person", id: "alice" },
      { kind: "device", id: "d" },
      { kind: "project", id: "p" },
      { kind: "businessUnit", id: "payments" },
      { kind: "environment", id: "dev" },
    ] as const;
    const times: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      const s = process.hrtime.bigint();
      const r = engine.reserve({ scopes: [...scopes], maxUsd: 0.5, maxTokens: 4000 });
      if (r.ok) engine.settle({ reservation: r.reservation, actual: { usd: 0.01, tokens: 100 } });
      times.push(Number(process.hrtime.bigint() - s) / 1000);
    }
    return { nonStreaming, streamingTtfb, quotaDecision: { p50Us: pct(times, 50), p99Us: pct(times, 99) } };
  } finally {
    agent.destroy();
    await t.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchGateway();
  const f = (n: number) => n.toFixed(3);
  console.log(`gateway added latency, non-streaming: p50 ${f(r.nonStreaming.addedP50Ms)} ms, p99 ${f(r.nonStreaming.addedP99Ms)} ms (direct p50 ${f(r.nonStreaming.directP50Ms)} / p99 ${f(r.nonStreaming.directP99Ms)}; via gateway p50 ${f(r.nonStreaming.gatewayP50Ms)} / p99 ${f(r.nonStreaming.gatewayP99Ms)})`);
  console.log(`gateway added time-to-first-byte, streaming: p50 ${f(r.streamingTtfb.addedP50Ms)} ms, p99 ${f(r.streamingTtfb.addedP99Ms)} ms (direct p50 ${f(r.streamingTtfb.directP50Ms)} / p99 ${f(r.streamingTtfb.directP99Ms)}; via gateway p50 ${f(r.streamingTtfb.gatewayP50Ms)} / p99 ${f(r.streamingTtfb.gatewayP99Ms)})`);
  console.log(`quota decision (reserve + settle, 6 scopes): p50 ${f(r.quotaDecision.p50Us)} µs, p99 ${f(r.quotaDecision.p99Us)} µs`);
}

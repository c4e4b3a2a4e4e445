/**
 * The device gateway: an HTTP proxy on loopback that agents use as their model API.
 *
 * Per request: authenticate the agent by its short-lived agent token (never a vendor key), reserve the request's
 * maximum cost against every quota scope of the principal, fetch the tenant's real vendor credential just in time,
 * strip the agent's credential and inject the real one in the vendor's own header, forward, and pipe the response
 * back byte for byte as it arrives (no buffering) while a copy is parsed for token usage. The reservation is then
 * settled with the metered cost and one event is emitted (model, tokens, cost, latency, outcome; no content).
 *
 * Upstream is asked for an uncompressed response (`accept-encoding: identity`) so the copy can be metered; the
 * bytes the agent receives are exactly the bytes the vendor sent.
 */
import { randomUUID } from "node:crypto";
import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { estimateInputTokens, maxCostForRequest, priceUsage, type TModelProvider } from "../../../server/contracts/pricing";
import { scopesForPrincipal, type GatewayDeps, type TAgentPrincipal, type TGatewayEvent, type TGatewayOutcome } from "./gateway-types";
import { inspectRequest } from "./inspect-request";
import type { TQuotaRefusal, TQuotaReservation } from "./quota-engine";
import { routeRequest, type TRoute } from "./route-request";
import { sendProviderError, type TGatewayErrorKind } from "./send-provider-error";
import { createUsageMeter } from "./usage-meter";

export interface Gateway {
  url: string;
  close(): Promise<void>;
}

export interface TCreateGatewayOptions {
  port: number;
  host: "127.0.0.1" | "::1" | "localhost";
  upstreams: Record<TModelProvider, URL>;
  deps: GatewayDeps;
  /** Largest request body accepted (default 32 MiB). */
  maxRequestBytes?: number;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "proxy-connection"]);
/** Every header an agent may put its token in; none of them is ever forwarded. */
const AGENT_CREDENTIAL_HEADERS = new Set(["authorization", "x-api-key", "x-goog-api-key", "api-key"]);

/** Anthropic: `x-api-key` or `Authorization: Bearer` (ANTHROPIC_AUTH_TOKEN / apiKeyHelper); OpenAI: Bearer;
 * Gemini: `x-goog-api-key` or `?key=`. */
export function extractAgentToken({ req }: { req: IncomingMessage }): string | null {
  const auth = req.headers.authorization;
  if (typeof auth === "string") {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1]!;
  }
  for (const h of ["x-api-key", "x-goog-api-key"] as const) {
    const v = req.headers[h];
    if (typeof v === "string" && v.trim() !== "") return v.trim();
  }
  const key = new URL(req.url ?? "/", "http://gateway.invalid").searchParams.get("key");
  return key && key.trim() !== "" ? key.trim() : null;
}

function readBody({ req, limit }: { req: IncomingMessage; limit: number }): Promise<Buffer | "too_large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve(over ? "too_large" : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function upstreamHeaders({ req, secret, body }: { req: IncomingMessage; secret: { headerName: string; value: string }; body: Buffer }): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || AGENT_CREDENTIAL_HEADERS.has(name)) continue;
    if (name === "host" || name === "content-length" || name === "accept-encoding" || name === "expect") continue;
    out[name] = value;
  }
  out[secret.headerName.toLowerCase()] = secret.value;
  out["accept-encoding"] = "identity";
  if (req.method !== "GET" && req.method !== "HEAD") out["content-length"] = body.length;
  return out;
}

function responseHeaders({ upstream }: { upstream: IncomingMessage }): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = value;
  }
  return out;
}

function joinUpstream({ base, path }: { base: URL; path: string }): URL {
  const u = new URL(base.href);
  const [pathname, query] = path.split("?", 2) as [string, string | undefined];
  u.pathname = u.pathname.replace(/\/+$/, "") + pathname;
  u.search = query ? `?${query}` : "";
  return u;
}

export async function createGateway({ port, host, upstreams, deps, maxRequestBytes = 32 * 1024 * 1024 }: TCreateGatewayOptions): Promise<Gateway> {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256 });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const pathname = new URL(url, "http://gateway.invalid").pathname;

    // Liveness: Claude Code probes `HEAD <ANTHROPIC_BASE_URL>/` before its first call. No credential, no upstream.
    if ((method === "HEAD" || method === "GET") && (pathname === "/" || pathname === "/healthz")) {
      req.resume();
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(method === "HEAD" ? undefined : "marshal gateway\n");
      return;
    }

    const routed = routeRequest({ method, url });
    const provider: TModelProvider = routed.ok ? routed.route.provider : routed.provider;
    const route: TRoute | null = routed.ok ? routed.route : null;
    const event: TGatewayEvent = {
      type: "gateway.model_request",
      requestId: randomUUID(),
      at: new Date().toISOString(),
      provider,
      api: route?.api ?? null,
      method,
      path: pathname,
      model: route?.pathModel ?? null,
      stream: false,
      principal: null,
      status: 0,
      outcome: "ok",
      usage: null,
      usageEstimated: false,
      costUsd: 0,
      priceKnown: true,
      priceTableVersion: deps.priceTable.version,
      reservedUsd: 0,
      latencyMs: 0,
      ttfbMs: null,
      quotaRefusal: null,
      error: null,
    };
    const emit = (outcome: TGatewayOutcome, status: number, error: string | null = null) => {
      event.outcome = outcome;
      event.status = status;
      event.error = error;
      event.latencyMs = performance.now() - started;
      try {
        deps.emitEvent(event);
      } catch {
        // an event sink failure must not break the agent's call
      }
    };
    const refuse = (outcome: TGatewayOutcome, kind: TGatewayErrorKind, message: string, retryAfterSeconds?: number) => {
      req.resume();
      const status = sendProviderError({ res, provider, kind, message: `Marshal gateway: ${message}`, retryAfterSeconds });
      emit(outcome, status, message);
    };

    if (!route) return refuse("bad_request", "not_found", routed.ok ? "unknown endpoint" : routed.message);

    // 1. who is calling
    const token = extractAgentToken({ req });
    if (!token) return refuse("refused_auth", "auth", "no agent token presented (send the Marshal agent token as the API key)");
    let principal: TAgentPrincipal | null;
    try {
      principal = await deps.authenticate(token);
    } catch (err) {
      return refuse("refused_auth", "unavailable", `could not verify the agent token: ${(err as Error).message}`);
    }
    if (!principal) return refuse("refused_auth", "auth", "agent token is invalid, expired or revoked");
    event.principal = principal;

    // 2. what is asked
    const body = await readBody({ req, limit: maxRequestBytes });
    if (body === "too_large") return refuse("bad_request", "too_large", `request body exceeds ${maxRequestBytes} bytes`);
    const encoding = req.headers["content-encoding"];
    if (route.metered && encoding && encoding !== "identity") {
      return refuse("bad_request", "bad_request", `compressed request bodies (content-encoding: ${encoding}) cannot be metered; send them uncompressed`);
    }
    const inspected = inspectRequest({ route, body });
    if (!inspected.ok) return refuse("bad_request", "bad_request", inspected.message);
    const { model, stream, maxOutputTokens } = inspected.request;
    event.model = model;
    event.stream = stream;

    // 3. quota, before the call, for the most the call can cost
    let reservation: TQuotaReservation | null = null;
    if (route.metered) {
      const max = maxCostForRequest({
        table: deps.priceTable,
        provider,
        model: model ?? "",
        maxOutputTokens,
        inputTokensEstimate: estimateInputTokens({ bodyBytes: body.length }),
      });
      event.reservedUsd = max.usd;
      const decision = deps.quota.reserve({ scopes: scopesForPrincipal({ principal }), maxUsd: max.usd, maxTokens: max.maxTokens });
      if (!decision.ok) {
        const r: TQuotaRefusal = decision.refusal;
        event.quotaRefusal = { scope: r.scope, limit: r.limit, limitValue: r.limitValue };
        const kind: TGatewayErrorKind = r.limit === "usdPerMonth" || r.limit === "tokensPerDay" ? "budget" : "rate_limit";
        return refuse("refused_quota", kind, `quota exceeded: ${r.message}`, r.retryAfterSeconds);
      }
      reservation = decision.reservation;
    }
    let finished = false;
    const settle = (usage: TGatewayEvent["usage"], estimated: boolean) => {
      if (finished) return;
      finished = true;
      event.usage = usage;
      event.usageEstimated = estimated;
      if (usage && model) {
        const priced = priceUsage({ table: deps.priceTable, provider, model, usage });
        event.costUsd = priced.usd;
        event.priceKnown = priced.known;
      } else if (model) {
        event.priceKnown = priceUsage({ table: deps.priceTable, provider, model, usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 } }).known;
      }
      if (reservation) {
        const tokens = usage ? usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens : 0;
        deps.quota.settle({ reservation, actual: { usd: event.costUsd, tokens } });
      }
    };

    // 4. the real credential, just in time
    let secret: { headerName: string; value: string };
    try {
      secret = await deps.getProviderSecret({ provider, principal });
    } catch (err) {
      settle(null, false);
      return refuse("upstream_unreachable", "unavailable", `no ${provider} credential available: ${(err as Error).message}`);
    }

    // 5. forward and stream back
    const target = joinUpstream({ base: upstreams[provider], path: route.upstreamPath });
    const isHttps = target.protocol === "https:";
    const upstreamReq = (isHttps ? https : http).request(target, {
      method,
      headers: upstreamHeaders({ req, secret, body: inspected.request.body }),
      agent: isHttps ? httpsAgent : httpAgent,
    });

    let clientGone = false;
    res.on("close", () => {
      if (!res.writableFinished) {
        clientGone = true;
        upstreamReq.destroy();
      }
    });

    upstreamReq.on("error", (err) => {
      if (res.headersSent || finished) return; // a mid-stream failure is handled on the response side
      settle(null, false);
      if (clientGone) return emit("client_aborted", 499, err.message);
      const status = sendProviderError({ res, provider, kind: "upstream", message: `Marshal gateway: upstream ${provider} API unreachable: ${err.message}` });
      emit("upstream_unreachable", status, err.message);
    });

    upstreamReq.on("response", (upstream) => {
      event.ttfbMs = performance.now() - started;
      const contentType = String(upstream.headers["content-type"] ?? "");
      const meter = createUsageMeter({ provider, api: route.api, stream, sse: contentType.includes("text/event-stream") });
      res.writeHead(upstream.statusCode ?? 502, responseHeaders({ upstream }));
      res.flushHeaders();
      let ended = false;
      upstream.on("data", (chunk: Buffer) => {
        meter.push(chunk);
        if (!res.write(chunk)) {
          upstream.pause();
          res.once("drain", () => upstream.resume());
        }
      });
      upstream.on("end", () => {
        ended = true;
        res.end();
        const m = meter.finish();
        settle(m.usage, m.estimated);
        const status = upstream.statusCode ?? 502;
        emit(status >= 200 && status < 300 ? "ok" : "upstream_error", status);
      });
      upstream.on("close", () => {
        if (ended) return;
        // the vendor (or the agent) dropped the connection mid-response: the agent sees the connection fail,
        // and spend is settled from what was received
        const agentLeft = clientGone;
        res.destroy();
        const m = meter.finish();
        settle(m.usage, m.estimated);
        emit(agentLeft ? "client_aborted" : "stream_interrupted", upstream.statusCode ?? 502, agentLeft ? "agent closed the connection" : "upstream connection dropped mid-response");
      });
      upstream.on("error", () => {
        // reported through "close"
      });
    });

    upstreamReq.end(method === "GET" || method === "HEAD" ? undefined : inspected.request.body);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendProviderError({ res, provider: "anthropic", kind: "upstream", message: `Marshal gateway internal error: ${(err as Error).message}` });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 70_000;
  // generations can run for many minutes: no request timeout
  server.requestTimeout = 0;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${hostForUrl}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        httpAgent.destroy();
        httpsAgent.destroy();
      }),
  };
}

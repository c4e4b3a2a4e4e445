/**
 * Which vendor API a gateway request is for, and where it goes upstream.
 *
 * - Anthropic: `/anthropic/v1/...` and bare `/v1/...`, because Claude Code appends `/v1/messages` to
 *   `ANTHROPIC_BASE_URL` (observed with claude-code 2.1.197: `POST /v1/messages?beta=true`).
 * - OpenAI: `/openai/v1/...`: Codex appends `/responses` to `model_providers.<id>.base_url` (set it to
 *   `<gateway>/openai/v1`), the OpenAI SDKs append `/chat/completions` and `/responses` to `OPENAI_BASE_URL`.
 * - Gemini: `/gemini/v1beta/models/{model}:generateContent` and `:streamGenerateContent` (Gemini API REST reference).
 *
 * Only the endpoints below are served: an endpoint that spends money without being metered (batches, files, fine
 * tuning) would bypass the quota, so it is refused rather than passed through.
 */
import type { TModelProvider } from "../../../server/contracts/pricing";
import type { TGatewayApi } from "./gateway-types";

export interface TRoute {
  provider: TModelProvider;
  api: TGatewayApi;
  /** Path and query to request upstream, appended to the provider's upstream base URL (query `key` removed). */
  upstreamPath: string;
  /** True for generation calls that are metered and held against quota. */
  metered: boolean;
  /** Gemini names the model in the path. */
  pathModel: string | null;
  /** Gemini `:streamGenerateContent` streams whatever the body says. */
  pathStream: boolean;
}

export type TRouteResult = { ok: true; route: TRoute } | { ok: false; provider: TModelProvider; message: string };

function providerOf(pathname: string): { provider: TModelProvider; rest: string } {
  for (const p of ["anthropic", "openai", "gemini"] as const) {
    if (pathname === `/${p}` || pathname.startsWith(`/${p}/`)) return { provider: p, rest: pathname.slice(p.length + 1) };
  }
  return { provider: "anthropic", rest: pathname };
}

export function routeRequest({ method, url }: { method: string; url: string }): TRouteResult {
  const parsed = new URL(url, "http://gateway.invalid");
  parsed.searchParams.delete("key"); // a Gemini key in the query is the agent's token: never forwarded
  const query = parsed.searchParams.toString();
  const { provider, rest } = providerOf(parsed.pathname);
  const upstreamPath = rest + (query ? `?${query}` : "");
  const make = (api: TGatewayApi, metered: boolean, pathModel: string | null = null, pathStream = false): TRouteResult => ({
    ok: true,
    route: { provider, api, upstreamPath, metered, pathModel, pathStream },
  });

  if (provider === "anthropic") {
    if (method === "POST" && rest === "/v1/messages") return make("anthropic.messages", true);
    if (method === "POST" && rest === "/v1/messages/count_tokens") return make("anthropic.count_tokens", false);
    if (method === "GET" && /^\/v1\/models(\/[^/]+)?$/.test(rest)) return make("anthropic.models", false);
  } else if (provider === "openai") {
    if (method === "POST" && rest === "/v1/chat/completions") return make("openai.chat_completions", true);
    if (method === "POST" && (rest === "/v1/responses" || rest === "/v1/responses/compact")) return make("openai.responses", true);
    if (method === "GET" && /^\/v1\/models(\/[^/]+)?$/.test(rest)) return make("openai.models", false);
  } else {
    const m = /^\/(v1|v1beta)\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/.exec(rest);
    if (method === "POST" && m) {
      const model = decodeURIComponent(m[2]!);
      if (m[3] === "generateContent") return make("gemini.generate_content", true, model);
      if (m[3] === "streamGenerateContent") return make("gemini.stream_generate_content", true, model, true);
      return make("gemini.count_tokens", false, model);
    }
    if (method === "GET" && /^\/(v1|v1beta)\/models(\/[^/:]+)?$/.test(rest)) return make("gemini.models", false);
  }
  return { ok: false, provider, message: `${method} ${parsed.pathname} is not an endpoint the Marshal gateway serves` };
}

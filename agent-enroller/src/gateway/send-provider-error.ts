/**
 * Errors from the gateway itself, in the calling vendor's own error shape so the agent reports them properly:
 * - Anthropic (Errors reference): `{"type":"error","error":{"type":"authentication_error","message":"..."}}`.
 * - OpenAI (Error codes reference): `{"error":{"message":"...","type":"...","param":null,"code":"..."}}`; a spent
 *   budget is `insufficient_quota` (clients such as Codex stop instead of retrying), a rate limit is
 *   `rate_limit_exceeded`.
 * - Gemini (google.rpc.Status over REST): `{"error":{"code":429,"message":"...","status":"RESOURCE_EXHAUSTED"}}`.
 */
import type { ServerResponse } from "node:http";
import type { TModelProvider } from "../../../server/contracts/pricing";

export type TGatewayErrorKind = "auth" | "rate_limit" | "budget" | "bad_request" | "not_found" | "too_large" | "upstream" | "unavailable";

const statusOf: Record<TGatewayErrorKind, number> = {
  auth: 401,
  rate_limit: 429,
  budget: 429,
  bad_request: 400,
  not_found: 404,
  too_large: 413,
  upstream: 502,
  unavailable: 503,
};

const anthropicType: Record<TGatewayErrorKind, string> = {
  auth: "authentication_error",
  rate_limit: "rate_limit_error",
  budget: "rate_limit_error",
  bad_request: "invalid_request_error",
  not_found: "not_found_error",
  too_large: "request_too_large",
  upstream: "api_error",
  unavailable: "overloaded_error",
};

const openaiTypeCode: Record<TGatewayErrorKind, [string, string | null]> = {
  auth: ["invalid_request_error", "invalid_api_key"],
  rate_limit: ["requests", "rate_limit_exceeded"],
  budget: ["insufficient_quota", "insufficient_quota"],
  bad_request: ["invalid_request_error", null],
  not_found: ["invalid_request_error", "unknown_url"],
  too_large: ["invalid_request_error", "request_too_large"],
  upstream: ["server_error", "upstream_unreachable"],
  unavailable: ["server_error", "service_unavailable"],
};

const geminiStatus: Record<TGatewayErrorKind, string> = {
  auth: "UNAUTHENTICATED",
  rate_limit: "RESOURCE_EXHAUSTED",
  budget: "RESOURCE_EXHAUSTED",
  bad_request: "INVALID_ARGUMENT",
  not_found: "NOT_FOUND",
  too_large: "INVALID_ARGUMENT",
  upstream: "UNAVAILABLE",
  unavailable: "UNAVAILABLE",
};

export function providerErrorBody({ provider, kind, message }: { provider: TModelProvider; kind: TGatewayErrorKind; message: string }): unknown {
  if (provider === "anthropic") return { type: "error", error: { type: anthropicType[kind], message } };
  if (provider === "openai") {
    const [type, code] = openaiTypeCode[kind];
    return { error: { message, type, param: null, code } };
  }
  return { error: { code: statusOf[kind], message, status: geminiStatus[kind] } };
}

export function sendProviderError({
  res,
  provider,
  kind,
  message,
  retryAfterSeconds,
}: {
  res: ServerResponse;
  provider: TModelProvider;
  kind: TGatewayErrorKind;
  message: string;
  retryAfterSeconds?: number | undefined;
}): number {
  const status = statusOf[kind];
  if (res.headersSent) {
    res.destroy();
    return status;
  }
  const body = JSON.stringify(providerErrorBody({ provider, kind, message }));
  const headers: Record<string, string | number> = { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-marshal-gateway-error": kind };
  if (retryAfterSeconds !== undefined) headers["retry-after"] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  if (kind === "auth" && provider === "openai") headers["www-authenticate"] = 'Bearer realm="marshal-gateway"';
  res.writeHead(status, headers);
  res.end(body);
  return status;
}

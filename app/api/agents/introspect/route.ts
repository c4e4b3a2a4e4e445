/**
 * `POST /api/agents/introspect`: OAuth 2.0 Token Introspection (RFC 7662) for agent tokens. The caller
 * authenticates with a tenant API key (`Authorization: Bearer mk_...`, RFC 7662 section 2.1 leaves the method to
 * the server); the request is `application/x-www-form-urlencoded` with `token` (and an optional
 * `token_type_hint`), or the same as JSON. The answer is `{ "active": false }` for anything not currently valid,
 * including a token of another tenant and a token of a revoked identity, at once.
 */
import { resolveApiKeyByHash } from "@/server/db/credentials";
import { forTenant } from "@/server/db";
import { hashSecretToken } from "@/server/modules/secret-token";
import { introspectAgentToken } from "@/server/modules/identities/introspect-agent-token";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

function oauthError(status: number, error: string, description: string) {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (status === 401) headers["www-authenticate"] = `Bearer realm="marshal", error="invalid_token"`;
  return Response.json({ error, error_description: description }, { status, headers });
}

export async function POST(request: Request): Promise<Response> {
  const match = /^Bearer\s+(mk_[A-Za-z0-9_-]{20,100})$/.exec(request.headers.get("authorization")?.trim() ?? "");
  const key = match ? await resolveApiKeyByHash(hashSecretToken(match[1]!)) : null;
  if (!key) return oauthError(401, "invalid_client", "Send a valid tenant API key as Authorization: Bearer <key>");
  const text = await request.text();
  if (text.length > 16_384) return oauthError(413, "invalid_request", "The request is too large");
  const type = request.headers.get("content-type") ?? "";
  let token: unknown;
  if (type.includes("application/json")) {
    try {
      token = (JSON.parse(text) as { token?: unknown }).token;
    } catch {
      return oauthError(400, "invalid_request", "The body is not valid JSON");
    }
  } else {
    token = new URLSearchParams(text).get("token");
  }
  if (typeof token !== "string" || token.length === 0) return oauthError(400, "invalid_request", "The token parameter is required");
  const result = await introspectAgentToken({
    scope: { db: forTenant(key.tenantId), tenantId: key.tenantId, tenantSlug: key.tenantSlug, actor: { type: "api_key", id: key.id, label: key.name } },
    token,
    markUsed: true,
  });
  return Response.json(result, { headers: { "cache-control": "no-store" } });
}

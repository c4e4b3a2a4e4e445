/**
 * The SCIM 2.0 service provider edge (`/scim/v2/*`, app/scim/v2/[...path]/route.ts):
 *  1. authenticate the per-tenant bearer token (RFC 6750; 401 + WWW-Authenticate otherwise);
 *     unknown tokens are braked per client address so tokens cannot be guessed at speed;
 *  2. rate-limit per token (429 + Retry-After);
 *  3. dispatch to the DB-backed operation under forTenant(token's tenant): a token only ever
 *     reaches its own tenant's people and groups;
 *  4. answer every error as an RFC 7644 §3.12 error body, never a bare 500 for bad input;
 *  5. log the request (method, path, status, scimType, duration; no bodies, no secrets) to the
 *     tenant's ScimRequestLog (batched, see record-scim-request.ts). The log row id is the SCIM request id (`x-request-id` header,
 *     audit summaries, revocation triggerRef).
 * Plain Web Request → Response, so tests and the benchmark call it directly.
 */
import { randomUUID } from "node:crypto";
import { forTenant } from "@/server/db";
import { resolveScimTokenByHash, type TScimTokenCaller } from "@/server/db/scim";
import { env } from "@/server/env";
import { createRateLimiter } from "@/server/modules/rate-limit";
import { hashSecretToken } from "@/server/modules/secret-token";
import type { TTenantScope } from "@/server/modules/tenant-scope";
import { recordScimRequest } from "../request-log/record-scim-request";
import { ScimError } from "../scim-errors";
import { trimBaseUrl } from "../scim-meta";
import { allowedMethods, dispatchScimRequest } from "./dispatch-scim-request";
import { resolveScimEndpoint } from "../resolve-scim-endpoint";
import { scimErrorResponse, toScimError } from "./scim-response";

export type TScimRateLimit = { limit: number; windowMs: number };

/**
 * Default per-token limit: MARSHAL_SCIM_RATE_LIMIT requests per MARSHAL_SCIM_RATE_WINDOW_SECONDS
 * (defaults 1200 per 60 s, i.e. 20/s sustained with bursts). Okta and Entra ID back off on 429.
 */
export function scimRateLimitFromEnv(): TScimRateLimit {
  const limit = Number(process.env.MARSHAL_SCIM_RATE_LIMIT ?? 1200);
  const windowSeconds = Number(process.env.MARSHAL_SCIM_RATE_WINDOW_SECONDS ?? 60);
  return {
    limit: Number.isFinite(limit) && limit > 0 ? Math.floor(limit) : 1200,
    windowMs: (Number.isFinite(windowSeconds) && windowSeconds > 0 ? windowSeconds : 60) * 1000,
  };
}

/** Scoped clients per tenant, reused across requests (a Prisma extension is not free to build). */
const scopedClients = new Map<string, ReturnType<typeof forTenant>>();
function scopedDb(tenantId: string) {
  let db = scopedClients.get(tenantId);
  if (!db) {
    if (scopedClients.size >= 1000) scopedClients.delete(scopedClients.keys().next().value!);
    db = forTenant(tenantId);
    scopedClients.set(tenantId, db);
  }
  return db;
}

const TOKEN_PATTERN = /^Bearer\s+(scim_[A-Za-z0-9_-]{20,100})\s*$/i;
const BAD_TOKEN_LIMIT = { limit: 30, windowMs: 60_000 };

/** The path after `/scim/v2`, split into segments (anything before it is ignored). */
function scimSegments(pathname: string): string[] {
  const match = /\/scim\/v2(\/.*)?$/i.exec(pathname);
  const rest = match ? (match[1] ?? "") : pathname;
  return rest.split("/").filter((s) => s !== "");
}

export function createScimHandler(opts: { rateLimit?: TScimRateLimit; baseUrl?: string } = {}) {
  const rate = opts.rateLimit ?? scimRateLimitFromEnv();
  const perToken = createRateLimiter(rate);
  const badTokens = createRateLimiter(BAD_TOKEN_LIMIT);

  return async function handleScimRequest(request: Request): Promise<Response> {
    const started = performance.now();
    const at = new Date();
    const requestId = randomUUID();
    const url = new URL(request.url);
    const idHeader = { "x-request-id": requestId };

    const match = TOKEN_PATTERN.exec(request.headers.get("authorization") ?? "");
    const caller: TScimTokenCaller | null = match ? await resolveScimTokenByHash(hashSecretToken(match[1]!)) : null;
    if (!caller) {
      const client = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "local";
      const brake = badTokens.hit(client);
      if (!brake.allowed) {
        return scimErrorResponse(new ScimError(429, undefined, "Too many requests with an invalid token"), { ...idHeader, "retry-after": String(brake.retryAfterSec) });
      }
      return scimErrorResponse(new ScimError(401, undefined, "Send a valid SCIM bearer token: Authorization: Bearer scim_..."), {
        ...idHeader,
        "www-authenticate": 'Bearer realm="Marshal SCIM"',
      });
    }

    const scope: TTenantScope = {
      db: scopedDb(caller.tenantId),
      tenantId: caller.tenantId,
      tenantSlug: caller.tenantSlug,
      actor: { type: "scim", id: caller.id, label: `SCIM token "${caller.name}"` },
    };
    const baseUrl = `${trimBaseUrl(opts.baseUrl ?? env().MARSHAL_PUBLIC_URL)}/scim/v2`;
    let response: Response;
    let scimType: string | undefined;
    const limited = perToken.hit(caller.id);
    if (!limited.allowed) {
      response = scimErrorResponse(new ScimError(429, undefined, "Rate limit exceeded for this SCIM token"), { "retry-after": String(limited.retryAfterSec) });
    } else {
      const segments = scimSegments(url.pathname);
      try {
        response = await dispatchScimRequest({ ctx: { scope, baseUrl, requestId }, request, segments });
      } catch (error) {
        const scimError = toScimError(error);
        scimType = scimError.scimType;
        const headers: Record<string, string> = {};
        if (scimError.status === 503) headers["retry-after"] = "5";
        if (scimError.status === 405) {
          try {
            headers.allow = allowedMethods(resolveScimEndpoint({ segments })).join(", ");
          } catch {
            /* the endpoint itself is unknown: no Allow header */
          }
        }
        response = scimErrorResponse(scimError, headers);
      }
    }
    response.headers.set("x-request-id", requestId);
    recordScimRequest({
      tenantId: caller.tenantId,
      id: requestId,
      tokenId: caller.id,
      method: request.method,
      path: url.pathname + url.search,
      status: response.status,
      scimType,
      durationMs: performance.now() - started,
      at,
    });
    return response;
  };
}

let defaultHandler: ReturnType<typeof createScimHandler> | undefined;

/** The route's handler: one per server process, so the rate limiter is shared by its requests. */
export function handleScimRequest(request: Request): Promise<Response> {
  defaultHandler ??= createScimHandler();
  return defaultHandler(request);
}

/** SCIM responses: `application/scim+json` (RFC 7644 §3.1) bodies and RFC 7644 §3.12 error bodies. */
import { SCIM_CONTENT_TYPE } from "../scim-constants";
import { isScimError, ScimError, toScimErrorBody } from "../scim-errors";
import { isAppError } from "@/server/errors";
import { TenantScopeViolation } from "@/server/db";

export function scimJson(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { "content-type": SCIM_CONTENT_TYPE, "cache-control": "no-store", ...init.headers },
  });
}

/** Any error → a SCIM error. Unknown errors are logged and answered as a detail-free 500. */
export function toScimError(error: unknown): ScimError {
  if (isScimError(error)) return error;
  if (isAppError(error)) return new ScimError(error.status, undefined, error.message);
  if (error instanceof TenantScopeViolation) return new ScimError(404, undefined, "Resource not found");
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "P2028" || code === "P2024") return new ScimError(503, undefined, "The directory is busy; retry shortly");
  console.error("[scim] unexpected error", error);
  return new ScimError(500, undefined, "Internal server error");
}

export function scimErrorResponse(error: ScimError, headers: Record<string, string> = {}): Response {
  return scimJson(toScimErrorBody(error), { status: error.status, headers });
}

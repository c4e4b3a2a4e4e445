/**
 * Database refusals during a SCIM write → SCIM errors: a unique violation (P2002) on
 * Person.userNameKey or Group.displayName → 409 uniqueness (RFC 7644 §3.3, §3.12).
 */
import { isScimError, ScimError, uniquenessError } from "../scim-errors";

export function toScimWriteError(error: unknown, attribute: "userName" | "displayName"): unknown {
  if (isScimError(error)) return error;
  const code = (error as { code?: string } | null)?.code;
  if (code === "P2002") return uniquenessError(attribute);
  if (code === "P2025") return new ScimError(404, undefined, "The resource no longer exists");
  // Transaction could not start or ran out of time (P2028), connection pool exhausted (P2024): busy, retry.
  if (code === "P2028" || code === "P2024") return new ScimError(503, undefined, "The directory is busy; retry shortly");
  return error;
}

/** 412 when If-Match (RFC 7644 §3.14) names another version than the stored one. */
export function preconditionFailed(): ScimError {
  return new ScimError(412, undefined, "The resource changed since the version named in If-Match");
}

import type { TTenantScope } from "../tenant-scope";
import { enrollmentTokenStatus } from "./enrollment-token-status";

/** Enrollment tokens of the tenant, newest first, with their status (never the token itself). */
export async function listEnrollmentTokens(options: { scope: TTenantScope; includeInactive?: boolean }) {
  const rows = await options.scope.db.enrollmentToken.findMany({
    orderBy: { createdAt: "desc" },
    take: 500,
    select: { id: true, name: true, prefix: true, ring: true, ownerPersonId: true, maxUses: true, uses: true, expiresAt: true, revokedAt: true, createdAt: true },
  });
  const now = new Date();
  const tokens = rows.map((t) => ({ ...t, status: enrollmentTokenStatus({ token: t, now }) }));
  return options.includeInactive === false ? tokens.filter((t) => t.status === "active") : tokens;
}

import type { TTenantScope } from "@/server/modules/tenant-scope";

/** The tenant's SCIM tokens, newest first (never the tokens themselves). */
export function listScimTokens(opts: { scope: TTenantScope }) {
  return opts.scope.db.scimToken.findMany({
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

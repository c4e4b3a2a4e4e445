import type { TTenantScope } from "../tenant-scope";

export function listApiKeys(opts: { scope: TTenantScope }) {
  return opts.scope.db.apiKey.findMany({
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, scope: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

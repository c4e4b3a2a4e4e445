import type { TTenantScope } from "../tenant-scope";
import { isPublished } from "./signing-keys";

export async function listSigningKeys(opts: { scope: TTenantScope }) {
  const rows = await opts.scope.db.agentSigningKey.findMany({ orderBy: { createdAt: "desc" }, take: 20, select: { id: true, alg: true, status: true, createdAt: true, retiredAt: true, publishUntil: true } });
  return rows.map((r) => ({ kid: r.id, alg: r.alg, status: r.status, createdAt: r.createdAt, retiredAt: r.retiredAt, publishUntil: r.publishUntil, published: isPublished(r) }));
}

import type { TTenantScope } from "@/server/modules/tenant-scope";

/** Recent SCIM requests of the tenant, newest first, with the name of the token that made each. */
export async function listScimRequests(opts: { scope: TTenantScope; limit: number; status?: "all" | "errors" }) {
  const { db } = opts.scope;
  const rows = await db.scimRequestLog.findMany({
    where: opts.status === "errors" ? { status: { gte: 400 } } : {},
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: opts.limit,
  });
  const tokenIds = [...new Set(rows.map((r) => r.tokenId).filter((id): id is string => Boolean(id)))];
  const tokens = tokenIds.length ? await db.scimToken.findMany({ where: { id: { in: tokenIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(tokens.map((t) => [t.id, t.name]));
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    method: r.method,
    path: r.path,
    status: r.status,
    scimType: r.scimType,
    durationMs: r.durationMs,
    tokenName: r.tokenId ? (names.get(r.tokenId) ?? null) : null,
  }));
}

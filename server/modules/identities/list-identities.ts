import type { TTenantScope } from "../tenant-scope";

export type TIdentityFilters = { status?: "active" | "suspended" | "revoked"; productSlug?: string; personId?: string; deviceId?: string; policyClass?: string; q?: string };

/** Agent identities, newest first, filtered; with the device hostname and person name for the table. */
export async function listIdentities(opts: { scope: TTenantScope; filters?: TIdentityFilters; limit?: number; cursor?: string }) {
  const f = opts.filters ?? {};
  const take = Math.min(opts.limit ?? 100, 500);
  const rows = await opts.scope.db.agentIdentity.findMany({
    where: {
      ...(f.status ? { status: f.status } : {}),
      ...(f.productSlug ? { productSlug: f.productSlug } : {}),
      ...(f.personId ? { personId: f.personId } : {}),
      ...(f.deviceId ? { deviceId: f.deviceId } : {}),
      ...(f.policyClass ? { policyClass: f.policyClass } : {}),
      ...(f.q
        ? {
            OR: [
              { id: f.q },
              { productSlug: { contains: f.q, mode: "insensitive" as const } },
              { device: { hostname: { contains: f.q, mode: "insensitive" as const } } },
              { person: { userName: { contains: f.q, mode: "insensitive" as const } } },
              { person: { displayName: { contains: f.q, mode: "insensitive" as const } } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
    include: { device: { select: { hostname: true } }, person: { select: { userName: true, displayName: true } }, _count: { select: { children: true } } },
  });
  const page = rows.slice(0, take);
  return {
    items: page.map((r) => ({
      id: r.id,
      productSlug: r.productSlug,
      status: r.status,
      statusReason: r.statusReason,
      policyClass: r.policyClass,
      deviceId: r.deviceId,
      hostname: r.device.hostname,
      personId: r.personId,
      personName: r.person ? (r.person.displayName ?? r.person.userName) : null,
      parentId: r.parentId,
      children: r._count.children,
      lastIssuedAt: r.lastIssuedAt,
      lastUsedAt: r.lastUsedAt,
      createdAt: r.createdAt,
    })),
    nextCursor: rows.length > take ? page[page.length - 1]!.id : null,
  };
}

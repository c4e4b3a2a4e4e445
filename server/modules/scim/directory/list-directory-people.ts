/**
 * The console's Directory: people provisioned by SCIM with what acts for them (devices they own,
 * agent identities by status) and their groups. Search matches userName, names, email and
 * department; deleted people (tombstones kept for attribution) are left out.
 */
import type { TTenantScope } from "@/server/modules/tenant-scope";

export type TDirectoryPeopleFilter = { search?: string; status?: "all" | "active" | "inactive"; groupId?: string };

function peopleWhere(filter: TDirectoryPeopleFilter) {
  const search = filter.search?.trim();
  const contains = (field: string) => ({ [field]: { contains: search, mode: "insensitive" as const } });
  return {
    deletedAt: null,
    ...(filter.status === "active" ? { active: true } : filter.status === "inactive" ? { active: false } : {}),
    ...(filter.groupId ? { groups: { some: { groupId: filter.groupId } } } : {}),
    ...(search
      ? {
          OR: [
            contains("userName"),
            contains("displayName"),
            contains("givenName"),
            contains("familyName"),
            contains("department"),
            contains("externalId"),
            { emails: { some: { value: { contains: search, mode: "insensitive" as const } } } },
          ],
        }
      : {}),
  };
}

export async function listDirectoryPeople(opts: { scope: TTenantScope; filter: TDirectoryPeopleFilter; offset: number; limit: number }) {
  const { db } = opts.scope;
  const where = peopleWhere(opts.filter);
  const [total, rows] = await Promise.all([
    db.person.count({ where }),
    db.person.findMany({
      where,
      orderBy: [{ userNameKey: "asc" }, { id: "asc" }],
      skip: opts.offset,
      take: opts.limit,
      select: {
        id: true,
        userName: true,
        displayName: true,
        givenName: true,
        familyName: true,
        active: true,
        department: true,
        title: true,
        managerId: true,
        updatedAt: true,
        _count: { select: { devices: true } },
        groups: { select: { group: { select: { id: true, displayName: true, mapping: true } } } },
      },
    }),
  ]);
  const ids = rows.map((r) => r.id);
  const identities = ids.length
    ? await db.agentIdentity.groupBy({ by: ["personId", "status"], where: { personId: { in: ids } }, _count: { _all: true } })
    : [];
  const counts = new Map<string, { active: number; revoked: number }>();
  for (const row of identities) {
    if (!row.personId) continue;
    const c = counts.get(row.personId) ?? { active: 0, revoked: 0 };
    if (row.status === "active") c.active += row._count._all;
    else c.revoked += row._count._all;
    counts.set(row.personId, c);
  }
  return {
    total,
    people: rows.map((r) => ({
      id: r.id,
      userName: r.userName,
      name: r.displayName || [r.givenName, r.familyName].filter(Boolean).join(" ") || null,
      active: r.active,
      department: r.department,
      title: r.title,
      managerId: r.managerId,
      updatedAt: r.updatedAt,
      devices: r._count.devices,
      agentsActive: counts.get(r.id)?.active ?? 0,
      agentsRevoked: counts.get(r.id)?.revoked ?? 0,
      groups: r.groups.map((g) => g.group),
    })),
  };
}

/** The Directory's groups with member counts and what each maps to (business unit, project, policy class). */
import type { TTenantScope } from "@/server/modules/tenant-scope";

export async function listDirectoryGroups(opts: { scope: TTenantScope; search?: string; offset: number; limit: number }) {
  const { db } = opts.scope;
  const search = opts.search?.trim();
  const where = search ? { displayName: { contains: search, mode: "insensitive" as const } } : {};
  const [total, rows] = await Promise.all([
    db.group.count({ where }),
    db.group.findMany({
      where,
      orderBy: [{ displayName: "asc" }, { id: "asc" }],
      skip: opts.offset,
      take: opts.limit,
      select: { id: true, displayName: true, externalId: true, mapping: true, updatedAt: true, _count: { select: { members: true } } },
    }),
  ]);
  return { total, groups: rows.map(({ _count, ...g }) => ({ ...g, members: _count.members })) };
}

/** One person of the Directory with their emails, manager, groups, devices and agent identities. */
import { AppError } from "@/server/errors";
import type { TTenantScope } from "@/server/modules/tenant-scope";

export async function getDirectoryPerson(opts: { scope: TTenantScope; id: string }) {
  const { db } = opts.scope;
  const person = await db.person.findFirst({
    where: { id: opts.id, deletedAt: null },
    include: {
      emails: { select: { value: true, type: true, primary: true }, orderBy: { id: "asc" } },
      groups: { select: { group: { select: { id: true, displayName: true, mapping: true } } } },
      devices: { select: { id: true, hostname: true, os: true, ring: true, status: true, lastCheckinAt: true }, orderBy: { hostname: "asc" } },
    },
  });
  if (!person) throw new AppError("NOT_FOUND", "Person not found");
  const [manager, identities] = await Promise.all([
    person.managerId ? db.person.findFirst({ where: { id: person.managerId }, select: { id: true, userName: true, displayName: true } }) : null,
    db.agentIdentity.findMany({
      where: { personId: person.id },
      orderBy: { createdAt: "desc" },
      take: 200,
      select: { id: true, productSlug: true, status: true, statusReason: true, deviceId: true, policyClass: true, lastUsedAt: true, revokedAt: true },
    }),
  ]);
  return {
    id: person.id,
    userName: person.userName,
    externalId: person.externalId,
    displayName: person.displayName,
    givenName: person.givenName,
    familyName: person.familyName,
    active: person.active,
    title: person.title,
    department: person.department,
    costCenter: person.costCenter,
    employeeNumber: person.employeeNumber,
    division: person.division,
    organization: person.organization,
    manager: manager ? { id: manager.id, name: manager.displayName ?? manager.userName } : person.managerExternalRef ? { id: null, name: person.managerExternalRef } : null,
    emails: person.emails,
    groups: person.groups.map((g) => g.group),
    devices: person.devices,
    identities,
    createdAt: person.createdAt,
    updatedAt: person.updatedAt,
  };
}

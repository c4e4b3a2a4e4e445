/**
 * Person records → SCIM User resources, with the derived parts the protocol module needs:
 * `groups` (from GroupMember) and the manager's display name. One query per kind for a whole page.
 */
import type { TTenantDb } from "@/server/db";
import type { TPersonRecord } from "../scim-records";
import { toScimUser, type TScimUser } from "../to-scim-user";
import type { TScimTx } from "./scim-service-context";

export async function renderScimUsers(opts: {
  db: TTenantDb | TScimTx;
  people: TPersonRecord[];
  /** Groups per person id when the caller already loaded them (saves a query). */
  groupsByPerson?: Map<string, Array<{ id: string; displayName: string }>>;
  /** Manager display name per manager id when the caller already loaded them (saves a query). */
  managerNames?: Map<string, string | null>;
  baseUrl: string;
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}): Promise<TScimUser[]> {
  const { db, people } = opts;
  if (people.length === 0) return [];
  const ids = people.map((p) => p.id);
  const managerIds = [...new Set(people.map((p) => p.managerId).filter((id): id is string => Boolean(id)))];
  const [memberships, managers] = await Promise.all([
    opts.groupsByPerson
      ? Promise.resolve([])
      : db.groupMember.findMany({
          where: { personId: { in: ids } },
          select: { personId: true, group: { select: { id: true, displayName: true } } },
          orderBy: { groupId: "asc" },
        }),
    managerIds.length && !opts.managerNames
      ? db.person.findMany({ where: { id: { in: managerIds } }, select: { id: true, displayName: true, userName: true } })
      : Promise.resolve([]),
  ]);
  const groupsOf = opts.groupsByPerson ?? new Map<string, Array<{ id: string; displayName: string }>>();
  for (const m of memberships) {
    const list = groupsOf.get(m.personId) ?? [];
    list.push(m.group);
    groupsOf.set(m.personId, list);
  }
  const managerName = opts.managerNames ?? new Map(managers.map((m) => [m.id, m.displayName ?? m.userName]));
  return people.map((person) =>
    toScimUser({
      person,
      baseUrl: opts.baseUrl,
      groups: groupsOf.get(person.id) ?? [],
      managerDisplayName: person.managerId ? (managerName.get(person.managerId) ?? null) : null,
      attributes: opts.attributes,
      excludedAttributes: opts.excludedAttributes,
    }),
  );
}

/**
 * The demo directory, provisioned the way an identity provider does it: SCIM users and groups through the SCIM
 * service functions (the same code the /scim/v2 endpoints run), so the audit trail and the directory events are
 * the real ones. Two groups are mapped to business units and two to projects (cost attribution).
 */
import { randomUUID } from "node:crypto";
import { createScimGroup } from "@/server/modules/scim/service/create-scim-group";
import { createScimUser } from "@/server/modules/scim/service/create-scim-user";
import { setGroupMapping } from "@/server/modules/scim/directory/set-group-mapping";
import type { TScimServiceContext } from "@/server/modules/scim/service/scim-service-context";
import type { TTenantScope } from "@/server/modules/tenant-scope";

const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

export type TDemoPersonKey = "ada" | "grace" | "linus" | "margaret" | "ken" | "barbara" | "dennis" | "radia";

export const DEMO_PEOPLE: Array<{ key: TDemoPersonKey; given: string; family: string; title: string; department: string }> = [
  { key: "ada", given: "Ada", family: "Lovelace", title: "Staff Engineer", department: "Platform Engineering" },
  { key: "grace", given: "Grace", family: "Hopper", title: "Engineering Manager", department: "Platform Engineering" },
  { key: "linus", given: "Linus", family: "Torvalds", title: "Senior Engineer", department: "Platform Engineering" },
  { key: "margaret", given: "Margaret", family: "Hamilton", title: "Principal Engineer", department: "Payments" },
  { key: "ken", given: "Ken", family: "Thompson", title: "Engineer", department: "Payments" },
  { key: "barbara", given: "Barbara", family: "Liskov", title: "Data Scientist", department: "Data Science" },
  { key: "dennis", given: "Dennis", family: "Ritchie", title: "ML Engineer", department: "Data Science" },
  { key: "radia", given: "Radia", family: "Perlman", title: "Security Engineer", department: "Security" },
];

export const DEMO_GROUPS: Array<{ name: string; mapping: "business_unit" | "project" | "none"; members: TDemoPersonKey[] }> = [
  { name: "Platform Engineering", mapping: "business_unit", members: ["ada", "grace", "linus", "radia"] },
  { name: "Data Science", mapping: "business_unit", members: ["barbara", "dennis", "margaret", "ken"] },
  { name: "Payments Revamp", mapping: "project", members: ["margaret", "ken", "ada"] },
  { name: "Search Relevance", mapping: "project", members: ["barbara", "dennis", "linus"] },
  { name: "AI Champions", mapping: "none", members: ["ada", "barbara", "radia"] },
];

export type TDemoDirectory = { people: Record<TDemoPersonKey, { id: string; userName: string; displayName: string }>; groups: Record<string, string> };

export async function seedDemoDirectory(opts: { scope: TTenantScope; emailDomain: string }): Promise<TDemoDirectory> {
  const scimScope: TTenantScope = { ...opts.scope, actor: { type: "scim", id: null, label: "Demo directory sync (SCIM)" } };
  const ctx = (): TScimServiceContext => ({ scope: scimScope, baseUrl: "http://localhost/scim/v2", requestId: randomUUID() });
  const people = {} as TDemoDirectory["people"];
  for (const p of DEMO_PEOPLE) {
    const userName = `${p.key}@${opts.emailDomain}`;
    const record = await createScimUser({
      ctx: ctx(),
      body: {
        schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
        userName,
        externalId: `00u${p.key}demo`,
        name: { givenName: p.given, familyName: p.family },
        displayName: `${p.given} ${p.family}`,
        title: p.title,
        active: true,
        emails: [{ value: userName, type: "work", primary: true }],
        [ENTERPRISE_SCHEMA]: { department: p.department, employeeNumber: String(1000 + DEMO_PEOPLE.indexOf(p)) },
      },
    });
    people[p.key] = { id: record.id, userName, displayName: `${p.given} ${p.family}` };
  }
  const groups: Record<string, string> = {};
  for (const g of DEMO_GROUPS) {
    const record = await createScimGroup({
      ctx: ctx(),
      body: { schemas: [GROUP_SCHEMA], displayName: g.name, externalId: `00g${g.name.toLowerCase().replace(/[^a-z]+/g, "")}`, members: g.members.map((k) => ({ value: people[k].id })) },
    });
    groups[g.name] = record.id;
    if (g.mapping !== "none") await setGroupMapping({ scope: opts.scope, groupId: record.id, mapping: g.mapping });
  }
  return { people, groups };
}

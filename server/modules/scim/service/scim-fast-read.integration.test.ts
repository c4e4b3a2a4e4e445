/**
 * The raw-SQL read path (server/db/scim.ts, chosen by resolveFastRead) and the Prisma read path return the same
 * SCIM JSON for the same data: several emails, phone numbers, groups, a manager, the enterprise extension,
 * paging and attribute projection; a deleted person and another tenant's data are invisible to both.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTestTenant } from "@/test/support/tenants";
import type { TTenantScope } from "@/server/modules/tenant-scope";
import { parseListParams } from "../parse-list-params";
import { ScimError } from "../scim-errors";
import { createScimGroup } from "./create-scim-group";
import { createScimUser } from "./create-scim-user";
import { deleteScimUser } from "./delete-scim-user";
import { getScimGroup, getScimGroupWithPrisma } from "./get-scim-group";
import { getScimUser, getScimUserWithPrisma, renderUser } from "./get-scim-user";
import { listScimGroups, listScimGroupsWithPrisma } from "./list-scim-groups";
import { listScimUsers, listScimUsersWithPrisma } from "./list-scim-users";
import { resolveFastRead } from "./resolve-fast-read";
import type { TScimServiceContext } from "./scim-service-context";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

function contextOf(scope: TTenantScope): TScimServiceContext {
  return { scope: { ...scope, actor: { type: "scim", id: "tok", label: 'SCIM token "Okta"' } }, baseUrl: "http://localhost/scim/v2", requestId: randomUUID() };
}

async function notFound(read: Promise<unknown>): Promise<number | undefined> {
  try {
    await read;
    return undefined;
  } catch (error) {
    return error instanceof ScimError ? error.status : -1;
  }
}

async function seedTenant(name: string) {
  const t = await createTestTenant(name);
  const ctx = contextOf(t.scope);
  const grace = await createScimUser({ ctx, body: { schemas: [USER], userName: "grace@acme.test", displayName: "Grace Hopper", active: true } });
  const noName = await createScimUser({ ctx, body: { schemas: [USER], userName: "boss@acme.test", active: true } });
  const ada = await createScimUser({
    ctx,
    body: {
      schemas: [USER, ENTERPRISE],
      userName: "Ada.Lovelace@acme.test",
      externalId: "ext-ada",
      name: { givenName: "Ada", familyName: "Lovelace", formatted: "Ada Lovelace" },
      displayName: "Ada",
      title: "Engineer",
      active: true,
      emails: [
        { value: "ada@acme.test", type: "work", primary: true },
        { value: "ada@home.test", type: "home", primary: false },
        { value: "countess@other.test", type: "other" },
      ],
      phoneNumbers: [{ value: "+44 20 0000 0000", type: "work", primary: true }],
      [ENTERPRISE]: { department: "R&D", costCenter: "CC-1", employeeNumber: "42", manager: { value: grace.id } },
    },
  });
  const bob = await createScimUser({
    ctx,
    body: { schemas: [USER, ENTERPRISE], userName: "bob@acme.test", active: false, [ENTERPRISE]: { manager: { value: noName.id } } },
  });
  const orphan = await createScimUser({
    ctx,
    body: { schemas: [USER, ENTERPRISE], userName: "orphan@acme.test", active: true, [ENTERPRISE]: { manager: { value: "not-a-person-yet" } } },
  });
  const carl = await createScimUser({ ctx, body: { schemas: [USER], userName: "carl@acme.test", emails: [{ value: "carl@acme.test" }], active: true } });
  const platform = await createScimGroup({ ctx, body: { schemas: [GROUP], displayName: "Platform", externalId: "g-1", members: [{ value: ada.id }, { value: bob.id }, { value: grace.id }, { value: carl.id }] } });
  const research = await createScimGroup({ ctx, body: { schemas: [GROUP], displayName: "Research", members: [{ value: ada.id }] } });
  const empty = await createScimGroup({ ctx, body: { schemas: [GROUP], displayName: "Nobody Yet" } });
  await deleteScimUser({ ctx, id: carl.id });
  return { ctx, people: { grace, noName, ada, bob, orphan, carl }, groups: { platform, research, empty } };
}

describe("SCIM fast read path", () => {
  it("returns the same SCIM JSON as the Prisma path, and hides deleted people and other tenants", async () => {
    const a = await seedTenant("FastReadA");
    const b = await seedTenant("FastReadB");
    const { ctx } = a;
    const live = [a.people.grace, a.people.noName, a.people.ada, a.people.bob, a.people.orphan];
    const projections = [{}, { attributes: ["userName", "emails.value", "groups"] }, { excludedAttributes: ["groups", `${ENTERPRISE}:manager`] }];

    // GET /Users/{id}
    for (const person of live) {
      for (const projection of projections) {
        const fast = await getScimUser({ ctx, id: person.id, ...projection });
        const slow = await getScimUserWithPrisma({ ctx, id: person.id, ...projection });
        expect(json(fast.resource)).toEqual(json(slow.resource));
        expect(fast.record).toEqual(slow.record);
        // A write's answer: the record it saved, groups and manager name read by raw SQL.
        expect(json(await renderUser({ ctx, record: slow.record, ...projection }))).toEqual(json(slow.resource));
      }
    }
    const adaJson = (await getScimUser({ ctx, id: a.people.ada.id })).resource as Record<string, unknown>;
    expect((adaJson.emails as unknown[]).length).toBe(3);
    expect((adaJson.groups as Array<{ display: string }>).map((g) => g.display).sort()).toEqual(["Platform", "Research"]);
    expect((adaJson[ENTERPRISE] as { manager: { displayName: string } }).manager.displayName).toBe("Grace Hopper");
    const bobJson = (await getScimUser({ ctx, id: a.people.bob.id })).resource as Record<string, unknown>;
    expect((bobJson[ENTERPRISE] as { manager: { displayName: string } }).manager.displayName).toBe("boss@acme.test");

    // Deleted person and another tenant's person: 404 on both paths.
    for (const id of [a.people.carl.id, b.people.ada.id]) {
      expect(await notFound(getScimUser({ ctx, id }))).toBe(404);
      expect(await notFound(getScimUserWithPrisma({ ctx, id }))).toBe(404);
    }

    // GET /Users?filter=userName eq "..." and the unfiltered pages.
    const userQueries: Array<Record<string, string>> = [
      { filter: 'userName eq "Ada.Lovelace@acme.test"' },
      { filter: 'userName eq "ADA.LOVELACE@ACME.TEST"', attributes: "userName,emails" },
      { filter: `${USER}:userName eq "grace@acme.test"` },
      { filter: 'UserName eq "bob@acme.test"', startIndex: "2" },
      { filter: 'userName eq "bob@acme.test"', count: "0" },
      { filter: 'userName eq "carl@acme.test"' },
      { filter: `userName eq "${randomUUID()}"` },
      {},
      { count: "2" },
      { startIndex: "2", count: "2" },
      { startIndex: "4", count: "10", excludedAttributes: "groups" },
      { startIndex: "50" },
      { count: "0" },
    ];
    for (const query of userQueries) {
      const params = parseListParams({ params: new URLSearchParams(query) });
      expect(resolveFastRead({ resourceType: "User", params })).toBeDefined();
      const fast = await listScimUsers({ ctx, params });
      expect(json(fast)).toEqual(json(await listScimUsersWithPrisma({ ctx, params })));
    }
    const lookup = await listScimUsers({ ctx, params: parseListParams({ params: new URLSearchParams({ filter: 'userName eq "ada.lovelace@ACME.test"' }) }) });
    expect(lookup.totalResults).toBe(1);
    expect(lookup.Resources[0]!.id).toBe(a.people.ada.id);
    const all = await listScimUsers({ ctx, params: parseListParams({ params: new URLSearchParams() }) });
    expect(all.totalResults).toBe(5);
    expect(all.Resources.map((r) => r.id).sort()).toEqual(live.map((p) => p.id).sort());
    const deleted = await listScimUsers({ ctx, params: parseListParams({ params: new URLSearchParams({ filter: 'userName eq "carl@acme.test"' }) }) });
    expect(deleted.totalResults).toBe(0);

    // GET /Groups/{id}, with and without members.
    const groups = [a.groups.platform, a.groups.research, a.groups.empty];
    const groupProjections = [{}, { excludedAttributes: ["members"] }, { attributes: ["displayName"] }, { attributes: ["members.value"] }];
    for (const group of groups) {
      for (const projection of groupProjections) {
        const fast = await getScimGroup({ ctx, id: group.id, ...projection });
        const slow = await getScimGroupWithPrisma({ ctx, id: group.id, ...projection });
        expect(json(fast.resource)).toEqual(json(slow.resource));
        expect(fast.record).toEqual(slow.record);
      }
    }
    const platform = (await getScimGroup({ ctx, id: a.groups.platform.id })).resource as unknown as { members: Array<{ value: string; display: string }> };
    expect(platform.members.map((m) => m.value).sort()).toEqual([a.people.ada.id, a.people.bob.id, a.people.grace.id].sort());
    expect(await notFound(getScimGroup({ ctx, id: b.groups.platform.id }))).toBe(404);
    expect(await notFound(getScimGroupWithPrisma({ ctx, id: b.groups.platform.id }))).toBe(404);

    // GET /Groups?filter=displayName eq "..."
    const groupQueries: Array<Record<string, string>> = [
      { filter: 'displayName eq "Platform"' },
      { filter: 'displayName eq "platform"', excludedAttributes: "members" },
      { filter: `${GROUP}:displayName eq "RESEARCH"`, attributes: "displayName,members" },
      { filter: 'displayName eq "Platform"', startIndex: "2" },
      { filter: 'displayName eq "Nobody Yet"', count: "0" },
      { filter: 'displayName eq "Nope"' },
    ];
    for (const query of groupQueries) {
      const params = parseListParams({ params: new URLSearchParams(query) });
      expect(resolveFastRead({ resourceType: "Group", params })).toBeDefined();
      const fast = await listScimGroups({ ctx, params });
      expect(json(fast)).toEqual(json(await listScimGroupsWithPrisma({ ctx, params })));
    }
    const byName = await listScimGroups({ ctx, params: parseListParams({ params: new URLSearchParams({ filter: 'displayName eq "platform"' }) }) });
    expect(byName.Resources.map((r) => r.id)).toEqual([a.groups.platform.id]);
  });

  it("matches userName and displayName by equality: `_` and `%` are no wildcards", async () => {
    const { ctx } = await seedTenant("FastReadWildcards");
    const params = (filter: string) => parseListParams({ params: new URLSearchParams({ filter }) });
    expect((await listScimUsers({ ctx, params: params('userName eq "grace_acme.test"') })).totalResults).toBe(0);
    expect((await listScimUsers({ ctx, params: params('userName eq "%"') })).totalResults).toBe(0);
    expect((await listScimGroups({ ctx, params: params('displayName eq "Plat_orm"') })).totalResults).toBe(0);
    expect((await listScimGroups({ ctx, params: params('displayName eq "%"') })).totalResults).toBe(0);
  });

  it("leaves every other filter and any sortBy to the Prisma path", () => {
    const fastFor = (resourceType: "User" | "Group", query: Record<string, string>) =>
      resolveFastRead({ resourceType, params: parseListParams({ params: new URLSearchParams(query) }) });
    expect(fastFor("User", { filter: 'userName eq "a@b.c"' })).toEqual({ kind: "eq", value: "a@b.c" });
    expect(fastFor("User", {})).toEqual({ kind: "all" });
    expect(fastFor("User", { filter: 'userName sw "a"' })).toBeUndefined();
    expect(fastFor("User", { filter: 'emails.value eq "a@b.c"' })).toBeUndefined();
    expect(fastFor("User", { filter: 'externalId eq "x"' })).toBeUndefined();
    expect(fastFor("User", { filter: 'userName eq "a" and active eq true' })).toBeUndefined();
    expect(fastFor("User", { filter: "userName eq null" })).toBeUndefined();
    expect(fastFor("User", { filter: 'userName eq "a@b.c"', sortBy: "userName" })).toBeUndefined();
    expect(fastFor("User", { sortBy: "meta.created" })).toBeUndefined();
    expect(fastFor("Group", { filter: 'displayName eq "Ops"' })).toEqual({ kind: "eq", value: "Ops" });
    expect(fastFor("Group", {})).toBeUndefined();
    expect(fastFor("Group", { filter: 'members.value eq "x"' })).toBeUndefined();
    expect(fastFor("User", { filter: 'displayName eq "Ops"' })).toBeUndefined();
  });
});

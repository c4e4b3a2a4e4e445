/**
 * Every documented Okta and Entra ID request (__fixtures__) fed through the protocol modules,
 * asserting what the directory ends up holding. Each fixture must have an expectation here.
 */
import { describe, expect, it } from "vitest";
import { applyScimGroupPatch, applyScimUserPatch } from "./apply-scim-patch";
import { compileScimFilter } from "./compile-scim-filter";
import { loadScimFixtures, type TScimFixture } from "./load-scim-fixtures";
import { matchesScimFilter } from "./matches-scim-filter";
import { parseListParams } from "./parse-list-params";
import { parseScimGroup } from "./parse-scim-group";
import { parseScimUser } from "./parse-scim-user";
import { resolveScimEndpoint } from "./resolve-scim-endpoint";
import { listScimSchemas } from "./scim-discovery";
import type { TPersonRecord } from "./scim-records";
import { buildGroup, buildPerson } from "./scim-test-records";
import { toScimGroup } from "./to-scim-group";
import { toScimUser } from "./to-scim-user";

const BASE = "https://marshal.example/scim/v2";
const fixtures = [...loadScimFixtures({ vendor: "okta" }), ...loadScimFixtures({ vendor: "entra" })];

function target(fixture: TScimFixture) {
  return resolveScimEndpoint({ segments: fixture.request.path.replace(/^\/scim\/v2\//, "").split("/") });
}

/** A small directory the GET fixtures are run against. */
const directory: TPersonRecord[] = [
  buildPerson({
    id: "23a35c27-23d3-4c03-b4c5-6443c09e7173",
    userName: "test.user@okta.local",
    emails: [{ value: "test.user@okta.local", type: "work", primary: true }],
  }),
  buildPerson({
    id: "2441309d85324e7793ae",
    userName: "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
    emails: [
      { value: "home@example.com", type: "home", primary: false },
      { value: "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com", type: "work", primary: true },
    ],
  }),
  // Same address as the Entra user's work email, but as a home address: must not match the work-email lookup.
  buildPerson({
    id: "decoy",
    userName: "decoy@example.com",
    emails: [
      { value: "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com", type: "home", primary: false },
      { value: "decoy@example.com", type: "work", primary: true },
    ],
  }),
];

function listIds(fixture: TScimFixture): string[] {
  const params = parseListParams({ params: fixture.request.query ?? {} });
  if (!params.filter) return directory.map((p) => p.id);
  compileScimFilter({ resourceType: "User", filter: params.filter }); // must compile too
  return directory
    .filter((person) => matchesScimFilter({ resource: toScimUser({ person, baseUrl: BASE }), filter: params.filter!, resourceType: "User" }))
    .map((p) => p.id);
}

function patchUser(fixture: TScimFixture, person: Partial<TPersonRecord> = {}) {
  const id = target(fixture);
  if (!("id" in id) || !id.id) throw new Error("fixture has no id");
  return applyScimUserPatch({ person: buildPerson({ id: id.id, ...person }), body: fixture.request.body });
}

const GROUP_MEMBERS = ["f648f8d5ea4e4cd38e9c", "6764549bef60420686bc", "89bb1940-b905-4575-9e7f-6f887cfb368e", "7f4bc1a3-285e-48ae-8202-5accb43efb0e"];

function patchGroup(fixture: TScimFixture, members: string[] = GROUP_MEMBERS) {
  const id = target(fixture);
  if (!("id" in id) || !id.id) throw new Error("fixture has no id");
  return applyScimGroupPatch({
    group: buildGroup({ id: id.id, displayName: "Before", members: members.map((personId) => ({ personId })) }),
    body: fixture.request.body,
  });
}

const expectations: Record<string, (fixture: TScimFixture) => void> = {
  "okta/get-user-by-username": (f) => {
    expect(listIds(f)).toEqual(["23a35c27-23d3-4c03-b4c5-6443c09e7173"]);
    expect(parseListParams({ params: f.request.query! })).toMatchObject({ startIndex: 1, count: 100, skip: 0, take: 100 });
  },
  "okta/list-users": (f) => {
    const params = parseListParams({ params: f.request.query! });
    expect(params).toMatchObject({ startIndex: 1, count: 100 });
    expect(params.filter).toBeUndefined();
    expect(listIds(f)).toHaveLength(directory.length);
  },
  "okta/list-groups": (f) => {
    expect(parseListParams({ params: f.request.query! })).toMatchObject({ startIndex: 1, count: 100 });
    expect(target(f)).toEqual({ endpoint: "Groups" });
  },
  "okta/create-user": (f) => {
    const fields = parseScimUser({ body: f.request.body });
    expect(fields).toMatchObject({
      userName: "test.user@okta.local",
      givenName: "Test",
      familyName: "User",
      displayName: "Test User",
      locale: "en-US",
      externalId: "00ujl29u0le5T6Aj10h7",
      active: true,
      emails: [{ value: "test.user@okta.local", type: "work", primary: true }],
    });
    expect(JSON.stringify(fields)).not.toContain("1mz050nq"); // the password is not kept
  },
  "okta/replace-user": (f) => {
    const current = buildPerson({ id: "23a35c27-23d3-4c03-b4c5-6443c09e7173", userName: "test.user@okta.local", givenName: "Test", title: "Engineer" });
    const fields = parseScimUser({ body: f.request.body, current });
    expect(fields).toMatchObject({ givenName: "Another", familyName: "User", active: true, title: null });
  },
  "okta/deactivate-user": (f) => {
    const { next, changes } = patchUser(f);
    expect(next.active).toBe(false);
    expect(changes.activeChanged).toBe(false);
    expect(changes.changedFields).toEqual(["active"]);
  },
  "okta/create-group": (f) => {
    expect(parseScimGroup({ body: f.request.body })).toEqual({ displayName: "Test SCIMv2", externalId: null, members: [] });
  },
  "okta/rename-group": (f) => {
    const { next, changes } = patchGroup(f);
    expect(next.displayName).toBe("Test SCIMv2");
    expect(changes.changedFields).toEqual(["displayName"]);
    expect(changes.groupMembersAdded).toEqual([]);
  },
  "okta/update-group-membership": (f) => {
    const { next, changes } = patchGroup(f);
    expect(changes.groupMembersRemoved).toEqual(["89bb1940-b905-4575-9e7f-6f887cfb368e"]);
    expect(changes.groupMembersAdded).toEqual(["23a35c27-23d3-4c03-b4c5-6443c09e7173"]);
    expect(next.members.map((m) => m.personId)).toContain("23a35c27-23d3-4c03-b4c5-6443c09e7173");
  },
  "okta/replace-group-members": (f) => {
    const { next, changes } = patchGroup(f);
    expect(next.members.map((m) => m.personId).sort()).toEqual(["23a35c27-23d3-4c03-b4c5-6443c09e7173", "89bb1940-b905-4575-9e7f-6f887cfb368e"]);
    expect(changes.groupMembersRemoved.sort()).toEqual(["6764549bef60420686bc", "7f4bc1a3-285e-48ae-8202-5accb43efb0e", "f648f8d5ea4e4cd38e9c"]);
  },
  "okta/delete-group": (f) => expect(target(f)).toEqual({ endpoint: "Groups", id: "abf4dd94-a4c0-4f67-89c9-76b03340cb9b" }),

  "entra/create-user": (f) => {
    expect(parseScimUser({ body: f.request.body })).toMatchObject({
      userName: "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      formattedName: "givenName familyName",
      familyName: "familyName",
      givenName: "givenName",
      active: true,
      emails: [{ value: "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com", type: "work", primary: true }],
    });
  },
  "entra/get-user-by-username": (f) => expect(listIds(f)).toEqual(["2441309d85324e7793ae"]),
  "entra/probe-user-not-found": (f) => expect(listIds(f)).toEqual([]),
  "entra/get-user-by-work-email": (f) => expect(listIds(f)).toEqual(["2441309d85324e7793ae"]),
  "entra/update-user-multi-valued": (f) => {
    const { next } = patchUser(f, {
      familyName: "familyName",
      emails: [{ value: "old@microsoft.com", type: "work", primary: true }, { value: "me@home.example", type: "home", primary: false }],
    });
    expect(next.familyName).toBe("updatedFamilyName");
    expect(next.emails).toEqual([
      { value: "updatedEmail@microsoft.com", type: "work", primary: true },
      { value: "me@home.example", type: "home", primary: false },
    ]);
  },
  "entra/update-user-single-valued": (f) => {
    const { next, changes } = patchUser(f);
    expect(next.userName).toBe("5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com");
    expect(changes.changedFields).toEqual(["userName"]);
  },
  "entra/disable-user": (f) => {
    const { next, changes } = patchUser(f);
    expect(next.active).toBe(false);
    expect(changes.activeChanged).toBe(false);
  },
  "entra/disable-user-string-boolean": (f) => {
    const { next, changes } = patchUser(f);
    expect(next.active).toBe(false);
    expect(changes.activeChanged).toBe(false);
  },
  "entra/add-single-value-attribute": (f) => expect(patchUser(f).next.nickName).toBe("Babs"),
  "entra/replace-multiple-attributes": (f) => {
    const { next } = patchUser(f); // no work email yet: the filtered path creates it
    expect(next).toMatchObject({ displayName: "Pvlo", givenName: "Gtfd", familyName: "Pkqf", externalId: "Eqpj", employeeNumber: "Eqpj" });
    expect(next.emails).toEqual([{ value: "TestBcwqnm@test.microsoft.com", type: "work", primary: false }]);
  },
  "entra/replace-multiple-attributes-pathless": (f) => {
    const { next } = patchUser(f);
    expect(next).toMatchObject({ displayName: "Bjfe", givenName: "Kkom", familyName: "Unua", employeeNumber: "Aklq" });
    expect(next.emails.map((e) => e.value)).toEqual(["TestMhvaes@test.microsoft.com"]);
  },
  "entra/add-manager": (f) => {
    const { next, changes } = patchUser(f);
    expect(next.managerExternalRef).toBe("00aa00aa-bb11-cc22-dd33-44ee44ee44ee");
    expect(changes.managerChanged).toBe(true);
  },
  "entra/replace-manager-urn-path": (f) => {
    const same = patchUser(f, { managerId: "00aa00aa-bb11-cc22-dd33-44ee44ee44ee" });
    expect(same.changes.managerChanged).toBe(false);
    const changed = patchUser(f, { managerId: "someone-else" });
    expect(changed.next).toMatchObject({ managerId: null, managerExternalRef: "00aa00aa-bb11-cc22-dd33-44ee44ee44ee" });
    expect(changed.changes.managerChanged).toBe(true);
  },
  "entra/replace-department-urn-path": (f) => {
    const { next, changes } = patchUser(f, { department: "Engineering" });
    expect(next.department).toBe("Finance");
    expect(changes.departmentChanged).toBe(true);
  },
  "entra/delete-user": (f) => expect(target(f)).toEqual({ endpoint: "Users", id: "5171a35d82074e068ce2" }),
  "entra/create-group": (f) => {
    expect(parseScimGroup({ body: f.request.body })).toEqual({
      displayName: "displayName",
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
      members: [],
    });
  },
  "entra/get-group": (f) => {
    const params = parseListParams({ params: f.request.query! });
    const group = buildGroup({ id: "40734ae655284ad3abcc", members: [{ personId: "p-1" }] });
    const scim = toScimGroup({ group, baseUrl: BASE, excludedAttributes: params.excludedAttributes });
    expect(scim.members).toBeUndefined();
    expect(scim).toMatchObject({ id: "40734ae655284ad3abcc", displayName: "Engineering", meta: { resourceType: "Group" } });
  },
  "entra/get-group-by-displayname": (f) => {
    const params = parseListParams({ params: f.request.query! });
    const groups = [buildGroup({ id: "a", displayName: "displayName" }), buildGroup({ id: "b", displayName: "other" })];
    expect(compileScimFilter({ resourceType: "Group", filter: params.filter! })).toBeTruthy();
    const hits = groups
      .map((group) => toScimGroup({ group, baseUrl: BASE, excludedAttributes: params.excludedAttributes }))
      .filter((g) => matchesScimFilter({ resource: g, filter: params.filter!, resourceType: "Group" }));
    expect(hits.map((g) => g.id)).toEqual(["a"]);
    expect(hits[0].members).toBeUndefined();
  },
  "entra/update-group-displayname": (f) => {
    expect(patchGroup(f).next.displayName).toBe("1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName");
  },
  "entra/add-members": (f) => {
    const { changes } = patchGroup(f, []);
    expect(changes.groupMembersAdded).toEqual(["f648f8d5ea4e4cd38e9c"]);
  },
  "entra/add-members-many": (f) => {
    const { next, changes } = patchGroup(f, ["6764549bef60420686bc"]);
    expect(changes.groupMembersAdded).toEqual(["f648f8d5ea4e4cd38e9c", "5171a35d82074e068ce2"]);
    expect(next.members).toHaveLength(3);
  },
  "entra/remove-members": (f) => {
    const { changes } = patchGroup(f);
    expect(changes.groupMembersRemoved).toEqual(["f648f8d5ea4e4cd38e9c"]);
  },
  "entra/remove-members-many": (f) => {
    const { next, changes } = patchGroup(f);
    expect(changes.groupMembersRemoved).toEqual(["f648f8d5ea4e4cd38e9c", "6764549bef60420686bc"]);
    expect(next.members.map((m) => m.personId)).toEqual(["89bb1940-b905-4575-9e7f-6f887cfb368e", "7f4bc1a3-285e-48ae-8202-5accb43efb0e"]);
  },
  "entra/remove-member-value-filter": (f) => {
    expect(patchGroup(f).changes.groupMembersRemoved).toEqual(["7f4bc1a3-285e-48ae-8202-5accb43efb0e"]);
    // Retried after it already left: nothing to do, no error.
    expect(patchGroup(f, ["f648f8d5ea4e4cd38e9c"]).changes.groupMembersRemoved).toEqual([]);
  },
  "entra/delete-group": (f) => expect(target(f)).toEqual({ endpoint: "Groups", id: "cdb1ce18f65944079d37" }),
  "entra/discover-schemas": (f) => {
    expect(target(f)).toEqual({ endpoint: "Schemas" });
    expect(listScimSchemas({ baseUrl: BASE }).Resources.map((s) => s.name)).toEqual(["User", "Group", "EnterpriseUser"]);
  },
};

describe("vendor fixtures", () => {
  it("has an expectation for every fixture and a fixture for every expectation", () => {
    const names = fixtures.map((f) => `${f.vendor}/${f.name}`).sort();
    expect(names).toEqual(Object.keys(expectations).sort());
  });

  for (const fixture of fixtures) {
    it(`${fixture.vendor}: ${fixture.description}`, () => {
      expectations[`${fixture.vendor}/${fixture.name}`]!(fixture);
    });
  }
});

describe("a deactivated person still reads back", () => {
  it("returns active false after Okta's deactivation", () => {
    const fixture = fixtures.find((f) => f.name === "deactivate-user")!;
    const { next } = patchUser(fixture);
    expect(toScimUser({ person: next, baseUrl: BASE }).active).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { applyScimGroupPatch, applyScimUserPatch } from "./apply-scim-patch";
import { SCIM_ENTERPRISE_USER_SCHEMA, SCIM_PATCH_OP_SCHEMA } from "./scim-constants";
import { ScimError } from "./scim-errors";
import { randomJson, seededRandom } from "./scim-fuzz";
import type { TPersonRecord } from "./scim-records";
import { buildGroup, buildPerson } from "./scim-test-records";

const ops = (...Operations: unknown[]) => ({ schemas: [SCIM_PATCH_OP_SCHEMA], Operations });
const patchUser = (person: TPersonRecord, ...operations: unknown[]) => applyScimUserPatch({ person, body: ops(...operations) });

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScimError) return `${error.status} ${error.scimType}`;
    throw error;
  }
  return "no error";
}

const ada = buildPerson({
  userName: "ada@example.com",
  givenName: "Ada",
  department: "R&D",
  emails: [
    { value: "ada@work.example", type: "work", primary: true },
    { value: "ada@home.example", type: "home", primary: false },
  ],
});

describe("applyScimUserPatch", () => {
  it("reports a deactivation and a reactivation", () => {
    const off = patchUser(ada, { op: "Replace", path: "active", value: "False" });
    expect(off.changes.activeChanged).toBe(false);
    const on = patchUser(off.next, { op: "replace", value: { active: true } });
    expect(on.changes.activeChanged).toBe(true);
    expect(patchUser(ada, { op: "replace", path: "active", value: true }).changes).not.toHaveProperty("activeChanged");
  });

  it("never changes the record it was given", () => {
    const before = structuredClone(ada);
    patchUser(ada, { op: "add", path: "emails", value: [{ value: "new@x", primary: true }] }, { op: "replace", path: "name.givenName", value: "A" });
    expect(ada).toEqual(before);
    failure(() => patchUser(ada, { op: "replace", path: "title", value: "T" }, { op: "replace", path: "nosuch", value: 1 }));
    expect(ada).toEqual(before);
  });

  it("adds a new primary email and clears primary on the others", () => {
    const { next } = patchUser(ada, { op: "add", path: "emails", value: [{ value: "ada@new.example", type: "other", primary: true }] });
    expect(next.emails.filter((e) => e.primary).map((e) => e.value)).toEqual(["ada@new.example"]);
    expect(next.emails).toHaveLength(3);
  });

  it("removes filtered values, and a filtered remove that matches nothing is a no-op", () => {
    expect(patchUser(ada, { op: "remove", path: 'emails[type eq "home"]' }).next.emails.map((e) => e.value)).toEqual(["ada@work.example"]);
    expect(patchUser(ada, { op: "remove", path: 'emails[type eq "fax"]' }).changes.changedFields).toEqual([]);
  });

  it("creates the work phone number a filtered replace names when there is none", () => {
    const { next } = patchUser(ada, { op: "Add", path: 'phoneNumbers[type eq "mobile"].value', value: "+1 555 0100" });
    expect(next.phoneNumbers).toEqual([{ value: "+1 555 0100", type: "mobile", primary: false }]);
  });

  it("sets, replaces and removes the manager in every shape Entra and the RFC use", () => {
    const urn = `${SCIM_ENTERPRISE_USER_SCHEMA}:manager`;
    expect(patchUser(ada, { op: "replace", path: urn, value: { value: "m-1" } }).next.managerExternalRef).toBe("m-1");
    expect(patchUser(ada, { op: "replace", path: `${urn}.value`, value: "m-1" }).next.managerExternalRef).toBe("m-1");
    expect(patchUser(ada, { op: "replace", value: { [SCIM_ENTERPRISE_USER_SCHEMA]: { manager: "m-1" } } }).next.managerExternalRef).toBe("m-1");
    const removed = patchUser(buildPerson({ managerId: "m-1" }), { op: "Remove", path: urn });
    expect(removed.next).toMatchObject({ managerId: null, managerExternalRef: null });
    expect(removed.changes.managerChanged).toBe(true);
  });

  it("reports department changes for attribution", () => {
    const { changes } = patchUser(ada, { op: "replace", path: `${SCIM_ENTERPRISE_USER_SCHEMA}:department`, value: "Finance" });
    expect(changes).toMatchObject({ departmentChanged: true, managerChanged: false, changedFields: ["department"] });
  });

  it("ignores attributes Marshal does not store", () => {
    const { changes } = patchUser(ada, { op: "Replace", path: 'addresses[type eq "work"].postalCode', value: "12345" }, { op: "replace", path: "name.middleName", value: "B" });
    expect(changes.changedFields).toEqual([]);
  });

  it.each([
    [{ op: "replace", path: "shoeSize", value: "9" }, "400 invalidPath"],
    [{ op: "replace", path: "emails[type eq", value: "x" }, "400 invalidPath"],
    [{ op: "replace", path: "name.nickname", value: "x" }, "400 invalidPath"],
    [{ op: "replace", path: "urn:example:custom:2.0:User:tag", value: "x" }, "400 invalidPath"],
    [{ op: "replace", path: "active", value: "perhaps" }, "400 invalidValue"],
    [{ op: "replace", path: "title", value: 7 }, "400 invalidValue"],
    [{ op: "replace", path: "userName", value: "" }, "400 invalidValue"],
    [{ op: "add", path: "emails", value: [{ value: "a@x", primary: true }, { value: "b@x", primary: true }] }, "400 invalidValue"],
    [{ op: "remove", path: "userName" }, "400 mutability"],
    [{ op: "remove", path: "active" }, "400 mutability"],
    [{ op: "replace", path: "id", value: "other" }, "400 mutability"],
    [{ op: "replace", path: "meta.created", value: "2020-01-01" }, "400 mutability"],
    [{ op: "add", path: "groups", value: [{ value: "g-1" }] }, "400 mutability"],
    [{ op: "replace", value: { id: "not-this-person" } }, "400 mutability"],
    [{ op: "remove" }, "400 noTarget"],
    [{ op: "replace", path: 'emails[type eq "work" or type eq "home"].value', value: "x@y" }, "no error"],
    [{ op: "replace", path: 'emails[value co "nothing"].type', value: "work" }, "400 noTarget"],
    [{ op: "move", path: "title", value: "x" }, "400 invalidSyntax"],
    [{ op: "replace", value: "not an object" }, "400 invalidSyntax"],
  ])("%j → %s", (operation, expected) => {
    expect(failure(() => patchUser(ada, operation))).toBe(expected);
  });

  it.each([
    [{ Operations: [{ op: "replace", path: "title", value: "x" }] }, "400 invalidSyntax"],
    [{ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], Operations: [{ op: "replace", path: "title", value: "x" }] }, "400 invalidValue"],
    [{ schemas: [SCIM_PATCH_OP_SCHEMA], Operations: [] }, "400 invalidSyntax"],
    [{ schemas: [SCIM_PATCH_OP_SCHEMA] }, "400 invalidSyntax"],
    [null, "400 invalidSyntax"],
  ])("refuses the body %j", (body, expected) => {
    expect(failure(() => applyScimUserPatch({ person: ada, body }))).toBe(expected);
  });
});

describe("applyScimGroupPatch", () => {
  const group = buildGroup({ members: [{ personId: "p-1" }, { personId: "p-2" }] });
  const patchGroup = (...operations: unknown[]) => applyScimGroupPatch({ group, body: ops(...operations) });

  it("nets out membership changes across operations", () => {
    const { changes } = patchGroup(
      { op: "add", path: "members", value: [{ value: "p-3" }, { value: "p-1" }] },
      { op: "remove", path: 'members[value eq "p-2"]' },
      { op: "remove", path: 'members[value eq "p-3"]' },
    );
    expect(changes).toMatchObject({ groupMembersAdded: [], groupMembersRemoved: ["p-2"], changedFields: ["members"] });
  });

  it("removes every member on remove without a value, and several with a value filter using or", () => {
    expect(patchGroup({ op: "remove", path: "members" }).next.members).toEqual([]);
    expect(patchGroup({ op: "remove", path: 'members[value eq "p-1" or value eq "p-2"]' }).next.members).toEqual([]);
  });

  it.each([
    [{ op: "remove", path: "displayName" }, "400 mutability"],
    [{ op: "replace", path: "displayName", value: "" }, "400 invalidValue"],
    [{ op: "add", path: "members", value: [{ display: "no value" }] }, "400 invalidValue"],
    [{ op: "add", path: "members", value: [{ value: "g-9", type: "Group" }] }, "400 invalidValue"],
    [{ op: "replace", path: 'members[value eq "p-1"]', value: { value: "p-9" } }, "400 invalidPath"],
    [{ op: "remove", path: "members.value" }, "400 invalidPath"],
    [{ op: "replace", path: "owner", value: "p-1" }, "400 invalidPath"],
    [{ op: "replace", value: { id: "another-group", displayName: "x" } }, "400 mutability"],
  ])("%j → %s", (operation, expected) => {
    expect(failure(() => patchGroup(operation))).toBe(expected);
  });
});

describe("fuzz", () => {
  it("random PATCH bodies and operations apply or fail with a 400 ScimError, never anything else", () => {
    const random = seededRandom(3);
    for (let i = 0; i < 4000; i++) {
      const operation = randomJson(random);
      const bodies = [randomJson(random), ops(operation), ops(operation, randomJson(random))];
      for (const body of bodies) {
        for (const apply of [() => applyScimUserPatch({ person: ada, body }), () => applyScimGroupPatch({ group: buildGroup(), body })]) {
          const outcome = failure(apply);
          if (outcome !== "no error") expect(outcome, JSON.stringify(body)).toMatch(/^400 (invalidSyntax|invalidValue|invalidPath|mutability|noTarget)$/);
        }
      }
    }
  });
});

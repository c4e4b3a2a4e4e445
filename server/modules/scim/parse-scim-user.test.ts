import { describe, expect, it } from "vitest";
import { parseScimGroup } from "./parse-scim-group";
import { parseScimUser } from "./parse-scim-user";
import { SCIM_ENTERPRISE_USER_SCHEMA, SCIM_GROUP_SCHEMA, SCIM_USER_SCHEMA } from "./scim-constants";
import { ScimError } from "./scim-errors";
import { randomJson, seededRandom } from "./scim-fuzz";
import { buildGroup, buildPerson } from "./scim-test-records";

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScimError) return `${error.status} ${error.scimType}: ${error.detail}`;
    throw error;
  }
  return "no error";
}

const user = (extra: Record<string, unknown>) => ({ schemas: [SCIM_USER_SCHEMA], userName: "ada@example.com", ...extra });

describe("parseScimUser", () => {
  it("reads core and enterprise attributes, names case-insensitively", () => {
    const fields = parseScimUser({
      body: {
        Schemas: [SCIM_USER_SCHEMA, SCIM_ENTERPRISE_USER_SCHEMA],
        UserName: "ada@example.com",
        Active: "False",
        NAME: { GivenName: "Ada", familyname: "Lovelace", middleName: "Augusta" },
        phoneNumbers: [{ value: "+44 20 0000", type: "work" }],
        [SCIM_ENTERPRISE_USER_SCHEMA]: { department: "Analytics", costCenter: "CC-1", manager: { value: "p-1" } },
      },
    });
    expect(fields).toMatchObject({
      userName: "ada@example.com",
      active: false,
      givenName: "Ada",
      familyName: "Lovelace",
      department: "Analytics",
      costCenter: "CC-1",
      managerId: null,
      managerExternalRef: "p-1",
      phoneNumbers: [{ value: "+44 20 0000", type: "work", primary: false }],
    });
  });

  it("defaults active to true on create, and keeps the stored value on a PUT that omits it", () => {
    expect(parseScimUser({ body: user({}) }).active).toBe(true);
    expect(parseScimUser({ body: user({}), current: buildPerson({ active: false }) }).active).toBe(false);
  });

  it("keeps a manager that names the current managerId as resolved", () => {
    const fields = parseScimUser({
      body: user({ [SCIM_ENTERPRISE_USER_SCHEMA]: { manager: "p-1" } }),
      current: buildPerson({ managerId: "p-1" }),
    });
    expect(fields).toMatchObject({ managerId: "p-1", managerExternalRef: null });
  });

  it("ignores readOnly attributes, unstored core attributes, other extensions and null unknowns", () => {
    const fields = parseScimUser({
      body: user({
        id: "attacker-chosen",
        meta: { resourceType: "User" },
        groups: [{ value: "g-1" }],
        password: "secret",
        roles: [],
        "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User": { tag: "701984" },
        department: null,
      }),
    });
    expect(JSON.stringify(fields)).not.toMatch(/attacker|secret|701984/);
  });

  it.each([
    [{ userName: "a" }, "400 invalidSyntax"],
    [{ schemas: "urn:ietf:params:scim:schemas:core:2.0:User", userName: "a" }, "400 invalidSyntax"],
    [{ schemas: [SCIM_GROUP_SCHEMA], userName: "a" }, "400 invalidValue"],
    [{ schemas: [SCIM_USER_SCHEMA] }, "400 invalidValue"],
    [user({ userName: "  " }), "400 invalidValue"],
    [user({ shoeSize: 9 }), "400 invalidSyntax"],
    [user({ active: "maybe" }), "400 invalidValue"],
    [user({ title: 42 }), "400 invalidValue"],
    [user({ emails: [{ type: "work" }] }), "400 invalidValue"],
    [user({ emails: [{ value: "a@x", primary: true }, { value: "b@x", primary: true }] }), "400 invalidValue"],
    [user({ name: { nickname: "x" } }), "400 invalidSyntax"],
    [user({ [SCIM_ENTERPRISE_USER_SCHEMA]: { shoeSize: "9" } }), "400 invalidSyntax"],
    [[], "400 invalidSyntax"],
    ["userName", "400 invalidSyntax"],
  ])("refuses %j", (body, expected) => {
    expect(failure(() => parseScimUser({ body }))).toMatch(new RegExp(`^${expected}`));
  });

  it("names the unknown attribute in the error", () => {
    expect(failure(() => parseScimUser({ body: user({ shoeSize: 9 }) }))).toContain("shoeSize");
  });
});

describe("parseScimGroup", () => {
  it("reads displayName, externalId and de-duplicated members", () => {
    expect(
      parseScimGroup({
        body: { schemas: [SCIM_GROUP_SCHEMA], displayName: "Eng", externalId: "e-1", members: [{ value: "p-1" }, { value: "p-1", type: "User" }, { value: "p-2" }] },
      }),
    ).toEqual({ displayName: "Eng", externalId: "e-1", members: [{ personId: "p-1" }, { personId: "p-2" }] });
  });

  it("keeps members on a PUT that omits them, and empties the group on members: []", () => {
    const current = buildGroup({ members: [{ personId: "p-1" }] });
    expect(parseScimGroup({ body: { schemas: [SCIM_GROUP_SCHEMA], displayName: "Eng" }, current }).members).toEqual([{ personId: "p-1" }]);
    expect(parseScimGroup({ body: { schemas: [SCIM_GROUP_SCHEMA], displayName: "Eng", members: [] }, current }).members).toEqual([]);
  });

  it.each([
    [{ displayName: "x" }, "400 invalidSyntax"],
    [{ schemas: [SCIM_USER_SCHEMA], displayName: "x" }, "400 invalidValue"],
    [{ schemas: [SCIM_GROUP_SCHEMA] }, "400 invalidValue"],
    [{ schemas: [SCIM_GROUP_SCHEMA], displayName: "x", members: [{ value: "g-2", type: "Group" }] }, "400 invalidValue"],
    [{ schemas: [SCIM_GROUP_SCHEMA], displayName: "x", members: { value: "p-1" } }, "400 invalidValue"],
    [{ schemas: [SCIM_GROUP_SCHEMA], displayName: "x", owner: "p-1" }, "400 invalidSyntax"],
  ])("refuses %j", (body, expected) => {
    expect(failure(() => parseScimGroup({ body }))).toMatch(new RegExp(`^${expected}`));
  });
});

describe("fuzz", () => {
  it("random bodies are parsed or refused with a 400 ScimError, never anything else", () => {
    const random = seededRandom(11);
    for (let i = 0; i < 3000; i++) {
      const body = randomJson(random);
      for (const parse of [() => parseScimUser({ body }), () => parseScimGroup({ body }), () => parseScimUser({ body, current: buildPerson() })]) {
        const outcome = failure(parse);
        if (outcome !== "no error") expect(outcome, JSON.stringify(body)).toMatch(/^400 (invalidSyntax|invalidValue)/);
      }
    }
  });
});

import { describe, expect, it } from "vitest";
import { SCIM_ENTERPRISE_USER_SCHEMA, SCIM_USER_SCHEMA } from "./scim-constants";
import { buildPerson } from "./scim-test-records";
import { toScimUser } from "./to-scim-user";

const BASE = "https://marshal.example/scim/v2/";
const person = buildPerson({
  id: "p-9",
  externalId: "00u9",
  userName: "grace@example.com",
  givenName: "Grace",
  familyName: "Hopper",
  title: "Rear Admiral",
  department: "Navy",
  employeeNumber: "1906",
  managerId: "p-1",
  emails: [{ value: "grace@example.com", type: "work", primary: true }],
  phoneNumbers: [{ value: "+1 555 0100", type: null, primary: false }],
  version: 4,
});

describe("toScimUser", () => {
  it("renders core, enterprise extension and meta", () => {
    expect(toScimUser({ person, baseUrl: BASE, managerDisplayName: "Ada", groups: [{ id: "g-1", displayName: "Eng" }] })).toEqual({
      schemas: [SCIM_USER_SCHEMA, SCIM_ENTERPRISE_USER_SCHEMA],
      id: "p-9",
      externalId: "00u9",
      userName: "grace@example.com",
      name: { familyName: "Hopper", givenName: "Grace" },
      title: "Rear Admiral",
      active: true,
      emails: [{ value: "grace@example.com", type: "work", primary: true }],
      phoneNumbers: [{ value: "+1 555 0100", primary: false }],
      groups: [{ value: "g-1", $ref: "https://marshal.example/scim/v2/Groups/g-1", display: "Eng" }],
      [SCIM_ENTERPRISE_USER_SCHEMA]: {
        employeeNumber: "1906",
        department: "Navy",
        manager: { value: "p-1", $ref: "https://marshal.example/scim/v2/Users/p-1", displayName: "Ada" },
      },
      meta: {
        resourceType: "User",
        created: "2026-01-05T10:00:00.000Z",
        lastModified: "2026-02-10T12:30:00.000Z",
        location: "https://marshal.example/scim/v2/Users/p-9",
        version: 'W/"4"',
      },
    });
  });

  it("omits unset values instead of sending null, and the extension when it is empty", () => {
    const bare = toScimUser({ person: buildPerson(), baseUrl: BASE });
    expect(bare.schemas).toEqual([SCIM_USER_SCHEMA]);
    expect(Object.values(bare)).not.toContain(null);
    expect(bare).not.toHaveProperty("name");
    expect(bare).not.toHaveProperty(SCIM_ENTERPRISE_USER_SCHEMA);
  });

  it("shows an unresolved manager reference as its raw value", () => {
    const user = toScimUser({ person: buildPerson({ managerExternalRef: "00aa" }), baseUrl: BASE });
    expect(user[SCIM_ENTERPRISE_USER_SCHEMA]).toEqual({ manager: { value: "00aa" } });
  });

  it("returns only the requested attributes, plus id, schemas and meta.resourceType", () => {
    const user = toScimUser({ person, baseUrl: BASE, attributes: ["userName", "name.givenName", "emails.value", `${SCIM_ENTERPRISE_USER_SCHEMA}:department`] });
    expect(user).toEqual({
      schemas: [SCIM_USER_SCHEMA, SCIM_ENTERPRISE_USER_SCHEMA],
      id: "p-9",
      meta: { resourceType: "User" },
      userName: "grace@example.com",
      name: { givenName: "Grace" },
      emails: [{ value: "grace@example.com" }],
      [SCIM_ENTERPRISE_USER_SCHEMA]: { department: "Navy" },
    });
  });

  it("drops excluded attributes but never id, schemas or meta.resourceType", () => {
    const user = toScimUser({ person, baseUrl: BASE, excludedAttributes: ["emails", "id", "schemas", "meta", "name.familyName", SCIM_ENTERPRISE_USER_SCHEMA] });
    expect(user.id).toBe("p-9");
    expect(user.schemas).toEqual([SCIM_USER_SCHEMA]);
    expect(user.meta).toEqual({ resourceType: "User" });
    expect(user).not.toHaveProperty("emails");
    expect(user.name).toEqual({ givenName: "Grace" });
    expect(user).not.toHaveProperty(SCIM_ENTERPRISE_USER_SCHEMA);
  });
});

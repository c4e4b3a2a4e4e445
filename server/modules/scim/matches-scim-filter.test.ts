import { describe, expect, it } from "vitest";
import { matchesScimFilter } from "./matches-scim-filter";
import { parseScimFilter } from "./parse-scim-filter";
import { ScimError } from "./scim-errors";
import { buildPerson } from "./scim-test-records";
import { toScimUser } from "./to-scim-user";

const user = toScimUser({
  baseUrl: "https://m/scim/v2",
  person: buildPerson({
    userName: "Ada@Example.com",
    externalId: "Ext-1",
    title: "Engineer",
    department: "R&D",
    emails: [
      { value: "ada@home.example", type: "home", primary: false },
      { value: "ada@work.example", type: "work", primary: true },
    ],
  }),
});
const matches = (filter: string) => matchesScimFilter({ resource: user, filter: parseScimFilter({ filter }), resourceType: "User" });

describe("matchesScimFilter", () => {
  it("matches names and case-insensitive values, but caseExact ones exactly", () => {
    expect(matches('USERNAME eq "ada@example.com"')).toBe(true);
    expect(matches('externalId eq "ext-1"')).toBe(false);
    expect(matches('externalId eq "Ext-1"')).toBe(true);
  });

  it("correlates a value filter to one email", () => {
    expect(matches('emails[type eq "work"].value eq "ada@work.example"')).toBe(true);
    expect(matches('emails[type eq "work"].value eq "ada@home.example"')).toBe(false);
    expect(matches('emails.value eq "ada@home.example"')).toBe(true);
  });

  it("treats an absent attribute as matching only through not", () => {
    expect(matches('nickName eq "x"')).toBe(false);
    expect(matches('nickName ne "x"')).toBe(false);
    expect(matches('not (nickName eq "x")')).toBe(true);
    expect(matches("nickName pr")).toBe(false);
    expect(matches("title pr")).toBe(true);
  });

  it("reads the enterprise extension by URN and compares dates as instants", () => {
    expect(matches('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "r&d"')).toBe(true);
    expect(matches('meta.lastModified gt "2026-02-10T12:29:59+00:00"')).toBe(true);
    expect(matches('meta.lastModified gt "2026-02-10T12:30:00Z"')).toBe(false);
  });

  it("evaluates a value filter against one value of a multi-valued attribute", () => {
    const filter = parseScimFilter({ filter: 'value eq "p-2"' });
    expect(matchesScimFilter({ resource: { value: "p-2", type: "User" }, filter, resourceType: "Group", within: "members" })).toBe(true);
    expect(matchesScimFilter({ resource: { value: "P-2" }, filter, resourceType: "Group", within: "members" })).toBe(false);
  });

  it("refuses unknown attributes with invalidFilter", () => {
    expect(() => matches('shoeSize eq "9"')).toThrow(ScimError);
    try {
      matches('shoeSize eq "9"');
    } catch (error) {
      expect((error as ScimError).scimType).toBe("invalidFilter");
    }
  });
});

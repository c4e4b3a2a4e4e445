import { describe, expect, it } from "vitest";
import { buildGroup } from "./scim-test-records";
import { toScimGroup } from "./to-scim-group";

describe("toScimGroup", () => {
  const group = buildGroup({ id: "g-7", externalId: "8aa1", members: [{ personId: "p-1", display: "Ada" }, { personId: "p-2" }], version: 3 });

  it("renders members with references and meta", () => {
    expect(toScimGroup({ group, baseUrl: "https://m.example/scim/v2" })).toEqual({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      id: "g-7",
      externalId: "8aa1",
      displayName: "Engineering",
      members: [
        { value: "p-1", $ref: "https://m.example/scim/v2/Users/p-1", type: "User", display: "Ada" },
        { value: "p-2", $ref: "https://m.example/scim/v2/Users/p-2", type: "User" },
      ],
      meta: {
        resourceType: "Group",
        created: "2026-01-05T10:00:00.000Z",
        lastModified: "2026-02-10T12:30:00.000Z",
        location: "https://m.example/scim/v2/Groups/g-7",
        version: 'W/"3"',
      },
    });
  });

  it("leaves members out when excluded (Entra ID's excludedAttributes=members)", () => {
    const scim = toScimGroup({ group, baseUrl: "https://m.example/scim/v2", excludedAttributes: ["MEMBERS"] });
    expect(scim).not.toHaveProperty("members");
    expect(scim.displayName).toBe("Engineering");
  });

  it("returns just member ids when asked for members.value", () => {
    const scim = toScimGroup({ group, baseUrl: "https://m.example/scim/v2", attributes: ["members.value"] });
    expect(scim).toEqual({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      id: "g-7",
      meta: { resourceType: "Group" },
      members: [{ value: "p-1" }, { value: "p-2" }],
    });
  });
});

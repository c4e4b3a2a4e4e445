import { describe, expect, it } from "vitest";
import { getResourceType, getScimSchema, getServiceProviderConfig, listResourceTypes, listScimSchemas } from "./scim-discovery";
import { ScimError } from "./scim-errors";

const baseUrl = "https://marshal.example/scim/v2/";

describe("discovery", () => {
  it("advertises what the service does", () => {
    const config = getServiceProviderConfig({ baseUrl });
    expect(config).toMatchObject({
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      meta: { resourceType: "ServiceProviderConfig", location: "https://marshal.example/scim/v2/ServiceProviderConfig" },
    });
    expect(config.authenticationSchemes[0]?.type).toBe("oauthbearertoken");
  });

  it("lists User (with the enterprise extension) and Group resource types", () => {
    const types = listResourceTypes({ baseUrl });
    expect(types.totalResults).toBe(2);
    expect(types.Resources.map((r) => [r.id, r.endpoint, r.meta.location])).toEqual([
      ["User", "/Users", "https://marshal.example/scim/v2/ResourceTypes/User"],
      ["Group", "/Groups", "https://marshal.example/scim/v2/ResourceTypes/Group"],
    ]);
    expect(getResourceType({ baseUrl, id: "user" }).schemaExtensions).toEqual([
      { schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", required: false },
    ]);
  });

  it("describes each schema's attributes in RFC 7643 §7 form", () => {
    const schemas = listScimSchemas({ baseUrl });
    expect(schemas.Resources.map((s) => s.id)).toEqual([
      "urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:core:2.0:Group",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    ]);
    const user = getScimSchema({ baseUrl, id: "urn:ietf:params:scim:schemas:core:2.0:User" });
    expect(user.attributes.find((a) => a.name === "userName")).toMatchObject({ required: true, uniqueness: "server", caseExact: false });
    expect(user.meta.location).toBe("https://marshal.example/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User");
    const enterprise = getScimSchema({ baseUrl, id: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" });
    expect(enterprise.attributes.map((a) => a.name)).toEqual(["employeeNumber", "costCenter", "organization", "division", "department", "manager"]);
  });

  it("answers 404 for an unknown schema or resource type", () => {
    expect(() => getScimSchema({ baseUrl, id: "urn:nope" })).toThrow(ScimError);
    expect(() => getResourceType({ baseUrl, id: "Device" })).toThrow(/not found/);
  });
});

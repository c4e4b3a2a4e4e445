import { describe, expect, it } from "vitest";
import { ScimError, toScimErrorBody, uniquenessError } from "./scim-errors";
import { ifMatchAllows, formatScimVersion } from "./scim-meta";
import { resolveScimEndpoint } from "./resolve-scim-endpoint";
import { resolveManagerReference } from "./resolve-manager-reference";

describe("SCIM errors", () => {
  it("renders the RFC 7644 §3.12 body with the status as a string", () => {
    expect(toScimErrorBody(new ScimError(400, "invalidFilter", "bad filter"))).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "400",
      scimType: "invalidFilter",
      detail: "bad filter",
    });
    expect(toScimErrorBody(new ScimError(404, undefined, "User x not found"))).not.toHaveProperty("scimType");
  });

  it("gives a 409 uniqueness error naming the attribute", () => {
    expect(toScimErrorBody(uniquenessError("userName"))).toMatchObject({ status: "409", scimType: "uniqueness", detail: expect.stringContaining("userName") });
  });

  it("hides the details of unexpected errors", () => {
    expect(toScimErrorBody(new Error("db password is hunter2"))).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "500",
      detail: "Internal server error",
    });
  });
});

describe("ETags", () => {
  it("formats versions as weak ETags and checks If-Match", () => {
    expect(formatScimVersion(3)).toBe('W/"3"');
    expect(ifMatchAllows({ ifMatch: undefined, version: 3 })).toBe(true);
    expect(ifMatchAllows({ ifMatch: "*", version: 3 })).toBe(true);
    expect(ifMatchAllows({ ifMatch: 'W/"2", W/"3"', version: 3 })).toBe(true);
    expect(ifMatchAllows({ ifMatch: '"3"', version: 3 })).toBe(true);
    expect(ifMatchAllows({ ifMatch: 'W/"2"', version: 3 })).toBe(false);
  });
});

describe("resolveScimEndpoint", () => {
  it("names the endpoint and id of a path", () => {
    expect(resolveScimEndpoint({ segments: ["Users", "p%201"] })).toEqual({ endpoint: "Users", id: "p 1" });
    expect(resolveScimEndpoint({ segments: ["groups"] })).toEqual({ endpoint: "Groups" });
    expect(resolveScimEndpoint({ segments: ["ServiceProviderConfig"] })).toEqual({ endpoint: "ServiceProviderConfig" });
  });

  it("answers 404 for anything else", () => {
    for (const segments of [[], ["Devices"], ["Users", "a", "b"], ["ServiceProviderConfig", "x"]]) {
      expect(() => resolveScimEndpoint({ segments })).toThrow(ScimError);
    }
  });
});

describe("resolveManagerReference", () => {
  it("moves a matched reference to managerId and keeps an unmatched one", () => {
    expect(resolveManagerReference({ fields: { managerId: null, managerExternalRef: "00u1" }, managerPersonId: "p-7" })).toEqual({
      managerId: "p-7",
      managerExternalRef: null,
    });
    expect(resolveManagerReference({ fields: { managerId: null, managerExternalRef: "00u1" }, managerPersonId: null })).toEqual({
      managerId: null,
      managerExternalRef: "00u1",
    });
  });
});

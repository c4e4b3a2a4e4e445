import { describe, expect, it } from "vitest";
import { parseListParams } from "./parse-list-params";
import { ScimError } from "./scim-errors";

const parse = (query: string) => parseListParams({ params: new URLSearchParams(query) });

describe("parseListParams", () => {
  it("reads Okta's paging and filter", () => {
    const params = parse("filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100");
    expect(params).toMatchObject({ startIndex: 1, count: 100, skip: 0, take: 100 });
    expect(params.filter).toEqual({ op: "eq", attrPath: "userName", compValue: "test.user@okta.local" });
  });

  it("clamps startIndex below 1 to 1, negative count to 0 and huge count to 200", () => {
    expect(parse("startIndex=-5&count=-3")).toMatchObject({ startIndex: 1, skip: 0, count: 0, take: 0 });
    expect(parse("count=99999999999999999999")).toMatchObject({ count: 200 });
    expect(parse("startIndex=201")).toMatchObject({ startIndex: 201, skip: 200, count: 200 });
  });

  it("splits attribute lists and reads sorting, parameter names case-insensitively", () => {
    expect(parse("Attributes=userName,%20emails&EXCLUDEDATTRIBUTES=members&sortBy=userName&sortOrder=Descending")).toMatchObject({
      attributes: ["userName", "emails"],
      excludedAttributes: ["members"],
      sortBy: "userName",
      sortOrder: "descending",
    });
    expect(parse("sortBy=userName").sortOrder).toBe("ascending");
  });

  it("accepts a plain record of parameters", () => {
    expect(parseListParams({ params: { count: "5", startIndex: ["3"] } })).toMatchObject({ count: 5, startIndex: 3 });
  });

  it.each([
    ["count=ten", "invalidValue"],
    ["startIndex=1.5", "invalidValue"],
    ["sortOrder=sideways", "invalidValue"],
    ["filter=userName%20eq", "invalidFilter"],
  ])("refuses %s with %s", (query, scimType) => {
    expect(() => parse(query)).toThrow(ScimError);
    try {
      parse(query);
    } catch (error) {
      expect((error as ScimError).scimType).toBe(scimType);
    }
  });
});

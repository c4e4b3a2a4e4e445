import { describe, expect, it } from "vitest";
import { parseScimFilter } from "./parse-scim-filter";
import { ScimError } from "./scim-errors";
import { randomFilterText, seededRandom } from "./scim-fuzz";

const parse = (filter: string) => parseScimFilter({ filter });

function scimTypeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScimError) return `${error.status} ${error.scimType}`;
    throw error;
  }
  return undefined;
}

describe("parseScimFilter", () => {
  it("parses the probes Okta and Entra ID send", () => {
    expect(parse('userName eq "test.user@okta.local"')).toEqual({ op: "eq", attrPath: "userName", compValue: "test.user@okta.local" });
    expect(parse('externalId eq "00ujl29u0le5T6Aj10h7"')).toEqual({ op: "eq", attrPath: "externalId", compValue: "00ujl29u0le5T6Aj10h7" });
  });

  it("treats operators and logical words case-insensitively", () => {
    expect(parse('userName EQ "a" AND active Eq true')).toEqual({
      op: "and",
      filters: [
        { op: "eq", attrPath: "userName", compValue: "a" },
        { op: "eq", attrPath: "active", compValue: true },
      ],
    });
    expect(parse("title PR")).toEqual({ op: "pr", attrPath: "title" });
  });

  it("parses not, pr, precedence and parentheses", () => {
    expect(parse('not (userName eq "x")')).toEqual({ op: "not", filter: { op: "eq", attrPath: "userName", compValue: "x" } });
    expect(parse('title pr or userName eq "x" and active eq false')).toEqual({
      op: "or",
      filters: [
        { op: "pr", attrPath: "title" },
        {
          op: "and",
          filters: [
            { op: "eq", attrPath: "userName", compValue: "x" },
            { op: "eq", attrPath: "active", compValue: false },
          ],
        },
      ],
    });
  });

  it("correlates a sub-attribute after a value filter to the same value", () => {
    expect(parse('emails[type eq "work"].value eq "a@b.c"')).toEqual({
      op: "[]",
      attrPath: "emails",
      valFilter: {
        op: "and",
        filters: [
          { op: "eq", attrPath: "type", compValue: "work" },
          { op: "eq", attrPath: "value", compValue: "a@b.c" },
        ],
      },
    });
    // The inner `or` stays grouped, so it does not swallow the sub-attribute condition.
    expect(parse('emails[type eq "work" or type eq "home"].value pr')).toEqual({
      op: "[]",
      attrPath: "emails",
      valFilter: {
        op: "and",
        filters: [
          {
            op: "or",
            filters: [
              { op: "eq", attrPath: "type", compValue: "work" },
              { op: "eq", attrPath: "type", compValue: "home" },
            ],
          },
          { op: "pr", attrPath: "value" },
        ],
      },
    });
  });

  it("keeps full URN attribute paths", () => {
    expect(parse('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m-1"')).toEqual({
      op: "eq",
      attrPath: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
      compValue: "m-1",
    });
  });

  it("decodes JSON escapes in string values", () => {
    expect(parse('userName eq "a\\\\b"')).toMatchObject({ compValue: "a\\b" });
    expect(parse('userName eq "say \\"hi\\""')).toMatchObject({ compValue: 'say "hi"' });
    expect(parse('userName eq "tab\\there"')).toMatchObject({ compValue: "tab\there" });
    expect(parse('userName eq "caf\\u00e9"')).toMatchObject({ compValue: "café" });
  });

  it.each([
    "",
    "   ",
    "userName",
    "userName eq",
    'userName eq "x" junk',
    "userName eq x",
    'userName eq "unterminated',
    'emails[type eq "work"',
    'emails[type eq "work"].value',
    'userName eq "x" and',
    "(userName pr",
    'userName zz "x"',
    'userName eq "bad \\q escape"',
    "x".repeat(5000),
  ])("refuses %j with 400 invalidFilter", (filter) => {
    expect(scimTypeOf(() => parse(filter))).toBe("400 invalidFilter");
  });

  it("fuzz: random input either parses or throws ScimError(400, invalidFilter)", () => {
    const random = seededRandom(7);
    let parsed = 0;
    for (let i = 0; i < 3000; i++) {
      const text = randomFilterText(random);
      const outcome = scimTypeOf(() => parse(text));
      if (outcome === undefined) parsed++;
      else expect(outcome, text).toBe("400 invalidFilter");
    }
    expect(parsed).toBeGreaterThan(0);
  });
});

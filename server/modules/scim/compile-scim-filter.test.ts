import { describe, expect, it } from "vitest";
import type { Prisma } from "@/server/db/generated/client";
import { compileScimFilter, compileScimSort, type TPrismaWhere } from "./compile-scim-filter";
import { matchesScimFilter } from "./matches-scim-filter";
import { parseScimFilter } from "./parse-scim-filter";
import { ScimError } from "./scim-errors";
import { seededRandom } from "./scim-fuzz";
import type { TPersonRecord } from "./scim-records";
import { buildPerson } from "./scim-test-records";
import { toScimUser } from "./to-scim-user";

const where = (filter: string, resourceType: "User" | "Group" = "User") =>
  compileScimFilter({ resourceType, filter: parseScimFilter({ filter }) });

function scimError(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error("expected a ScimError");
}

describe("compileScimFilter", () => {
  it("produces objects Prisma accepts as Person and Group where inputs", () => {
    // Type-level check against the generated client: a shape Prisma does not accept fails typecheck.
    const person: Prisma.PersonWhereInput = where('userName eq "a" and emails[type eq "work"].value co "x"') as Prisma.PersonWhereInput;
    const group: Prisma.GroupWhereInput = where('members[value eq "p-1"]', "Group") as Prisma.GroupWhereInput;
    expect(person).toBeTruthy();
    // NOT NULL columns get no `not: null` guard: Prisma refuses `{ not: null }` on a required field.
    expect(group).toEqual({ members: { some: { personId: { equals: "p-1" } } } });
  });

  it("compares userName case-insensitively and externalId / id exactly", () => {
    expect(where('userName eq "Ada@Example.com"')).toEqual({ userName: { equals: "Ada@Example.com", mode: "insensitive" } });
    expect(where('externalId eq "00u1"')).toEqual({ AND: [{ externalId: { not: null } }, { externalId: { equals: "00u1" } }] });
  });

  it("maps the enterprise extension by URN, and manager to both manager columns", () => {
    expect(where('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department sw "Eng"')).toEqual({
      AND: [{ department: { not: null } }, { department: { startsWith: "Eng", mode: "insensitive" } }],
    });
    const manager = where('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m-1"');
    expect(JSON.stringify(manager)).toContain("managerId");
    expect(JSON.stringify(manager)).toContain("managerExternalRef");
  });

  it("turns meta dates into Date comparisons", () => {
    expect(where('meta.lastModified gt "2026-01-01T00:00:00Z"')).toEqual({ updatedAt: { gt: new Date("2026-01-01T00:00:00Z") } });
    expect(where('meta.created le "2026-01-01"')).toEqual({ createdAt: { lte: new Date("2026-01-01") } });
  });

  it("correlates emails[type eq \"work\"].value to one email row", () => {
    expect(where('emails[type eq "work"].value eq "a@b.c"')).toEqual({
      emails: {
        some: {
          AND: [
            { AND: [{ type: { not: null } }, { type: { equals: "work", mode: "insensitive" } }] },
            { value: { equals: "a@b.c", mode: "insensitive" } },
          ],
        },
      },
    });
  });

  it.each([
    ['nosuch eq "x"', "Unknown attribute"],
    ['urn:example:custom:2.0:User:tag eq "x"', "Unknown attribute"],
    ['active co "tr"', "boolean"],
    ['meta.created sw "2026"', "dateTime"],
    ['meta.created gt "yesterday"', "date-time"],
    ["userName eq 5", "string"],
    ['phoneNumbers eq "1"', "not supported"],
    ['name eq "x"', "not supported"],
    ['userName[value eq "x"]', "not a multi-valued"],
    ['emails[nosuch eq "x"]', "Unknown sub-attribute"],
  ])("refuses %s with 400 invalidFilter", (filter, detail) => {
    const error = scimError(() => where(filter));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe("invalidFilter");
    expect(error.detail).toContain(detail);
  });

  it("refuses user attributes on groups", () => {
    expect(scimError(() => where('userName eq "x"', "Group")).scimType).toBe("invalidFilter");
  });
});

describe("compileScimSort", () => {
  it("sorts by the mapped column and then id, for stable pages", () => {
    expect(compileScimSort({ resourceType: "User", sortBy: "name.familyName", sortOrder: "descending" })).toEqual([
      { familyName: "desc" },
      { id: "desc" },
    ]);
    expect(compileScimSort({ resourceType: "User" })).toEqual([{ createdAt: "asc" }, { id: "asc" }]);
    expect(compileScimSort({ resourceType: "Group", sortBy: "meta.created" })).toEqual([{ createdAt: "asc" }, { id: "asc" }]);
  });

  it("refuses multi-valued and unknown sort attributes with invalidValue", () => {
    expect(scimError(() => compileScimSort({ resourceType: "User", sortBy: "emails" })).scimType).toBe("invalidValue");
    expect(scimError(() => compileScimSort({ resourceType: "User", sortBy: "shoeSize" })).scimType).toBe("invalidValue");
  });
});

// ---------------------------------------------------------------------------------------------
// The compiled `where` and the in-memory evaluator must agree. The `where` is run by a small
// interpreter with SQL's three-valued logic (NULL compares unknown; NOT unknown is unknown; a row
// is returned only when the condition is true), as PostgreSQL evaluates Prisma's query.

type T3 = boolean | null;
const and3 = (xs: T3[]): T3 => (xs.includes(false) ? false : xs.includes(null) ? null : true);
const or3 = (xs: T3[]): T3 => (xs.includes(true) ? true : xs.includes(null) ? null : false);
const not3 = (x: T3): T3 => (x === null ? null : !x);

function fieldCondition(actual: unknown, condition: unknown): T3 {
  if (condition === null) return actual === null || actual === undefined;
  if (condition instanceof Date) return actual === null ? null : (actual as Date).getTime() === condition.getTime();
  if (typeof condition !== "object") return actual === null ? null : actual === condition;
  const c = condition as Record<string, unknown>;
  const insensitive = c.mode === "insensitive";
  const norm = (v: unknown) => (v instanceof Date ? v.getTime() : insensitive && typeof v === "string" ? v.toLowerCase() : v);
  const results: T3[] = [];
  for (const [key, expected] of Object.entries(c)) {
    if (key === "mode") continue;
    if (key === "not") {
      results.push(expected === null ? actual !== null && actual !== undefined : not3(fieldCondition(actual, expected)));
      continue;
    }
    if (actual === null || actual === undefined) {
      results.push(null);
      continue;
    }
    const [a, e] = [norm(actual) as string | number, norm(expected) as string | number];
    if (key === "equals") results.push(a === e);
    else if (key === "contains") results.push(String(a).includes(String(e)));
    else if (key === "startsWith") results.push(String(a).startsWith(String(e)));
    else if (key === "endsWith") results.push(String(a).endsWith(String(e)));
    else if (key === "gt") results.push(a > e);
    else if (key === "gte") results.push(a >= e);
    else if (key === "lt") results.push(a < e);
    else if (key === "lte") results.push(a <= e);
    else throw new Error(`interpreter: unknown condition ${key}`);
  }
  return and3(results);
}

function evalWhere(row: Record<string, unknown>, where: TPrismaWhere): T3 {
  const results: T3[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (key === "AND") results.push(and3((value as TPrismaWhere[]).map((w) => evalWhere(row, w))));
    else if (key === "OR") results.push(or3((value as TPrismaWhere[]).map((w) => evalWhere(row, w))));
    else if (key === "NOT") results.push(not3(evalWhere(row, value as TPrismaWhere)));
    else if (Array.isArray(row[key])) {
      const some = (value as { some: TPrismaWhere }).some;
      results.push((row[key] as Record<string, unknown>[]).some((child) => evalWhere(child, some) === true));
    } else results.push(fieldCondition(row[key], value));
  }
  return and3(results);
}

function personRow(p: TPersonRecord): Record<string, unknown> {
  return { ...p, groups: [], emails: p.emails.map((e) => ({ ...e })) };
}

const VALUES = ["Ada", "ada", "Grace", "", "x@Example.com", "x@example.com", "work", "home"];

function randomPerson(random: () => number, i: number): TPersonRecord {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const maybe = () => (random() < 0.35 ? null : pick(VALUES));
  const emails = Array.from({ length: Math.floor(random() * 3) }, () => ({
    value: pick(["x@example.com", "X@Example.com", "ada@home.example"]),
    type: random() < 0.2 ? null : pick(["work", "home", "Work"]),
    primary: random() < 0.4,
  }));
  return buildPerson({
    id: `p-${i}`,
    userName: pick(["ada@example.com", "ADA@example.com", "grace@example.com"]),
    active: random() < 0.6,
    givenName: maybe(),
    title: maybe(),
    department: maybe(),
    externalId: random() < 0.5 ? null : pick(["Ext-1", "ext-1"]),
    managerId: random() < 0.7 ? null : "m-1",
    managerExternalRef: random() < 0.7 ? null : pick(["m-1", "raw-2"]),
    emails,
    createdAt: new Date(Date.UTC(2026, 0, 1 + Math.floor(random() * 3))),
  });
}

const ATOMS = [
  'userName eq "ada@example.com"',
  'userName ne "ada@example.com"',
  'userName sw "ADA"',
  'name.givenName co "a"',
  "name.givenName pr",
  'title eq "Ada"',
  'title ne "Ada"',
  "title pr",
  'title gt "Grace"',
  'externalId eq "ext-1"',
  "active eq true",
  "active ne true",
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department ew "a"',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq "m-1"',
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager pr",
  'emails[type eq "work"].value eq "x@example.com"',
  'emails[type eq "work" and primary eq true]',
  'emails.value co "home"',
  'emails eq "x@example.com"',
  "emails pr",
  'emails[not (type eq "home")]',
  'meta.created gt "2026-01-02T00:00:00Z"',
  'meta.created le "2026-01-02T00:00:00Z"',
  'id eq "p-3"',
];

function randomFilter(random: () => number, depth = 0): string {
  const r = random();
  if (depth > 2 || r < 0.45) return ATOMS[Math.floor(random() * ATOMS.length)];
  if (r < 0.6) return `not (${randomFilter(random, depth + 1)})`;
  return `(${randomFilter(random, depth + 1)}) ${r < 0.8 ? "and" : "or"} (${randomFilter(random, depth + 1)})`;
}

describe("compiled filter and in-memory evaluation agree", () => {
  it("on random people and filters, under SQL NULL semantics", () => {
    const random = seededRandom(42);
    const people = Array.from({ length: 40 }, (_, i) => randomPerson(random, i));
    let nonTrivial = 0;
    for (let i = 0; i < 400; i++) {
      const text = randomFilter(random);
      const filter = parseScimFilter({ filter: text });
      const compiled = compileScimFilter({ resourceType: "User", filter });
      const bySql = people.filter((p) => evalWhere(personRow(p), compiled) === true).map((p) => p.id);
      const inMemory = people
        .filter((p) => matchesScimFilter({ resource: toScimUser({ person: p, baseUrl: "https://m/scim/v2" }), filter, resourceType: "User" }))
        .map((p) => p.id);
      expect(bySql, text).toEqual(inMemory);
      if (inMemory.length > 0 && inMemory.length < people.length) nonTrivial++;
    }
    expect(nonTrivial).toBeGreaterThan(100);
  });
});

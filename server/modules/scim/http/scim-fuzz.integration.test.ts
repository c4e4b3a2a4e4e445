/**
 * Bounded, seeded fuzzing of the SCIM endpoints through the real handler and database: random
 * methods, paths, queries, filters and JSON bodies. The server must never answer 500, and every
 * error must be an RFC 7644 §3.12 body. Also checks that filters run by PostgreSQL select exactly
 * the users the in-memory evaluator selects (the compiled SQL is what Okta and Entra actually hit).
 */
import { describe, expect, it } from "vitest";
import { matchesScimFilter } from "../matches-scim-filter";
import { parseScimFilter } from "../parse-scim-filter";
import { randomFilterText, randomJson, seededRandom } from "../scim-fuzz";
import { SCIM_ERROR_SCHEMA } from "../scim-constants";
import { createScimTenant } from "./test-support/scim-test-client";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("SCIM endpoint fuzzing", () => {
  it("answers random requests with a success or a SCIM error, never a 500", async () => {
    const t = await createScimTenant({ name: "Fuzz", rateLimit: { limit: 100_000, windowMs: 60_000 } });
    const user = (await t.client.post("/Users", { schemas: [USER], userName: "fuzz@x.test", emails: [{ value: "fuzz@x.test", type: "work" }] })).body;
    const group = (await t.client.post("/Groups", { schemas: [GROUP], displayName: "Fuzzers", members: [{ value: user.id }] })).body;
    const random = seededRandom(Number(process.env.SCIM_FUZZ_SEED ?? 7));
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const paths = ["/Users", `/Users/${user.id}`, "/Groups", `/Groups/${group.id}`, "/Users/.search", "/Schemas", "/ResourceTypes/User", "/ServiceProviderConfig", "/Users/%E0%A4%A", "/Groups/x/y", "/"];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const method = pick(["GET", "POST", "PUT", "PATCH", "DELETE"] as const);
      const path = pick(paths);
      const query: Record<string, string> = {};
      if (random() < 0.5) query.filter = randomFilterText(random);
      if (random() < 0.2) query[pick(["count", "startIndex", "sortBy", "sortOrder", "attributes", "excludedAttributes"])] = pick(["-1", "abc", "1e9", "userName", "emails.value", "descending", "members", ""]);
      let body: unknown = randomJson(random);
      if (random() < 0.6 && body && typeof body === "object" && !Array.isArray(body)) {
        (body as Record<string, unknown>).schemas = [pick([USER, GROUP, PATCH, ENTERPRISE])];
      }
      if (method === "DELETE" && random() < 0.8) continue; // keep the fixtures alive most of the time
      const rawBody = method === "GET" || method === "DELETE" ? undefined : random() < 0.1 ? "{not json" : JSON.stringify(body ?? null);
      const reply = await t.client.send(method, path, { rawBody, query });
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      expect(reply.status, `${method} ${path} ${JSON.stringify(query)} ${rawBody}`).toBeLessThan(500);
      if (reply.status >= 400) expect(reply.body).toMatchObject({ schemas: [SCIM_ERROR_SCHEMA], status: String(reply.status) });
    }
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
  });

  it("PostgreSQL and the in-memory evaluator select the same users for the same filter", async () => {
    const t = await createScimTenant({ name: "Filters", rateLimit: { limit: 100_000, windowMs: 60_000 } });
    const people = [
      { userName: "ada@x.test", displayName: "Ada", title: "CTO", active: true, emails: [{ value: "ada@x.test", type: "work", primary: true }], [ENTERPRISE]: { department: "Eng", employeeNumber: "1" } },
      { userName: "bob@x.test", active: false, emails: [{ value: "bob@home.test", type: "home" }, { value: "bob@x.test", type: "work" }] },
      { userName: "Carol@X.test", displayName: "", nickName: "cc", externalId: "ext-3", [ENTERPRISE]: { department: "Finance" } },
      { userName: "dan@y.test", title: "Engineer", emails: [] },
    ];
    for (const p of people) expect((await t.client.post("/Users", { schemas: [USER, ENTERPRISE], ...p })).status).toBe(201);
    const all = (await t.client.get("/Users")).body.Resources as Array<{ id: string } & Record<string, unknown>>;
    const filters = [
      'userName eq "ADA@x.test"', 'userName ne "ada@x.test"', 'userName co "x.te"', 'userName sw "car"', 'userName ew "y.test"',
      "displayName pr", 'not (displayName eq "Ada")', "title pr and active eq true", 'active eq false or title co "eng"',
      'emails[type eq "work"].value eq "bob@x.test"', 'emails[type eq "home"]', 'emails.value co "home"', "emails pr", "not (emails pr)",
      'externalId eq "ext-3"', 'externalId ne "ext-3"', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "eng"',
      'department ne "Eng"', 'meta.created gt "2000-01-01T00:00:00Z"', 'meta.lastModified lt "2000-01-01T00:00:00Z"', 'nickName eq null',
      'not (userName sw "a" or userName sw "b")', '(title pr or nickName pr) and not (active eq false)', 'userName gt "c"',
    ];
    for (const filter of filters) {
      const bySql = ((await t.client.get("/Users", { filter })).body.Resources as Array<{ id: string }>).map((r) => r.id).sort();
      const parsed = parseScimFilter({ filter });
      const inMemory = all.filter((r) => matchesScimFilter({ resource: r, filter: parsed, resourceType: "User" })).map((r) => r.id).sort();
      expect(bySql, filter).toEqual(inMemory);
    }
  });
});

/**
 * Every bad-input case answers the RFC 7644 §3.12 error it should and changes nothing; auth,
 * tenant isolation, ETags and the rate limit behave as an identity provider expects.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createScimToken } from "../tokens/create-scim-token";
import { revokeScimToken } from "../tokens/revoke-scim-token";
import { SCIM_ERROR_SCHEMA } from "../scim-constants";
import { createScimTenant, scimClient, type TScimReply } from "./test-support/scim-test-client";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

type TWorld = Awaited<ReturnType<typeof world>>;

async function world() {
  const t = await createScimTenant({ name: "Bad" });
  const ada = (await t.client.post("/Users", { schemas: [USER], userName: "ada@bad.test", emails: [{ value: "ada@bad.test", type: "work", primary: true }] })).body;
  const bob = (await t.client.post("/Users", { schemas: [USER], userName: "bob@bad.test" })).body;
  const eng = (await t.client.post("/Groups", { schemas: [GROUP], displayName: "Engineering", members: [{ value: ada.id }] })).body;
  const ops = (await t.client.post("/Groups", { schemas: [GROUP], displayName: "Ops" })).body;
  return { ...t, ada, bob, eng, ops };
}

/** Everything a SCIM request could change, to compare before and after a refused request. */
async function snapshot(w: TWorld) {
  const db = w.scope.db;
  const [people, emails, groups, members, audit] = await Promise.all([
    db.person.findMany({ orderBy: { id: "asc" } }),
    db.personEmail.findMany({ orderBy: { id: "asc" } }),
    db.group.findMany({ orderBy: { id: "asc" } }),
    db.groupMember.findMany({ orderBy: [{ groupId: "asc" }, { personId: "asc" }] }),
    db.auditEntry.count(),
  ]);
  return JSON.stringify({ people, emails, groups, members, audit });
}

function expectScimError(reply: TScimReply, status: number, scimType?: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.headers.get("content-type")).toBe("application/scim+json");
  expect(reply.body).toMatchObject({ schemas: [SCIM_ERROR_SCHEMA], status: String(status), detail: expect.any(String) });
  if (scimType) expect(reply.body.scimType).toBe(scimType);
  else expect(reply.body.scimType).toBeUndefined();
}

describe("SCIM bad input", () => {
  let w: TWorld;
  beforeAll(async () => {
    w = await world();
  });

  const cases: Array<[string, (w: TWorld) => Promise<TScimReply>, number, string | undefined]> = [
    ["malformed JSON", (w) => w.client.send("POST", "/Users", { rawBody: '{"schemas": [' }), 400, "invalidSyntax"],
    ["an empty body", (w) => w.client.send("POST", "/Users", { rawBody: "" }), 400, "invalidSyntax"],
    ["a body that is not UTF-8", (w) => w.client.send("POST", "/Users", { rawBody: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }), 400, "invalidSyntax"],
    ["a JSON array as a resource", (w) => w.client.post("/Users", [1, 2]), 400, "invalidSyntax"],
    ["no schemas", (w) => w.client.post("/Users", { userName: "x@bad.test" }), 400, "invalidSyntax"],
    ["the Group URN on /Users", (w) => w.client.post("/Users", { schemas: [GROUP], userName: "x@bad.test" }), 400, "invalidValue"],
    ["an unknown attribute", (w) => w.client.post("/Users", { schemas: [USER], userName: "x@bad.test", shoeSize: 44 }), 400, "invalidSyntax"],
    ["an empty userName", (w) => w.client.post("/Users", { schemas: [USER], userName: "  " }), 400, "invalidValue"],
    ["active that is not a boolean", (w) => w.client.post("/Users", { schemas: [USER], userName: "x@bad.test", active: "maybe" }), 400, "invalidValue"],
    ["a duplicate userName (another case)", (w) => w.client.post("/Users", { schemas: [USER], userName: "ADA@bad.test" }), 409, "uniqueness"],
    ["a duplicate group displayName", (w) => w.client.post("/Groups", { schemas: [GROUP], displayName: "Engineering" }), 409, "uniqueness"],
    ["a group member that does not exist", (w) => w.client.post("/Groups", { schemas: [GROUP], displayName: "Ghosts", members: [{ value: "nobody" }] }), 400, "invalidValue"],
    ["a rename onto another group's name", (w) => w.client.patch(`/Groups/${w.ops.id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "displayName", value: "Engineering" }] }), 409, "uniqueness"],
    ["a userName change onto another user's", (w) => w.client.patch(`/Users/${w.bob.id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "userName", value: "Ada@Bad.test" }] }), 409, "uniqueness"],
    ["an invalid filter", (w) => w.client.get("/Users", { filter: 'userName eq' }), 400, "invalidFilter"],
    ["a filter on an unknown attribute", (w) => w.client.get("/Users", { filter: 'shoeSize gt 40' }), 400, "invalidFilter"],
    ["a filter with an unbalanced bracket", (w) => w.client.get("/Users", { filter: 'emails[type eq "work"' }), 400, "invalidFilter"],
    ["a non-integer startIndex", (w) => w.client.get("/Users", { startIndex: "abc" }), 400, "invalidValue"],
    ["an unknown sortOrder", (w) => w.client.get("/Users", { sortBy: "userName", sortOrder: "sideways" }), 400, "invalidValue"],
    ["a PATCH path that does not exist", (w) => w.client.patch(`/Users/${w.ada.id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "shoeSize", value: 44 }] }), 400, "invalidPath"],
    ["a PATCH op that does not exist", (w) => w.client.patch(`/Users/${w.ada.id}`, { schemas: [PATCH], Operations: [{ op: "move", path: "title", value: "x" }] }), 400, "invalidSyntax"],
    ["a PATCH without the PatchOp URN", (w) => w.client.patch(`/Users/${w.ada.id}`, { schemas: [USER], Operations: [{ op: "replace", path: "title", value: "x" }] }), 400, "invalidValue"],
    ["a PATCH removing userName", (w) => w.client.patch(`/Users/${w.ada.id}`, { schemas: [PATCH], Operations: [{ op: "remove", path: "userName" }] }), 400, "mutability"],
    ["a PATCH on a filter that matches nothing", (w) => w.client.patch(`/Users/${w.ada.id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: 'emails[type co "zzz"].value', value: "z@bad.test" }] }), 400, "noTarget"],
    ["a valid op followed by a bad one (all or nothing)", (w) => w.client.patch(`/Users/${w.ada.id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "title", value: "CTO" }, { op: "replace", path: "active", value: "nope" }] }), 400, "invalidValue"],
    ["adding a member that does not exist", (w) => w.client.patch(`/Groups/${w.eng.id}`, { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: w.bob.id }, { value: "ghost" }] }] }), 400, "invalidValue"],
    ["a stale If-Match", (w) => w.client.patch(`/Users/${w.ada.id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "title", value: "x" }] }, { "if-match": 'W/"99"' }), 412, undefined],
    ["a stale If-Match on DELETE", (w) => w.client.delete(`/Users/${w.ada.id}`, { "if-match": 'W/"99"' }), 412, undefined],
    ["an unknown user", (w) => w.client.get("/Users/nope"), 404, undefined],
    ["a PATCH of an unknown user", (w) => w.client.patch("/Users/nope", { schemas: [PATCH], Operations: [{ op: "replace", path: "title", value: "x" }] }), 404, undefined],
    ["a DELETE of an unknown group", (w) => w.client.delete("/Groups/nope"), 404, undefined],
    ["an unknown endpoint", (w) => w.client.get("/Widgets"), 404, undefined],
    ["POST to a resource", (w) => w.client.post(`/Users/${w.ada.id}`, { schemas: [USER], userName: "x@bad.test" }), 405, undefined],
    ["DELETE on a discovery endpoint", (w) => w.client.delete("/ServiceProviderConfig"), 405, undefined],
    ["a body over 1 MB", (w) => w.client.post("/Users", { schemas: [USER], userName: "x@bad.test", title: "x".repeat(1_100_000) }), 413, undefined],
  ];

  it.each(cases)("%s → the SCIM error, and nothing changes", async (_name, send, status, scimType) => {
    const before = await snapshot(w);
    expectScimError(await send(w), status, scimType);
    expect(await snapshot(w)).toBe(before);
  });

  it("clamps a huge count to the advertised maximum instead of failing", async () => {
    const reply = await w.client.get("/Users", { count: "99999999999999999999", startIndex: "-5" });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ startIndex: 1, totalResults: 2 });
    expect((await w.client.get("/Users", { count: "0" })).body).toMatchObject({ totalResults: 2, itemsPerPage: 0, Resources: [] });
  });

  it("answers ETags: If-None-Match gets 304, a matching If-Match writes", async () => {
    const read = await w.client.get(`/Users/${w.bob.id}`);
    const etag = read.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"\d+"$/);
    expect((await w.client.get(`/Users/${w.bob.id}`, undefined, { "if-none-match": etag })).status).toBe(304);
    const write = await w.client.patch(`/Users/${w.bob.id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "title", value: "Engineer" }] }, { "if-match": etag });
    expect(write.status).toBe(200);
    expect(write.headers.get("etag")).not.toBe(etag);
    expect(write.body.meta.version).toBe(write.headers.get("etag"));
    // A PATCH that changes nothing keeps the version (the ETag stays valid).
    const same = await w.client.patch(`/Users/${w.bob.id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "title", value: "Engineer" }] });
    expect(same.headers.get("etag")).toBe(write.headers.get("etag"));
  });

  it("supports attributes / excludedAttributes and sorting, as advertised", async () => {
    const list = await w.client.get("/Users", { attributes: "userName", sortBy: "userName", sortOrder: "descending" });
    expect(list.body.Resources).toEqual([
      { schemas: [USER], id: w.bob.id, userName: "bob@bad.test", meta: { resourceType: "User" } },
      { schemas: [USER], id: w.ada.id, userName: "ada@bad.test", meta: { resourceType: "User" } },
    ]);
    const search = await w.client.post("/Users/.search", { schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], filter: 'userName sw "ada"', attributes: ["emails"] });
    expect(search.status).toBe(200);
    expect(search.body.Resources).toEqual([{ schemas: [USER], id: w.ada.id, emails: [{ value: "ada@bad.test", type: "work", primary: true }], meta: { resourceType: "User" } }]);
  });
});

describe("SCIM authentication and tenant isolation", () => {
  it("refuses a missing, malformed, revoked or non-SCIM token with 401 and WWW-Authenticate", async () => {
    const t = await createScimTenant({ name: "Auth" });
    for (const token of ["", "scim_nope", "mk_" + "a".repeat(43), `scim_${"a".repeat(43)}`]) {
      const reply = await scimClient({ token }).get("/Users");
      expectScimError(reply, 401);
      expect(reply.headers.get("www-authenticate")).toContain("Bearer");
    }
    expect((await t.client.get("/Users")).status).toBe(200);
    await revokeScimToken({ scope: t.scope, id: t.token.id });
    expectScimError(await t.client.get("/Users"), 401);
  });

  it("a token of tenant A never reads or changes tenant B", async () => {
    const a = await createScimTenant({ name: "A" });
    const b = await createScimTenant({ name: "B" });
    const bUser = (await b.client.post("/Users", { schemas: [USER], userName: "secret@b.test" })).body;
    const bGroup = (await b.client.post("/Groups", { schemas: [GROUP], displayName: "B team", members: [{ value: bUser.id }] })).body;
    const aUser = (await a.client.post("/Users", { schemas: [USER], userName: "mine@a.test" })).body;
    const aGroup = (await a.client.post("/Groups", { schemas: [GROUP], displayName: "A team" })).body;

    expect((await a.client.get("/Users")).body.Resources.map((r: { id: string }) => r.id)).toEqual([aUser.id]);
    expect((await a.client.get("/Users", { filter: 'userName eq "secret@b.test"' })).body.totalResults).toBe(0);
    expect((await a.client.get("/Groups", { filter: `members[value eq "${bUser.id}"]` })).body.totalResults).toBe(0);
    expectScimError(await a.client.get(`/Users/${bUser.id}`), 404);
    expectScimError(await a.client.get(`/Groups/${bGroup.id}`), 404);
    expectScimError(await a.client.patch(`/Users/${bUser.id}`, { schemas: [PATCH], Operations: [{ op: "replace", value: { active: false } }] }), 404);
    expectScimError(await a.client.put(`/Groups/${bGroup.id}`, { schemas: [GROUP], displayName: "pwned", members: [] }), 404);
    expectScimError(await a.client.delete(`/Users/${bUser.id}`), 404);
    expectScimError(await a.client.delete(`/Groups/${bGroup.id}`), 404);
    // B's person cannot be pulled into A's group either.
    expectScimError(await a.client.patch(`/Groups/${aGroup.id}`, { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: bUser.id }] }] }), 400, "invalidValue");
    // The same userName may exist in both tenants.
    expect((await a.client.post("/Users", { schemas: [USER], userName: "secret@b.test" })).status).toBe(201);

    const still = (await b.client.get(`/Users/${bUser.id}`)).body;
    expect(still).toMatchObject({ active: true, userName: "secret@b.test" });
    expect((await b.client.get(`/Groups/${bGroup.id}`)).body).toMatchObject({ displayName: "B team", members: [{ value: bUser.id }] });
    expect(await b.scope.db.scimRequestLog.count()).toBe(4);
  });

  it("rate-limits per token with 429 and Retry-After, and logs the refusal", async () => {
    const t = await createScimTenant({ name: "Rate", rateLimit: { limit: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) expect((await t.client.get("/ServiceProviderConfig")).status).toBe(200);
    const refused = await t.client.get("/Users");
    expectScimError(refused, 429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another token of the same tenant has its own budget.
    const other = await createScimToken({ scope: t.scope, name: "Entra" });
    const otherClient = scimClient({ token: other.token, handler: t.client.handler });
    expect((await otherClient.get("/Users")).status).toBe(200);
    const log = await t.scope.db.scimRequestLog.findMany({ orderBy: { at: "asc" } });
    expect(log.map((l) => l.status)).toEqual([200, 200, 200, 429, 200]);
    expect(log[3]).toMatchObject({ method: "GET", path: "/scim/v2/Users", tokenId: t.token.id });
  });
});

/**
 * The directory and SCIM-token procedures through the real tRPC procedures and the REST API:
 * what a console admin sees and does, tenant isolation (member of A → NOT_FOUND on B), and the
 * read-only auditor.
 */
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { addMember, callerAs, createTestTenant } from "@/test/support/tenants";
import { createApiKey } from "@/server/modules/api-keys/create-api-key";
import { handleRestRequest } from "@/server/http/rest-api";
import { addDevice, addIdentity } from "@/server/modules/revocations/test-support/kill-switch-fixtures";
import { scimClient } from "@/server/modules/scim/http/test-support/scim-test-client";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `unexpected: ${String(error)}`;
  }
}

/** A tenant whose admin made a SCIM token in the console and whose IdP provisioned two people and a group. */
async function provisioned(name: string) {
  const t = await createTestTenant(name);
  const owner = callerAs(t.owner);
  const created = await owner.scimTokens.create({ tenantSlug: t.tenant.slug, name: "Okta production" });
  const scim = scimClient({ token: created.token });
  const ada = (await scim.post("/Users", { schemas: [USER, ENTERPRISE], userName: `ada@${name}.test`, name: { givenName: "Ada", familyName: "Lovelace" }, [ENTERPRISE]: { department: "Research" } })).body;
  const bob = (await scim.post("/Users", { schemas: [USER], userName: `bob@${name}.test`, active: false })).body;
  const group = (await scim.post("/Groups", { schemas: [GROUP], displayName: "Research", members: [{ value: ada.id }] })).body;
  const laptop = await addDevice({ scope: t.scope, ownerPersonId: ada.id, hostname: `ada-laptop-${name}` });
  await addIdentity({ scope: t.scope, deviceId: laptop.id, personId: ada.id, productSlug: "claude-code" });
  return { ...t, owner, created, scim, ada, bob, group, laptop };
}

describe("SCIM tokens in the console", () => {
  it("creates a token shown once, lists it with last use, and revokes it (the IdP then gets 401)", async () => {
    const t = await provisioned("tok");
    expect(t.created.token).toMatch(/^scim_[A-Za-z0-9_-]{43}$/);
    const listed = await t.owner.scimTokens.list({ tenantSlug: t.tenant.slug });
    expect(listed).toEqual([expect.objectContaining({ id: t.created.id, name: "Okta production", prefix: t.created.token.slice(0, 11), revokedAt: null })]);
    expect(listed[0]!.lastUsedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(listed)).not.toContain(t.created.token);
    expect((await t.owner.scimTokens.setup({ tenantSlug: t.tenant.slug })).baseUrl).toBe("http://localhost:3999/scim/v2");

    const requests = await t.owner.scimTokens.requests({ tenantSlug: t.tenant.slug, limit: 10, status: "all" });
    expect(requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["POST", "/scim/v2/Groups", 201],
      ["POST", "/scim/v2/Users", 201],
      ["POST", "/scim/v2/Users", 201],
    ]);
    expect(requests[0]!.tokenName).toBe("Okta production");
    await t.scim.get("/Users", { filter: "nope" });
    expect((await t.owner.scimTokens.requests({ tenantSlug: t.tenant.slug, limit: 10, status: "errors" })).map((r) => [r.status, r.scimType])).toEqual([[400, "invalidFilter"]]);

    await t.owner.scimTokens.revoke({ tenantSlug: t.tenant.slug, id: t.created.id });
    expect((await t.scim.get("/Users")).status).toBe(401);
    expect(await codeOf(t.owner.scimTokens.revoke({ tenantSlug: t.tenant.slug, id: t.created.id }))).toBe("CONFLICT");
    const audit = await t.scope.db.auditEntry.findMany({ where: { action: { startsWith: "scim_token." } }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["scim_token.created", "scim_token.revoked"]);
  });

  it("refuses an empty token name and changes nothing", async () => {
    const t = await createTestTenant("Empty");
    expect(await codeOf(callerAs(t.owner).scimTokens.create({ tenantSlug: t.tenant.slug, name: "   " }))).toBe("BAD_REQUEST");
    expect(await t.scope.db.scimToken.count()).toBe(0);
  });

  it("works over REST with an admin API key", async () => {
    const t = await createTestTenant("Rest");
    const key = await createApiKey({ scope: t.scope, name: "ci", keyScope: "admin" });
    const rest = (method: string, path: string, body?: unknown) =>
      handleRestRequest(new Request(`http://x/api/v1${path}`, { method, headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }));
    const created = await rest("POST", "/scim/tokens", { name: "Entra" });
    expect(created.status).toBe(200);
    const token = (await created.json()) as { id: string; token: string };
    expect((await scimClient({ token: token.token }).get("/Users")).status).toBe(200);
    const listed = (await (await rest("GET", "/scim/tokens")).json()) as Array<{ id: string }>;
    expect(listed.map((k) => k.id)).toEqual([token.id]);
    expect((await rest("DELETE", `/scim/tokens/${token.id}`)).status).toBe(200);
    expect((await scimClient({ token: token.token }).get("/Users")).status).toBe(401);
    const people = await rest("GET", "/directory/people?search=nobody");
    expect(await people.json()).toEqual({ total: 0, people: [] });
  });
});

describe("Directory", () => {
  it("shows people with their devices, agents and groups, searches, and maps groups", async () => {
    const t = await provisioned("dir");
    const slug = t.tenant.slug;
    const all = await t.owner.directory.people({ tenantSlug: slug, status: "all", offset: 0, limit: 50 });
    expect(all.total).toBe(2);
    expect(all.people.find((p) => p.id === t.ada.id)).toMatchObject({
      name: "Ada Lovelace",
      active: true,
      department: "Research",
      devices: 1,
      agentsActive: 1,
      agentsRevoked: 0,
      groups: [{ id: t.group.id, displayName: "Research", mapping: "none" }],
    });
    expect((await t.owner.directory.people({ tenantSlug: slug, search: "LOVELACE", status: "all", offset: 0, limit: 50 })).people.map((p) => p.id)).toEqual([t.ada.id]);
    expect((await t.owner.directory.people({ tenantSlug: slug, status: "inactive", offset: 0, limit: 50 })).people.map((p) => p.id)).toEqual([t.bob.id]);
    expect((await t.owner.directory.people({ tenantSlug: slug, groupId: t.group.id, status: "all", offset: 0, limit: 50 })).people.map((p) => p.id)).toEqual([t.ada.id]);

    const detail = await t.owner.directory.person({ tenantSlug: slug, id: t.ada.id });
    expect(detail.devices.map((d) => d.hostname)).toEqual(["ada-laptop-dir"]);
    expect(detail.identities).toEqual([expect.objectContaining({ productSlug: "claude-code", status: "active", deviceId: t.laptop.id })]);

    // Deactivation in the IdP shows up: the agent is revoked.
    await t.scim.patch(`/Users/${t.ada.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: false } }] });
    expect((await t.owner.directory.people({ tenantSlug: slug, search: "ada", status: "all", offset: 0, limit: 50 })).people[0]).toMatchObject({ active: false, agentsActive: 0, agentsRevoked: 1 });

    const groups = await t.owner.directory.groups({ tenantSlug: slug, offset: 0, limit: 50 });
    expect(groups.groups).toEqual([expect.objectContaining({ id: t.group.id, displayName: "Research", members: 1, mapping: "none" })]);
    const before = (await t.scim.get(`/Groups/${t.group.id}`)).body.meta;
    await t.owner.directory.setGroupMapping({ tenantSlug: slug, groupId: t.group.id, mapping: "business_unit" });
    expect((await t.owner.directory.groups({ tenantSlug: slug, search: "rese", offset: 0, limit: 50 })).groups[0]!.mapping).toBe("business_unit");
    // The mapping is Marshal's, not the IdP's: the SCIM resource's version and lastModified stay.
    expect((await t.scim.get(`/Groups/${t.group.id}`)).body.meta).toEqual(before);
    const audit = await t.scope.db.auditEntry.findFirstOrThrow({ where: { action: "group.mapping_changed" } });
    expect(audit.summary).toMatchObject({ from: "none", to: "business_unit" });
  });

  it("isolates tenants (member of A → NOT_FOUND on B) and lets an auditor read but never mutate", async () => {
    const a = await createTestTenant("Alpha");
    const b = await provisioned("bravo");
    const ownerOfA = callerAs(a.owner);
    const slug = b.tenant.slug;
    const samples: Array<[string, () => Promise<unknown>]> = [
      ["directory.people", () => ownerOfA.directory.people({ tenantSlug: slug, status: "all", offset: 0, limit: 10 })],
      ["directory.person", () => ownerOfA.directory.person({ tenantSlug: slug, id: b.ada.id })],
      ["directory.groups", () => ownerOfA.directory.groups({ tenantSlug: slug, offset: 0, limit: 10 })],
      ["directory.setGroupMapping", () => ownerOfA.directory.setGroupMapping({ tenantSlug: slug, groupId: b.group.id, mapping: "project" })],
      ["scimTokens.setup", () => ownerOfA.scimTokens.setup({ tenantSlug: slug })],
      ["scimTokens.list", () => ownerOfA.scimTokens.list({ tenantSlug: slug })],
      ["scimTokens.create", () => ownerOfA.scimTokens.create({ tenantSlug: slug, name: "intruder" })],
      ["scimTokens.revoke", () => ownerOfA.scimTokens.revoke({ tenantSlug: slug, id: b.created.id })],
      ["scimTokens.requests", () => ownerOfA.scimTokens.requests({ tenantSlug: slug, limit: 10, status: "all" })],
    ];
    for (const [name, call] of samples) expect(`${name}: ${await codeOf(call())}`).toBe(`${name}: NOT_FOUND`);
    // Using A's own slug with B's ids finds nothing either.
    expect(await codeOf(ownerOfA.directory.person({ tenantSlug: a.tenant.slug, id: b.ada.id }))).toBe("NOT_FOUND");
    expect(await codeOf(ownerOfA.directory.setGroupMapping({ tenantSlug: a.tenant.slug, groupId: b.group.id, mapping: "project" }))).toBe("NOT_FOUND");
    expect(await codeOf(ownerOfA.scimTokens.revoke({ tenantSlug: a.tenant.slug, id: b.created.id }))).toBe("NOT_FOUND");

    const auditor = callerAs(await addMember({ tenantId: b.tenant.id, role: "auditor" }));
    expect((await auditor.directory.people({ tenantSlug: slug, status: "all", offset: 0, limit: 10 })).total).toBe(2);
    expect((await auditor.scimTokens.list({ tenantSlug: slug })).length).toBe(1);
    expect(await codeOf(auditor.scimTokens.create({ tenantSlug: slug, name: "x" }))).toBe("FORBIDDEN");
    expect(await codeOf(auditor.scimTokens.revoke({ tenantSlug: slug, id: b.created.id }))).toBe("FORBIDDEN");
    expect(await codeOf(auditor.directory.setGroupMapping({ tenantSlug: slug, groupId: b.group.id, mapping: "project" }))).toBe("FORBIDDEN");
    const group = await b.scope.db.group.findFirstOrThrow({ where: { id: b.group.id } });
    expect(group.mapping).toBe("none");
    expect((await b.scope.db.scimToken.findFirstOrThrow({ where: { id: b.created.id } })).revokedAt).toBeNull();
  });
});

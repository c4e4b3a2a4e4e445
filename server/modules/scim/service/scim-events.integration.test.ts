/**
 * Every SCIM directory change becomes one event in the event store, correlated with the SCIM request id, and
 * only after the change committed: refused writes and no-op writes record nothing.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTestTenant } from "@/test/support/tenants";
import { queryEvents } from "@/server/modules/events/query-events";
import type { TTenantScope } from "@/server/modules/tenant-scope";
import { createScimUser } from "./create-scim-user";
import { patchScimUser } from "./patch-scim-user";
import { replaceScimUser } from "./replace-scim-user";
import { deleteScimUser } from "./delete-scim-user";
import { createScimGroup } from "./create-scim-group";
import { patchScimGroup } from "./patch-scim-group";
import { deleteScimGroup } from "./delete-scim-group";
import type { TScimServiceContext } from "./scim-service-context";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

function scimScope(scope: TTenantScope): TTenantScope {
  return { ...scope, actor: { type: "scim", id: "tok", label: 'SCIM token "Okta"' } };
}

describe("SCIM changes are recorded as events", () => {
  it("create, update, deactivate, delete a user and change a group: one event each, keyed and correlated by request id", async () => {
    const t = await createTestTenant("ScimEvents");
    const scope = scimScope(t.scope);
    const ctx = (): TScimServiceContext => ({ scope, baseUrl: "http://localhost/scim/v2", requestId: randomUUID() });

    const c1 = ctx();
    const ada = await createScimUser({ ctx: c1, body: { schemas: [USER], userName: "ada@acme.test", name: { givenName: "Ada", familyName: "L" }, active: true } });
    const c2 = ctx();
    await patchScimUser({ ctx: c2, id: ada.id, body: { schemas: [PATCH], Operations: [{ op: "replace", value: { title: "Engineer" } }] } });
    const cNoop = ctx();
    await patchScimUser({ ctx: cNoop, id: ada.id, body: { schemas: [PATCH], Operations: [{ op: "replace", value: { title: "Engineer" } }] } });
    const c3 = ctx();
    const g = await createScimGroup({ ctx: c3, body: { schemas: [GROUP], displayName: "Platform", members: [{ value: ada.id }] } });
    const c4 = ctx();
    await patchScimGroup({ ctx: c4, id: g.id, body: { schemas: [PATCH], Operations: [{ op: "remove", path: `members[value eq "${ada.id}"]` }] } });
    const c5 = ctx();
    await patchScimUser({ ctx: c5, id: ada.id, body: { schemas: [PATCH], Operations: [{ op: "replace", value: { active: false } }] } });
    const c6 = ctx();
    await deleteScimGroup({ ctx: c6, id: g.id });
    const c7 = ctx();
    await deleteScimUser({ ctx: c7, id: ada.id });

    const { events } = await queryEvents({ scope, filter: { categories: ["directory"] }, limit: 50 });
    const byRequest = new Map(events.map((e) => [e.correlation.requestId, e]));
    expect(events).toHaveLength(7);
    expect(byRequest.has(cNoop.requestId)).toBe(false);

    expect(byRequest.get(c1.requestId)).toMatchObject({ type: "scim.user_created", key: `scim:${c1.requestId}`, outcome: "success", onBehalfOf: { personId: ada.id, userName: "ada@acme.test" }, target: `person:${ada.id}` });
    expect(byRequest.get(c2.requestId)).toMatchObject({ type: "scim.user_updated", params: { changedFields: ["title"] } });
    expect(byRequest.get(c3.requestId)).toMatchObject({ type: "scim.group_changed", target: `group:${g.id}`, params: { change: "created", displayName: "Platform", membersAdded: 1 } });
    expect(byRequest.get(c4.requestId)).toMatchObject({ type: "scim.group_changed", params: { change: "updated", membersRemoved: 1, removedSample: [ada.id] } });
    expect(byRequest.get(c5.requestId)).toMatchObject({ type: "scim.user_deactivated", severity: "medium", params: { active: false } });
    expect(byRequest.get(c6.requestId)).toMatchObject({ type: "scim.group_changed", params: { change: "deleted" } });
    expect(byRequest.get(c7.requestId)).toMatchObject({ type: "scim.user_deleted", onBehalfOf: { personId: ada.id } });

    // The explorer finds a change by its SCIM request id (x-request-id of the IdP's call).
    const found = await queryEvents({ scope, filter: { requestId: c5.requestId } });
    expect(found.events.map((e) => e.type)).toEqual(["scim.user_deactivated"]);
  });

  it("a refused write records no event", async () => {
    const t = await createTestTenant("ScimEventsBad");
    const scope = scimScope(t.scope);
    const ctx = (): TScimServiceContext => ({ scope, baseUrl: "http://localhost/scim/v2", requestId: randomUUID() });
    await createScimUser({ ctx: ctx(), body: { schemas: [USER], userName: "grace@acme.test" } });
    const dup = ctx();
    await expect(createScimUser({ ctx: dup, body: { schemas: [USER], userName: "GRACE@acme.test" } })).rejects.toMatchObject({ status: 409 });
    const bad = ctx();
    await expect(replaceScimUser({ ctx: bad, id: "no-such-user", body: { schemas: [USER], userName: "x@acme.test" } })).rejects.toMatchObject({ status: 404 });
    const badGroup = ctx();
    await expect(createScimGroup({ ctx: badGroup, body: { schemas: [GROUP], displayName: "Ghosts", members: [{ value: "nobody" }] } })).rejects.toMatchObject({ status: 400 });

    const { events } = await queryEvents({ scope, filter: { categories: ["directory"] } });
    expect(events.map((e) => e.type)).toEqual(["scim.user_created"]);
    expect(await t.scope.db.group.count()).toBe(0);
  });
});

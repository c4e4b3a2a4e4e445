/**
 * An Okta-shaped provisioning conversation through the real SCIM handler and a real PostgreSQL,
 * using the request bodies Okta documents (__fixtures__/okta). The vendor's example ids are
 * swapped for the ids this server assigned, as Okta itself would after reading our responses.
 */
import { describe, expect, it } from "vitest";
import { loadScimFixtures } from "../load-scim-fixtures";
import { SCIM_CONTENT_TYPE } from "../scim-constants";
import { addDevice, addIdentity } from "@/server/modules/revocations/test-support/kill-switch-fixtures";
import { createScimTenant, TEST_ORIGIN } from "./test-support/scim-test-client";

const okta = Object.fromEntries(loadScimFixtures({ vendor: "okta" }).map((f) => [f.name, f]));
const OKTA_USER = "23a35c27-23d3-4c03-b4c5-6443c09e7173";
const OKTA_USER_2 = "89bb1940-b905-4575-9e7f-6f887cfb368e";
const OKTA_GROUP = "abf4dd94-a4c0-4f67-89c9-76b03340cb9b";

describe("Okta provisioning conversation", () => {
  it("creates, finds, groups, updates, deactivates (stopping the person's agents) and deletes", async () => {
    const t = await createScimTenant({ name: "Okta" });
    const scim = t.client;

    // Okta checks for the user first: an empty ListResponse with integer counts.
    const before = await scim.fixture(okta["get-user-by-username"]!);
    expect(before.status).toBe(200);
    expect(before.headers.get("content-type")).toBe(SCIM_CONTENT_TYPE);
    expect(before.body).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });

    const created = await scim.fixture(okta["create-user"]!);
    expect(created.status).toBe(201);
    const userId = created.body.id as string;
    expect(created.headers.get("location")).toBe(`${TEST_ORIGIN}/scim/v2/Users/${userId}`);
    expect(created.headers.get("etag")).toBe('W/"1"');
    expect(created.body).toMatchObject({
      userName: "test.user@okta.local",
      name: { givenName: "Test", familyName: "User" },
      externalId: "00ujl29u0le5T6Aj10h7",
      active: true,
      emails: [{ value: "test.user@okta.local", type: "work", primary: true }],
      meta: { resourceType: "User", version: 'W/"1"', location: `${TEST_ORIGIN}/scim/v2/Users/${userId}` },
    });
    expect(JSON.stringify(created.body)).not.toContain("password");

    // Creating the same userName again (any case) is a uniqueness conflict and stores nothing.
    const dup = await scim.post("/Users", { ...(okta["create-user"]!.request.body as object), userName: "TEST.USER@okta.local" });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "409", scimType: "uniqueness", detail: expect.any(String) });
    expect((await scim.get("/Users")).body.totalResults).toBe(1);

    const found = await scim.fixture(okta["get-user-by-username"]!);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(userId);

    const second = await scim.post("/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "second@okta.local", active: true });
    expect(second.status).toBe(201);
    const ids: Record<string, string> = { [OKTA_USER]: userId, [OKTA_USER_2]: second.body.id as string };

    const group = await scim.fixture(okta["create-group"]!);
    expect(group.status).toBe(201);
    expect(group.body).toMatchObject({ displayName: "Test SCIMv2", members: [] });
    ids[OKTA_GROUP] = group.body.id;

    const pushed = await scim.fixture(okta["replace-group-members"]!, ids);
    expect(pushed.status).toBe(200);
    expect(pushed.body.members.map((m: { value: string }) => m.value).sort()).toEqual([userId, second.body.id].sort());

    const moved = await scim.fixture(okta["update-group-membership"]!, ids);
    expect(moved.status).toBe(200);
    expect(moved.body.members.map((m: { value: string }) => m.value)).toEqual([userId]);

    const renamed = await scim.fixture(okta["rename-group"]!, ids);
    expect(renamed.status).toBe(200);
    expect(renamed.body.displayName).toBe("Test SCIMv2");

    // The user now shows its group (readOnly, derived from membership).
    const withGroup = await scim.get(`/Users/${userId}`);
    expect(withGroup.body.groups).toEqual([{ value: ids[OKTA_GROUP], $ref: `${TEST_ORIGIN}/scim/v2/Groups/${ids[OKTA_GROUP]}`, display: "Test SCIMv2" }]);

    const replaced = await scim.fixture(okta["replace-user"]!, ids);
    expect(replaced.status).toBe(200);
    expect(replaced.body.name).toEqual({ givenName: "Another", familyName: "User" });
    expect(replaced.headers.get("etag")).toBe('W/"2"');

    // The person has an enrolled laptop running Claude Code under an agent identity.
    const laptop = await addDevice({ scope: t.scope, ownerPersonId: userId });
    const identity = await addIdentity({ scope: t.scope, deviceId: laptop.id, personId: userId, productSlug: "claude-code" });

    const deactivated = await scim.fixture(okta["deactivate-user"]!, ids);
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    const requestId = deactivated.headers.get("x-request-id");
    const revocation = await t.scope.db.revocation.findFirstOrThrow({ where: { scopeType: "person", scopeId: userId } });
    expect(revocation).toMatchObject({ trigger: "scim", triggerRef: requestId, status: "active" });
    expect((await t.scope.db.agentIdentity.findFirstOrThrow({ where: { id: identity.id } })).status).toBe("revoked");
    const commands = await t.scope.db.deviceCommand.findMany({ where: { deviceId: laptop.id, type: "revoke" } });
    expect(commands).toHaveLength(1);
    expect(await t.scope.db.scimRequestLog.findFirst({ where: { id: requestId! } })).toMatchObject({ method: "PATCH", status: 200 });

    // Reactivation does not silently restore the agent.
    const reactivated = await scim.patch(`/Users/${userId}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: true } }] });
    expect(reactivated.body.active).toBe(true);
    expect((await t.scope.db.agentIdentity.findFirstOrThrow({ where: { id: identity.id } })).status).toBe("revoked");

    const listed = await scim.fixture(okta["list-users"]!);
    expect(listed.body.totalResults).toBe(2);
    expect((await scim.fixture(okta["list-groups"]!)).body.Resources.map((g: { id: string }) => g.id)).toEqual([ids[OKTA_GROUP]]);

    const groupGone = await scim.fixture(okta["delete-group"]!, ids);
    expect(groupGone.status).toBe(204);
    expect((await scim.get(`/Groups/${ids[OKTA_GROUP]}`)).status).toBe(404);

    const userGone = await scim.delete(`/Users/${userId}`);
    expect(userGone.status).toBe(204);
    const afterDelete = await scim.get(`/Users/${userId}`);
    expect(afterDelete.status).toBe(404);
    expect(afterDelete.body).toMatchObject({ status: "404", schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"] });
    // The userName is free again, and the audit trail names every step with its SCIM request id.
    expect((await scim.fixture(okta["create-user"]!)).status).toBe(201);
    const actions = (await t.scope.db.auditEntry.findMany({ where: { action: { startsWith: "scim." } }, orderBy: { seq: "asc" } })).map((a) => a.action);
    expect(actions).toEqual([
      "scim.user_created",
      "scim.user_created",
      "scim.group_created",
      "scim.group_updated",
      "scim.group_updated",
      "scim.user_updated",
      "scim.user_deactivated",
      "scim.user_reactivated",
      "scim.group_deleted",
      "scim.user_deleted",
      "scim.user_created",
    ]);
  });
});

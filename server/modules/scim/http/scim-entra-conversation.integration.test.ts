/**
 * A Microsoft Entra ID-shaped provisioning conversation through the real SCIM handler, with the
 * request bodies Microsoft documents (__fixtures__/entra): capitalised ops, "False" strings, URN
 * paths, manager references, multi-member adds/removes, and the probe for a random userName.
 */
import { describe, expect, it } from "vitest";
import { loadScimFixtures } from "../load-scim-fixtures";
import { SCIM_ENTERPRISE_USER_SCHEMA } from "../scim-constants";
import { addDevice, addIdentity } from "@/server/modules/revocations/test-support/kill-switch-fixtures";
import { createScimTenant } from "./test-support/scim-test-client";

const entra = Object.fromEntries(loadScimFixtures({ vendor: "entra" }).map((f) => [f.name, f]));
const GROUP_IDS = ["a99962b9f99d4c4fac67", "40734ae655284ad3abcc", "fa2ce26709934589afc5", "cdb1ce18f65944079d37"];

const memberIds = (body: { members?: Array<{ value: string }> }) => (body.members ?? []).map((m) => m.value).sort();

describe("Entra ID provisioning conversation", () => {
  it("probes, discovers, creates, updates with Entra's quirks, manages groups, disables and deletes", async () => {
    const t = await createScimTenant({ name: "Entra" });
    const scim = t.client;

    const probe = await scim.fixture(entra["probe-user-not-found"]!);
    expect(probe.status).toBe(200);
    expect(probe.body).toMatchObject({ totalResults: 0, Resources: [] });
    const schemas = await scim.fixture(entra["discover-schemas"]!);
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toContain(SCIM_ENTERPRISE_USER_SCHEMA);

    const created = await scim.fixture(entra["create-user"]!);
    expect(created.status).toBe(201);
    const main = created.body.id as string;
    const extra = async (userName: string, externalId?: string) =>
      (await scim.post("/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName, externalId, active: true })).body.id as string;
    const ids: Record<string, string> = {
      "5171a35d82074e068ce2": main,
      f648f8d5ea4e4cd38e9c: await extra("f648@entra.test"),
      "6764549bef60420686bc": await extra("6764@entra.test"),
      "a0a0a0a0-bbbb-cccc-dddd-e1e1e1e1e1e1": await extra("report@entra.test"),
    };
    ids["7f4bc1a3-285e-48ae-8202-5accb43efb0e"] = ids["6764549bef60420686bc"]!;

    expect((await scim.fixture(entra["get-user-by-username"]!)).body.Resources.map((r: { id: string }) => r.id)).toEqual([main]);
    expect((await scim.fixture(entra["get-user-by-work-email"]!)).body.Resources.map((r: { id: string }) => r.id)).toEqual([main]);

    expect((await scim.fixture(entra["add-single-value-attribute"]!, ids)).body.nickName).toBe("Babs");
    const multi = await scim.fixture(entra["replace-multiple-attributes"]!, ids);
    expect(multi.status).toBe(200);
    expect(multi.body).toMatchObject({
      displayName: "Pvlo",
      externalId: "Eqpj",
      name: { givenName: "Gtfd", familyName: "Pkqf" },
      emails: [{ value: "TestBcwqnm@test.microsoft.com", type: "work", primary: true }],
      [SCIM_ENTERPRISE_USER_SCHEMA]: { employeeNumber: "Eqpj" },
    });
    const pathless = await scim.fixture(entra["replace-multiple-attributes-pathless"]!, ids);
    expect(pathless.body).toMatchObject({ displayName: "Bjfe", name: { givenName: "Kkom", familyName: "Unua" }, emails: [{ value: "TestMhvaes@test.microsoft.com" }] });
    const renamed = await scim.fixture(entra["update-user-single-valued"]!, ids);
    expect(renamed.body.userName).toBe("5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com");
    expect((await scim.fixture(entra["update-user-multi-valued"]!, ids)).body).toMatchObject({ name: { familyName: "updatedFamilyName" } });

    // Manager: first as a reference to someone not provisioned yet, then to a real person.
    const manager = "00aa00aa-bb11-cc22-dd33-44ee44ee44ee";
    const pending = await scim.fixture(entra["replace-manager-urn-path"]!, ids);
    expect(pending.body[SCIM_ENTERPRISE_USER_SCHEMA].manager).toEqual({ value: manager });
    const bossId = await extra("boss@entra.test", manager);
    const linked = await scim.get(`/Users/${ids["a0a0a0a0-bbbb-cccc-dddd-e1e1e1e1e1e1"]}`);
    expect(linked.body[SCIM_ENTERPRISE_USER_SCHEMA].manager).toMatchObject({ value: bossId, displayName: "boss@entra.test" });
    const direct = await scim.fixture(entra["add-manager"]!, { ...ids, [manager]: bossId });
    expect(direct.body[SCIM_ENTERPRISE_USER_SCHEMA].manager.value).toBe(bossId);
    const dept = await scim.fixture(entra["replace-department-urn-path"]!, ids);
    expect(dept.body[SCIM_ENTERPRISE_USER_SCHEMA].department).toBe("Finance");
    const person = await t.scope.db.person.findFirstOrThrow({ where: { id: ids["a0a0a0a0-bbbb-cccc-dddd-e1e1e1e1e1e1"] } });
    expect(person).toMatchObject({ department: "Finance", managerId: bossId, managerExternalRef: null });

    // Groups.
    const group = await scim.fixture(entra["create-group"]!);
    expect(group.status).toBe(201);
    for (const g of GROUP_IDS) ids[g] = group.body.id;
    const byName = await scim.fixture(entra["get-group-by-displayname"]!);
    expect(byName.body.Resources).toHaveLength(1);
    expect(byName.body.Resources[0]).not.toHaveProperty("members");
    const one = await scim.fixture(entra["add-members"]!, ids);
    expect(memberIds(one.body)).toEqual([ids.f648f8d5ea4e4cd38e9c]);
    const many = await scim.fixture(entra["add-members-many"]!, ids);
    expect(memberIds(many.body)).toEqual([ids.f648f8d5ea4e4cd38e9c, ids["6764549bef60420686bc"], main].sort());
    expect(memberIds((await scim.fixture(entra["remove-members"]!, ids)).body)).toEqual([ids["6764549bef60420686bc"], main].sort());
    expect(memberIds((await scim.fixture(entra["remove-member-value-filter"]!, ids)).body)).toEqual([main]);
    expect(memberIds((await scim.fixture(entra["remove-members-many"]!, ids)).body)).toEqual([main]);
    const read = await scim.fixture(entra["get-group"]!, ids);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty("members");
    expect((await scim.fixture(entra["update-group-displayname"]!, ids)).body.displayName).toBe("1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName");

    // Disable with the string "False": the person's agents are revoked.
    const laptop = await addDevice({ scope: t.scope, ownerPersonId: main });
    const identity = await addIdentity({ scope: t.scope, deviceId: laptop.id, personId: main, productSlug: "codex-cli" });
    const disabled = await scim.fixture(entra["disable-user-string-boolean"]!, ids);
    expect(disabled.status).toBe(200);
    expect(disabled.body.active).toBe(false);
    expect((await t.scope.db.agentIdentity.findFirstOrThrow({ where: { id: identity.id } })).status).toBe("revoked");
    // Entra repeats the disable (the boolean form): converges, no second revocation, no error.
    expect((await scim.fixture(entra["disable-user"]!, ids)).status).toBe(200);
    expect(await t.scope.db.revocation.count({ where: { scopeType: "person", scopeId: main } })).toBe(1);

    expect((await scim.fixture(entra["delete-user"]!, ids)).status).toBe(204);
    expect((await scim.get(`/Users/${main}`)).status).toBe(404);
    expect(memberIds((await scim.get(`/Groups/${group.body.id}`)).body)).toEqual([]);
    expect((await scim.fixture(entra["delete-group"]!, ids)).status).toBe(204);
    expect((await scim.get("/Groups")).body.totalResults).toBe(0);
  });
});

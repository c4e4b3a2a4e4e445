/**
 * The Done-when of the lifecycle wiring, end to end over loopback HTTP: an identity provider's
 * `active=false` PATCH (Okta's documented body) arrives at the real SCIM route; the kill switch
 * revokes the person's agent identities; both of the person's devices — each running the
 * enroller's own command stream and revoke handler — get the stop at once and report it with
 * proof; another person's device gets nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTenant } from "@/test/support/tenants";
import { getRevocation } from "@/server/modules/revocations/get-revocation";
import { addDevice, addIdentity } from "@/server/modules/revocations/test-support/kill-switch-fixtures";
import { loadScimFixtures } from "../load-scim-fixtures";
import { createScimToken } from "../tokens/create-scim-token";
import { startScimRouteServer } from "../bench-support/scim-route-server";
import { startSimulatedDevice } from "../bench-support/simulated-device";

const deactivate = loadScimFixtures({ vendor: "okta" }).find((f) => f.name === "deactivate-user")!;

describe("SCIM deprovisioning stops the person's agents on their devices", () => {
  let server: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    server = await startScimRouteServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("active=false → identities revoked, both devices proven stopped, nobody else touched", async () => {
    const t = await createTestTenant("Deprovision");
    const token = await createScimToken({ scope: t.scope, name: "Okta" });
    const scim = (method: string, path: string, body?: unknown) =>
      fetch(`${server.url}/scim/v2${path}`, {
        method,
        headers: { authorization: `Bearer ${token.token}`, "content-type": "application/scim+json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const create = (userName: string) => scim("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName }).then((r) => r.json() as Promise<{ id: string }>);
    const leaver = await create("leaver@example.test");
    const stayer = await create("stayer@example.test");

    const laptop = await addDevice({ scope: t.scope, ownerPersonId: leaver.id });
    const buildBox = await addDevice({ scope: t.scope, ownerPersonId: null });
    const other = await addDevice({ scope: t.scope, ownerPersonId: stayer.id });
    const claude = await addIdentity({ scope: t.scope, deviceId: laptop.id, personId: leaver.id, productSlug: "claude-code" });
    const codex = await addIdentity({ scope: t.scope, deviceId: buildBox.id, personId: leaver.id, productSlug: "codex-cli" });
    const stayerAgent = await addIdentity({ scope: t.scope, deviceId: other.id, personId: stayer.id, productSlug: "claude-code" });

    const devices = [laptop, buildBox, other].map((d) => startSimulatedDevice({ serverUrl: server.url, deviceId: d.id, privateKey: d.privateKey }));
    try {
      await Promise.all(devices.map((d) => d.connected));
      const res = await scim("PATCH", `/Users/${leaver.id}`, deactivate.request.body);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { active: boolean }).active).toBe(false);
      const requestId = res.headers.get("x-request-id");

      await Promise.all([devices[0]!.stopped, devices[1]!.stopped]);
      const revocation = await t.scope.db.revocation.findFirstOrThrow({ where: { scopeType: "person", scopeId: leaver.id } });
      expect(revocation).toMatchObject({ trigger: "scim", triggerRef: requestId });
      const detail = await getRevocation({ scope: t.scope, id: revocation.id });
      expect(detail.targets.map((x) => [x.deviceId, x.status]).sort()).toEqual([[laptop.id, "stopped"], [buildBox.id, "stopped"]].sort());
      const statuses = new Map((await t.scope.db.agentIdentity.findMany({ select: { id: true, status: true } })).map((i) => [i.id, i.status]));
      expect([statuses.get(claude.id), statuses.get(codex.id), statuses.get(stayerAgent.id)]).toEqual(["revoked", "revoked", "active"]);
      expect(await t.scope.db.deviceCommand.count({ where: { deviceId: other.id } })).toBe(0);
    } finally {
      await Promise.all(devices.map((d) => d.close()));
    }
  });
});

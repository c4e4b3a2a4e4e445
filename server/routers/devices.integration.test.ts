/** The devices router through the real procedures and the REST edge: tenancy, roles, paging/sort/search. */
import { describe, expect, it } from "vitest";
import { addMember, callerAs, createTestTenant, uniqueSuffix } from "@/test/support/tenants";
import { createApiKey } from "@/server/modules/api-keys/create-api-key";
import { handleRestRequest } from "@/server/http/rest-api";
import { createDeviceClient } from "@/agent-enroller/src/index";
import { deviceApiFetch } from "@/server/modules/devices/test-support/device-api-fetch";
import { seedAgentCatalog } from "@/server/modules/catalog/seed-agent-catalog";
import type { TTenantScope } from "@/server/modules/tenant-scope";

function rest(method: string, path: string, key: string, body?: unknown) {
  return handleRestRequest(
    new Request(`http://localhost/api/v1${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined }),
  );
}

async function enrollFleet(options: { token: string; hosts: { hostname: string; username?: string; os?: "linux" | "darwin" | "windows"; agents?: string[] }[] }) {
  const ids: string[] = [];
  for (const h of options.hosts) {
    const client = createDeviceClient({ serverUrl: "http://127.0.0.1:1", fetch: deviceApiFetch });
    const res = await client.enroll({ token: options.token, machine: { machineId: `m-${uniqueSuffix()}`, hostname: h.hostname, os: h.os ?? "linux", osVersion: "1", arch: "x64", username: h.username ?? "u" } });
    await client.checkin({
      request: {
        enrollerVersion: "0.1.0",
        inventory: {
          scannedAt: new Date().toISOString(),
          processesScanned: 1,
          installations: (h.agents ?? []).map((slug) => ({
            productSlug: slug,
            displayName: slug,
            version: "1.0.0",
            installPath: `/opt/${slug}`,
            entryFile: null,
            sha256: null,
            installMethod: "npm-global" as const,
            running: false,
            pids: [],
            mcpServers: [],
            configPaths: [],
          })),
        },
      },
    });
    ids.push(res.deviceId);
  }
  return ids;
}

async function tokenFor(scope: TTenantScope, owner: { id: string; email: string; name: string | null }, ring: "dev" | "staging" | "prod" = "prod") {
  return callerAs(owner).devices.enrollmentTokens.create({ tenantSlug: scope.tenantSlug, name: "fleet", maxUses: 100, expiresInHours: 1, ring });
}

describe("devices router", () => {
  it("creates a token with a one-line command, lists it without the secret, revokes it; auditors cannot", async () => {
    const { scope, owner } = await createTestTenant("Tok");
    const created = await tokenFor(scope, owner, "staging");
    expect(created.command).toBe(`curl -fsSL ${process.env.MARSHAL_PUBLIC_URL}/enroll.sh | sh -s -- ${created.token}`);
    const list = await callerAs(owner).devices.enrollmentTokens.list({ tenantSlug: scope.tenantSlug });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: created.id, status: "active", ring: "staging", uses: 0 });
    expect(JSON.stringify(list)).not.toContain(created.token);

    const auditor = await addMember({ tenantId: scope.tenantId, role: "auditor" });
    await expect(callerAs(auditor).devices.enrollmentTokens.create({ tenantSlug: scope.tenantSlug, name: "x", maxUses: 1, expiresInHours: 1, ring: "dev" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(auditor).devices.enrollmentTokens.revoke({ tenantSlug: scope.tenantSlug, id: created.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await callerAs(auditor).devices.enrollmentTokens.list({ tenantSlug: scope.tenantSlug })).toHaveLength(1);

    await callerAs(owner).devices.enrollmentTokens.revoke({ tenantSlug: scope.tenantSlug, id: created.id });
    expect((await callerAs(owner).devices.enrollmentTokens.list({ tenantSlug: scope.tenantSlug }))[0]!.status).toBe("revoked");
    await expect(callerAs(owner).devices.enrollmentTokens.revoke({ tenantSlug: scope.tenantSlug, id: created.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses bad token input and writes nothing", async () => {
    const { scope, owner } = await createTestTenant("Bad");
    const caller = callerAs(owner);
    for (const input of [
      { name: "", maxUses: 1, expiresInHours: 1 },
      { name: "x", maxUses: 0, expiresInHours: 1 },
      { name: "x", maxUses: 1, expiresInHours: 0 },
      { name: "x", maxUses: 1, expiresInHours: 99999 },
      { name: "x", maxUses: 1, expiresInHours: 1, ring: "qa" },
      { name: "x", maxUses: 1, expiresInHours: 1, ownerPersonId: "nobody" },
    ]) {
      await expect(caller.devices.enrollmentTokens.create({ tenantSlug: scope.tenantSlug, ...(input as { name: string; maxUses: number; expiresInHours: number }) })).rejects.toMatchObject({ code: expect.stringMatching(/BAD_REQUEST|NOT_FOUND/) });
    }
    expect(await caller.devices.enrollmentTokens.list({ tenantSlug: scope.tenantSlug })).toHaveLength(0);
  });

  it("lists devices with server-side paging, sorting, filters and search", async () => {
    await seedAgentCatalog();
    const { scope, owner } = await createTestTenant("List");
    const { token } = await tokenFor(scope, owner, "dev");
    await enrollFleet({
      token,
      hosts: [
        { hostname: "alpha-mbp", username: "ann", os: "darwin", agents: ["claude-code"] },
        { hostname: "bravo-linux", username: "bob", agents: ["codex-cli", "claude-code"] },
        { hostname: "charlie-win", username: "cat", os: "windows" },
      ],
    });
    const caller = callerAs(owner);
    const s = scope.tenantSlug;
    const all = await caller.devices.list({ tenantSlug: s, sort: "hostname", order: "desc" });
    expect(all.total).toBe(3);
    expect(all.items.map((d) => d.hostname)).toEqual(["charlie-win", "bravo-linux", "alpha-mbp"]);
    expect(all.items.find((d) => d.hostname === "bravo-linux")!.agentCount).toBe(2);

    const page2 = await caller.devices.list({ tenantSlug: s, pageSize: 2, page: 2 });
    expect(page2.items.map((d) => d.hostname)).toEqual(["charlie-win"]);
    expect((await caller.devices.list({ tenantSlug: s, search: "RAVO" })).items.map((d) => d.hostname)).toEqual(["bravo-linux"]);
    expect((await caller.devices.list({ tenantSlug: s, search: "ann" })).items.map((d) => d.hostname)).toEqual(["alpha-mbp"]);
    expect((await caller.devices.list({ tenantSlug: s, os: "windows" })).items.map((d) => d.hostname)).toEqual(["charlie-win"]);
    expect((await caller.devices.list({ tenantSlug: s, productSlug: "claude-code" })).total).toBe(2);
    expect((await caller.devices.list({ tenantSlug: s, ring: "prod" })).total).toBe(0);

    const agents = await caller.devices.agents({ tenantSlug: s });
    expect(agents.map((a) => [a.productSlug, a.displayName, a.installations])).toEqual([
      ["claude-code", "Claude Code", 2],
      ["codex-cli", "Codex CLI", 1],
    ]);
    const estate = await caller.devices.estate({ tenantSlug: s, days: 7 });
    expect(estate.devicesByRing).toEqual([{ ring: "dev", count: 3 }, { ring: "staging", count: 0 }, { ring: "prod", count: 0 }]);
    expect(estate.newAgentsPerDay).toHaveLength(7);
    expect(estate.newAgentsPerDay.at(-1)!.count).toBe(3);
    expect((await caller.devices.installations({ tenantSlug: s, productSlug: "codex-cli" })).items.map((i) => i.device.hostname)).toEqual(["bravo-linux"]);
  });

  it("keeps tenants apart: a member of A gets NOT_FOUND on B's devices; auditors cannot unenroll", async () => {
    const a = await createTestTenant("A");
    const b = await createTestTenant("B");
    const { token } = await tokenFor(b.scope, b.owner);
    const [deviceB] = await enrollFleet({ token, hosts: [{ hostname: "b-host", agents: ["claude-code"] }] });
    const ownerA = callerAs(a.owner);
    await expect(ownerA.devices.list({ tenantSlug: b.scope.tenantSlug })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ownerA.devices.get({ tenantSlug: a.scope.tenantSlug, id: deviceB! })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ownerA.devices.unenroll({ tenantSlug: a.scope.tenantSlug, id: deviceB! })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await ownerA.devices.list({ tenantSlug: a.scope.tenantSlug })).total).toBe(0);
    expect((await ownerA.devices.installations({ tenantSlug: a.scope.tenantSlug })).total).toBe(0);
    const bTokens = await callerAs(b.owner).devices.enrollmentTokens.list({ tenantSlug: b.scope.tenantSlug });
    await expect(ownerA.devices.enrollmentTokens.revoke({ tenantSlug: a.scope.tenantSlug, id: bTokens[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const auditorB = await addMember({ tenantId: b.scope.tenantId, role: "auditor" });
    await expect(callerAs(auditorB).devices.unenroll({ tenantSlug: b.scope.tenantSlug, id: deviceB! })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const detail = await callerAs(auditorB).devices.get({ tenantSlug: b.scope.tenantSlug, id: deviceB! });
    expect(detail.installations.map((i) => i.productSlug)).toEqual(["claude-code"]);
    expect(detail.timeline.some((t) => t.kind === "audit" && t.title === "device.enrolled")).toBe(true);
    // The event pipeline has the enrollment and the discovered agent too.
    expect(detail.timeline.some((t) => t.kind === "event" && t.title === "device.enrolled")).toBe(true);
    expect(detail.timeline.some((t) => t.kind === "event" && t.title === "discovery.agent_found" && t.detail.includes("claude-code"))).toBe(true);

    await callerAs(b.owner).devices.unenroll({ tenantSlug: b.scope.tenantSlug, id: deviceB! });
    expect((await callerAs(b.owner).devices.get({ tenantSlug: b.scope.tenantSlug, id: deviceB! })).status).toBe("unenrolled");
  });

  it("serves the REST API: tokens with a read key are refused, devices and installations are listed per key's tenant", async () => {
    const a = await createTestTenant("RestA");
    const b = await createTestTenant("RestB");
    const admin = await createApiKey({ scope: a.scope, name: "admin", keyScope: "admin" });
    const read = await createApiKey({ scope: a.scope, name: "read", keyScope: "read" });
    const readB = await createApiKey({ scope: b.scope, name: "read", keyScope: "read" });

    const created = await rest("POST", "/enrollment-tokens", admin.key, { name: "rest", maxUses: 2, expiresInHours: 2, ring: "prod" });
    expect(created.status).toBe(200);
    const body = (await created.json()) as { id: string; token: string; command: string };
    expect(body.command).toContain(body.token);
    expect((await rest("POST", "/enrollment-tokens", read.key, { name: "x", maxUses: 1, expiresInHours: 1 })).status).toBe(403);
    expect((await rest("POST", "/enrollment-tokens", admin.key, { name: "x", maxUses: -1, expiresInHours: 1 })).status).toBe(400);
    const tokens = (await (await rest("GET", "/enrollment-tokens", read.key)).json()) as { id: string }[];
    expect(tokens.map((t) => t.id)).toEqual([body.id]);

    const [deviceA] = await enrollFleet({ token: body.token, hosts: [{ hostname: "rest-host", agents: ["gemini-cli"] }] });
    const list = (await (await rest("GET", "/devices?search=rest&sort=lastCheckinAt&order=desc", read.key)).json()) as { total: number; items: { id: string }[] };
    expect(list.items.map((d) => d.id)).toEqual([deviceA]);
    const one = (await (await rest("GET", `/devices/${deviceA}`, read.key)).json()) as { hostname: string; installations: { productSlug: string }[] };
    expect(one.hostname).toBe("rest-host");
    expect(one.installations.map((i) => i.productSlug)).toEqual(["gemini-cli"]);
    expect((await rest("GET", `/devices/${deviceA}`, readB.key)).status).toBe(404);
    expect(((await (await rest("GET", "/devices", readB.key)).json()) as { total: number }).total).toBe(0);
    const inst = (await (await rest("GET", "/installations?productSlug=gemini-cli", read.key)).json()) as { total: number };
    expect(inst.total).toBe(1);
    expect((await rest("GET", "/devices?pageSize=5000", read.key)).status).toBe(400);
    expect((await rest("DELETE", `/enrollment-tokens/${body.id}`, admin.key)).status).toBe(200);
  });
});

/**
 * Budgets are enforced by every gateway before the call and shared across the devices of one person through the
 * server's budget ledger; a breached budget with breachAction "revoke" fires the kill switch (trigger "budget").
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, callerAs } from "@/test/support/tenants";
import { createApiKey } from "@/server/modules/api-keys/create-api-key";
import type { StandInUpstream } from "../gateway/test-support/stand-in-upstream";
import { TENANT_KEYS, createStandInUpstream, createTenantWorld, enrollTestDevice, restCall, startDeviceGateway, type DeviceGateway } from "./test-support/chain-fixture";

let upstream: StandInUpstream;
const open: DeviceGateway[] = [];

beforeAll(async () => {
  upstream = await createStandInUpstream({ keys: TENANT_KEYS });
});
afterAll(async () => {
  for (const g of open) await g.close();
  await upstream?.close();
});

async function twoLaptops() {
  const world = await createTenantWorld();
  await restCall({ apiKey: world.apiKey, method: "POST", path: "/secrets", body: { name: "anthropic", provider: "anthropic", value: TENANT_KEYS.anthropic } });
  const gateways: DeviceGateway[] = [];
  for (const hostname of ["ann-laptop", "ann-desktop"]) {
    const device = await enrollTestDevice({ scope: world.scope, ownerPersonId: world.ann.id, hostname: `${hostname}-${world.tenant.slug}` });
    const g = await startDeviceGateway({ device, tenantSlug: world.tenant.slug, upstream });
    open.push(g);
    gateways.push(g);
  }
  const tokens = [];
  for (const g of gateways) tokens.push((await g.client.issueAgentCredential({ productSlug: "claude-code" })).token);
  return { world, a: gateways[0]!, b: gateways[1]!, tokenA: tokens[0]!, tokenB: tokens[1]! };
}

function callClaude(g: DeviceGateway, token: string) {
  return fetch(`${g.gateway.url}/v1/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": token, "anthropic-version": "2023-06-01" },
    body: JSON.stringify({ model: "claude-haiku-4-5", max_tokens: 16, messages: [{ role: "user", content: "hi" }] }),
  });
}

describe("a person's budget shared by two devices", () => {
  it("holds the cap: once one laptop spent it, the other refuses with a 429 after its next sync", async () => {
    const { world, a, b, tokenA, tokenB } = await twoLaptops();
    const limitUsd = 0.00025;
    const budget = await restCall({ apiKey: world.apiKey, method: "POST", path: "/budgets", body: { name: "Ann monthly", scopeKind: "person", scopeId: world.ann.id, usdPerMonth: limitUsd } });
    expect(budget.status).toBe(200);
    await a.wiring.syncUsage();
    await b.wiring.syncUsage();

    // laptop A spends until its own gateway refuses
    let okA = 0;
    for (let i = 0; i < 30; i++) {
      const res = await callClaude(a, tokenA);
      await res.arrayBuffer();
      if (res.status === 429) break;
      expect(res.status).toBe(200);
      okA++;
    }
    expect(okA).toBeGreaterThan(0);
    expect(okA).toBeLessThan(30);
    await a.wiring.syncUsage();
    await b.wiring.syncUsage();

    // laptop B has spent nothing itself, but the person's budget is gone
    const refused = await callClaude(b, tokenB);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { type: string; message: string } };
    expect(body.error.message).toMatch(/monthly budget of \$0\.00 for person/);
    expect(b.events.at(-1)).toMatchObject({ outcome: "refused_quota", quotaRefusal: { scope: { kind: "person", id: world.ann.id }, limit: "usdPerMonth" } });

    // what the server saw never exceeds the cap
    const spent = await world.scope.db.usageRecord.aggregate({ _sum: { costNano: true } });
    expect(Number(spent._sum.costNano) / 1e9).toBeLessThanOrEqual(limitUsd);
    const [listed] = await callerAs(world.owner).finops.budgets({ tenantSlug: world.tenant.slug });
    expect(listed!.spentUsdThisMonth).toBeCloseTo(Number(spent._sum.costNano) / 1e9, 9);
  });

  it("fires the kill switch once when the ledger shows the budget breached and the budget says revoke", async () => {
    const { world, a } = await twoLaptops();
    const created = await callerAs(world.owner).finops.createBudget({ tenantSlug: world.tenant.slug, name: "Ann hard cap", scopeKind: "person", scopeId: world.ann.id, usdPerMonth: 0.0001, breachAction: "revoke" });
    // the laptop was offline and spent past the cap before it could sync (two devices racing between syncs)
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    const month = day.slice(0, 7);
    await a.client.syncUsage({ records: [], snapshot: { epoch: "offline-run", id: 1, entries: [{ scope: { kind: "person", id: world.ann.id }, day, tokens: 100, month, usd: 0.00015 }] } });
    const revocations = await world.scope.db.revocation.findMany({ where: { trigger: "budget" } });
    expect(revocations).toEqual([expect.objectContaining({ scopeType: "person", scopeId: world.ann.id, triggerRef: `budget:${created.id}:${month}`, status: "active" })]);
    expect(revocations[0]!.reason).toMatch(/Budget "Ann hard cap" breached/);
    const identities = await world.scope.db.agentIdentity.findMany({ where: { personId: world.ann.id } });
    expect(identities.every((i) => i.status === "revoked")).toBe(true);
    // later syncs do not fire it again; the gateway refuses the revoked identity
    await a.client.syncUsage({ records: [], snapshot: { epoch: "offline-run", id: 2, entries: [{ scope: { kind: "person", id: world.ann.id }, day, tokens: 200, month, usd: 0.0003 }] } });
    expect(await world.scope.db.revocation.count({ where: { trigger: "budget" } })).toBe(1);
    const [listed] = await callerAs(world.owner).finops.budgets({ tenantSlug: world.tenant.slug });
    expect(listed).toMatchObject({ breachedMonth: month, spentUsdThisMonth: 0.0003 });
    await expect(a.client.fetchSecret({ identityId: identities[0]!.id, provider: "anthropic" })).rejects.toMatchObject({ status: 403 });
  });

  it("refuses bad budgets and keeps tenants apart", async () => {
    const { world } = await twoLaptops();
    const other = await createTenantWorld();
    const owner = callerAs(world.owner);
    await expect(owner.finops.createBudget({ tenantSlug: world.tenant.slug, name: "x", scopeKind: "person", scopeId: world.ann.id })).rejects.toThrow(/at least one limit/);
    await expect(owner.finops.createBudget({ tenantSlug: world.tenant.slug, name: "x", scopeKind: "businessUnit", scopeId: world.businessUnit, usdPerMonth: 5, breachAction: "revoke" })).rejects.toThrow(/not a whole businessUnit/);
    await expect(owner.finops.createBudget({ tenantSlug: world.tenant.slug, name: "x", scopeKind: "person", scopeId: other.ann.id, usdPerMonth: 5 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await world.scope.db.budget.count()).toBe(0);
    const b = await owner.finops.createBudget({ tenantSlug: world.tenant.slug, name: "BU", scopeKind: "businessUnit", scopeId: world.businessUnit, usdPerMonth: 5 });
    await expect(callerAs(other.owner).finops.budgets({ tenantSlug: world.tenant.slug })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerAs(other.owner).finops.deleteBudget({ tenantSlug: other.tenant.slug, id: b.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // read-only credentials read but never write
    const readKey = (await createApiKey({ scope: world.scope, name: "finance dashboard", keyScope: "read" })).key;
    expect((await restCall({ apiKey: readKey, method: "GET", path: "/budgets" })).status).toBe(200);
    expect((await restCall({ apiKey: readKey, method: "DELETE", path: `/budgets/${b.id}` })).status).toBe(403);
    const auditor = await addMember({ tenantId: world.tenant.id, role: "auditor" });
    await expect(callerAs(auditor).finops.updateBudget({ tenantSlug: world.tenant.slug, id: b.id, usdPerMonth: 50 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await world.scope.db.budget.count()).toBe(1);
  });
});

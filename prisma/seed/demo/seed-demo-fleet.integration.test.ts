/**
 * The demo fleet, seeded into a fresh tenant through the real protocol and module paths, is what the console
 * shows: the console API (the same procedures the pages call) sees the people, the twelve devices with their
 * agents and MCP servers, the registry verdicts in the compliance view, events, identities, spend and budgets.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { callerAs, createTestTenant } from "@/test/support/tenants";
import { seedAgentCatalog } from "@/server/modules/catalog/seed-agent-catalog";
import { DEMO_FLEET } from "./demo-fleet-plan";
import { seedDemoFleet, type TDemoFleetSummary } from "./seed-demo-fleet";

describe("demo fleet", () => {
  let t: Awaited<ReturnType<typeof createTestTenant>>;
  let summary: TDemoFleetSummary;
  let api: ReturnType<typeof callerAs>;
  beforeAll(async () => {
    await seedAgentCatalog();
    t = await createTestTenant("Acme");
    summary = await seedDemoFleet({ scope: t.scope, publicUrl: "http://localhost:3000", emailDomain: `${t.tenant.slug}.example` });
    api = callerAs(t.owner);
  });

  it("enrolls twelve owned devices in three rings, with their agents at several versions", async () => {
    expect(summary).toMatchObject({ people: 8, groups: 5, devices: 12 });
    const devices = await api.devices.list({ tenantSlug: t.tenant.slug, pageSize: 50 });
    expect(devices.total).toBe(12);
    expect(devices.items.every((d) => d.owner !== null && d.lastCheckinAt !== null && d.agentCount > 0)).toBe(true);
    expect(new Set(devices.items.map((d) => d.ring))).toEqual(new Set(["dev", "staging", "prod"]));
    expect(new Set(devices.items.map((d) => d.os))).toEqual(new Set(["darwin", "linux", "windows"]));

    const agents = await api.devices.agents({ tenantSlug: t.tenant.slug });
    const bySlug = new Map(agents.map((a) => [a.productSlug, a]));
    for (const slug of ["claude-code", "codex-cli", "gemini-cli", "cursor", "aider", "openclaw"]) expect(bySlug.get(slug)?.installations).toBeGreaterThan(0);
    expect(bySlug.get("claude-code")!.versions.length).toBeGreaterThanOrEqual(3);
    const planned = DEMO_FLEET.reduce((n, d) => n + d.agents.length, 0);
    expect(agents.reduce((n, a) => n + a.installations, 0)).toBe(planned);

    const laptop = devices.items.find((d) => d.hostname === "margaret-mbp")!;
    const detail = await api.devices.get({ tenantSlug: t.tenant.slug, id: laptop.id });
    expect(detail.owner?.displayName ?? "").toContain("Margaret");
    const claude = detail.installations.find((i) => i.productSlug === "claude-code")!;
    expect(claude.mcpServers.map((m) => m.name).sort()).toEqual(["github", "postgres", "sentry"]);
  });

  it("shows the registry verdicts in the compliance view, policies attested in force", async () => {
    const matrix = await api.registry.compliance({ tenantSlug: t.tenant.slug });
    const cells = matrix.rows.flatMap((r) => r.cells.map((c) => ({ host: r.hostname, ...c })));
    expect(cells.filter((c) => c.productSlug === "claude-code").every((c) => c.verdict === "sanctioned")).toBe(true);
    expect(cells.filter((c) => c.productSlug === "codex-cli").every((c) => c.verdict === "tolerated")).toBe(true);
    expect(cells.filter((c) => c.productSlug === "openclaw").map((c) => [c.host, c.verdict]).sort()).toEqual([["linus-thinkpad", "blocked"], ["radia-mbp", "blocked"]]);
    expect(cells.filter((c) => c.productSlug === "openclaw").map((c) => [c.host, c.status]).sort()).toEqual([["linus-thinkpad", "needs_elevation"], ["radia-mbp", "in_force"]]);
    expect(cells.filter((c) => c.productSlug === "claude-code").every((c) => c.status === "in_force")).toBe(true);
  });

  it("people, groups, identities, events, spend and budgets are there for Directory, Identities, Events and Costs", async () => {
    const groups = await api.directory.groups({ tenantSlug: t.tenant.slug });
    expect(groups.groups.map((g) => [g.displayName, g.mapping]).sort()).toContainEqual(["Platform Engineering", "business_unit"]);

    expect(summary.identities).toBeGreaterThan(12);
    const search = (query: string) => api.events.search({ tenantSlug: t.tenant.slug, query, limit: 500 });
    expect((await search("type:agent.tool_call")).events.length).toBeGreaterThan(20);
    expect((await search("type:process.blocked")).events.map((e) => e.actor.productSlug)).toEqual(["openclaw", "openclaw"]);
    expect((await search("type:device.enrolled")).events).toHaveLength(12);
    expect((await search("type:scim.user_created")).events).toHaveLength(8);

    const overview = await api.finops.overview({ tenantSlug: t.tenant.slug, days: 30 });
    expect(await t.scope.db.usageRecord.count()).toBe(summary.usageRecords);
    expect(overview.totalRequests).toBe(await t.scope.db.usageRecord.count({ where: { at: { gte: overview.from, lt: overview.to } } }));
    expect(overview.totalUsd).toBeGreaterThan(0);
    expect(overview.byBusinessUnit.map((b) => b.label)).toEqual(expect.arrayContaining(["Platform Engineering", "Data Science"]));
    expect(overview.topAgents.length).toBeGreaterThan(5);
    // The runaway day three days ago is the anomaly, and the 30-day window starts level (no ramp-up "anomalies").
    const runawayDays = [3, 4].map((n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10));
    expect(overview.anomalies.map((a) => a.day)).toHaveLength(1);
    expect(runawayDays).toContain(overview.anomalies[0]!.day);
    const budgets = await api.finops.budgets({ tenantSlug: t.tenant.slug });
    expect(budgets.map((b) => b.scopeKind).sort()).toEqual(["businessUnit", "businessUnit", "environment", "person"]);
    // Budget spend comes from the gateways' quota snapshots (the ledger); it matches the metered records.
    const chargeback = await api.finops.chargeback({ tenantSlug: t.tenant.slug });
    for (const unit of ["Platform Engineering", "Data Science"]) {
      const budget = budgets.find((b) => b.scopeKind === "businessUnit" && b.scopeId === unit)!;
      const metered = chargeback.businessUnits.find((b) => b.businessUnit === unit)?.usd ?? 0;
      expect(budget.spentUsdThisMonth).toBeCloseTo(metered, 6);
    }
  });
});

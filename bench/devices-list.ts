/**
 * Devices page query latency at scale: bulk-seeds a tenant with N devices (default 100,000; 1 in 3 with two
 * agent installations) and times the devices.list module query (count + page) for the console's common views.
 * Target (issue 3): p95 < 200 ms at 100,000 devices. Options: --devices=N --runs=R (per view, default 30).
 */
import { performance } from "node:perf_hooks";
import { benchArg, percentiles, withBenchDatabase } from "../server/modules/devices/bench-support/bench-harness";

export async function run(opts: Record<string, unknown> = {}) {
  const devices = benchArg("devices", 100_000, opts);
  const runs = benchArg("runs", 30, opts);
  return withBenchDatabase(async () => {
    const { seedBenchFleet } = await import("../server/modules/devices/bench-support/seed-bench-fleet");
    const { listDevices } = await import("../server/modules/devices/list-devices");
    const { forTenant } = await import("../server/db");
    const t0 = performance.now();
    const { tenant } = await seedBenchFleet({ devices, withKeys: false, withInstallations: 1 / 3 });
    const seedSec = Math.round((performance.now() - t0) / 100) / 10;
    const scope = { db: forTenant(tenant.id), tenantId: tenant.id, tenantSlug: tenant.slug, actor: { type: "system" as const, id: null, label: "bench" } };
    const views: Record<string, Record<string, unknown>> = {
      "default (hostname asc, page 1)": {},
      "last check-in desc": { sort: "lastCheckinAt", order: "desc" },
      "page 500 (offset 24,950)": { page: 500 },
      "search 'host-4242'": { search: "host-4242" },
      "ring=staging, os=darwin": { ring: "staging", os: "darwin" },
      "has claude-code": { productSlug: "claude-code" },
      "enrolled desc, 200 per page": { sort: "enrolledAt", order: "desc", pageSize: 200 },
    };
    const results: Record<string, unknown> = {};
    for (const [name, input] of Object.entries(views)) {
      await listDevices({ scope, input });
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < runs; i++) {
        const s = performance.now();
        total = (await listDevices({ scope, input })).total;
        times.push(performance.now() - s);
      }
      results[name] = { matching: total, ms: percentiles(times) };
    }
    return { devices, seedSec, runsPerView: runs, views: results, target: "devices page query p95 < 200 ms at 100,000 devices" };
  });
}

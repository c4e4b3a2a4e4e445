import type { TTenantScope } from "../tenant-scope";

/** Installations across the estate grouped by product and version (the Agents page). */
export async function summarizeAgents(options: { scope: TTenantScope }) {
  const { db } = options.scope;
  const [groups, running, products] = await Promise.all([
    db.installation.groupBy({ by: ["productSlug", "version"], _count: { _all: true }, _max: { lastSeenAt: true } }),
    db.installation.groupBy({ by: ["productSlug", "version"], where: { running: true }, _count: { _all: true } }),
    db.agentProduct.findMany({ select: { slug: true, displayName: true, vendor: true } }),
  ]);
  const runningBy = new Map(running.map((r) => [`${r.productSlug}\u0000${r.version ?? ""}`, r._count._all]));
  const productBy = new Map(products.map((p) => [p.slug, p]));
  const bySlug = new Map<string, { productSlug: string; displayName: string; vendor: string | null; installations: number; running: number; versions: { version: string | null; installations: number; running: number; lastSeenAt: Date | null }[] }>();
  for (const g of groups) {
    const product = productBy.get(g.productSlug);
    let entry = bySlug.get(g.productSlug);
    if (!entry) {
      entry = { productSlug: g.productSlug, displayName: product?.displayName ?? g.productSlug.replace(/^unknown:/, ""), vendor: product?.vendor ?? null, installations: 0, running: 0, versions: [] };
      bySlug.set(g.productSlug, entry);
    }
    const run = runningBy.get(`${g.productSlug}\u0000${g.version ?? ""}`) ?? 0;
    entry.installations += g._count._all;
    entry.running += run;
    entry.versions.push({ version: g.version, installations: g._count._all, running: run, lastSeenAt: g._max.lastSeenAt });
  }
  const result = [...bySlug.values()].sort((a, b) => b.installations - a.installations || a.displayName.localeCompare(b.displayName));
  for (const r of result) r.versions.sort((a, b) => b.installations - a.installations || String(b.version).localeCompare(String(a.version)));
  return result;
}

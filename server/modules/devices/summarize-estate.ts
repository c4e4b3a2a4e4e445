import { countNewInstallationsPerDay } from "@/server/db/devices";
import type { TTenantScope } from "../tenant-scope";

/** The Overview charts: agents by product, devices by ring, and new agents per day over the last `days`. */
export async function summarizeEstate(options: { scope: TTenantScope; days?: number; now?: Date }) {
  const { db } = options.scope;
  const days = options.days ?? 30;
  const now = options.now ?? new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const [byProduct, byRing, recent, products] = await Promise.all([
    db.installation.groupBy({ by: ["productSlug"], _count: { _all: true } }),
    db.device.groupBy({ by: ["ring"], where: { status: "active" }, _count: { _all: true } }),
    countNewInstallationsPerDay({ tenantId: options.scope.tenantId, since: start }),
    db.agentProduct.findMany({ select: { slug: true, displayName: true } }),
  ]);
  const names = new Map(products.map((p) => [p.slug, p.displayName]));
  const perDay = new Map<string, number>();
  for (let i = 0; i < days; i++) perDay.set(new Date(start.getTime() + i * 86_400_000).toISOString().slice(0, 10), 0);
  for (const r of recent) if (perDay.has(r.day)) perDay.set(r.day, r.count);
  return {
    agentsByProduct: byProduct
      .map((g) => ({ productSlug: g.productSlug, displayName: names.get(g.productSlug) ?? g.productSlug.replace(/^unknown:/, ""), count: g._count._all }))
      .sort((a, b) => b.count - a.count),
    devicesByRing: (["dev", "staging", "prod"] as const).map((ring) => ({ ring, count: byRing.find((g) => g.ring === ring)?._count._all ?? 0 })),
    newAgentsPerDay: [...perDay.entries()].map(([day, count]) => ({ day, count })),
  };
}

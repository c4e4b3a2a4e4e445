/**
 * Cross-tenant reads of the rollout engine (server/jobs/rollout-jobs.ts): which rollouts are in flight in any
 * tenant, so the sweep can queue a step for each. Everything else goes through forTenant.
 */
import { rootDb } from "./client";

export async function listActiveRolloutRefs(): Promise<{ rolloutId: string; tenantId: string }[]> {
  const rows = await rootDb().rollout.findMany({ where: { status: "active" }, select: { id: true, tenantId: true }, orderBy: { createdAt: "asc" }, take: 10_000 });
  return rows.map((r) => ({ rolloutId: r.id, tenantId: r.tenantId }));
}

export async function resolveTenantSlug({ tenantId }: { tenantId: string }): Promise<string | null> {
  return (await rootDb().tenant.findUnique({ where: { id: tenantId }, select: { slug: true } }))?.slug ?? null;
}

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

/**
 * Runs one engine step of a rollout while holding a Postgres advisory lock on it (transaction-scoped, so a crashed
 * worker's lock goes with its connection): two steps of the same rollout never run at once on any node.
 * `wait: false` returns { ran: false } at once when another step holds it (the job worker: the other step does the
 * work); `wait: true` waits for it (a person's promote).
 */
export async function withRolloutStepLock<T>({ rolloutId, wait, fn }: { rolloutId: string; wait: boolean; fn: () => Promise<T> }): Promise<{ ran: true; value: T } | { ran: false }> {
  return rootDb().$transaction(
    async (tx) => {
      if (wait) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`rollout:${rolloutId}`}, 0))`;
      else {
        const [row] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended(${`rollout:${rolloutId}`}, 0)) AS locked`;
        if (!row?.locked) return { ran: false as const };
      }
      return { ran: true as const, value: await fn() };
    },
    { timeout: 15 * 60_000, maxWait: 60_000 },
  );
}

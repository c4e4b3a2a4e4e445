/** A rollout with its changes and stages, or NOT_FOUND (also for another tenant's rollout: forTenant scopes the read). */
import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";

export async function loadRollout({ scope, rolloutId }: { scope: Pick<TTenantScope, "db">; rolloutId: string }) {
  const rollout = await scope.db.rollout.findFirst({
    where: { id: rolloutId },
    include: { changes: { orderBy: { createdAt: "asc" } }, stages: { orderBy: { index: "asc" } }, approvals: { orderBy: { createdAt: "asc" } } },
  });
  if (!rollout) throw new AppError("NOT_FOUND", "Rollout not found");
  return rollout;
}
export type TLoadedRollout = Awaited<ReturnType<typeof loadRollout>>;

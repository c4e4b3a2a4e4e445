/**
 * A direct registry edit (a policy revision, a verdict or pin change) of something an unfinished rollout is
 * changing is refused: the rollout's baseline would shift under it, and rings would interleave two changes.
 */
import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { lockKeyOf } from "./rollout-schemas";

export async function refuseLockedChange({ scope, kind, target }: { scope: Pick<TTenantScope, "db">; kind: "policy" | "registry-entry"; target: string }): Promise<void> {
  const lock = await scope.db.rolloutLock.findFirst({ where: { key: lockKeyOf({ kind, target }) } });
  if (!lock) return;
  const rollout = await scope.db.rollout.findFirst({ where: { id: lock.rolloutId }, select: { title: true, status: true } });
  throw new AppError("CONFLICT", `${kind === "policy" ? `The ${target} policy` : `The registry entry of ${target}`} is being changed by rollout "${rollout?.title ?? lock.rolloutId}" (${rollout?.status ?? "active"}): change it through that rollout, or let it complete or roll it back first`, { rolloutId: lock.rolloutId });
}

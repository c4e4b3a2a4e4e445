/**
 * Ring-targeted delivery: what an unfinished rollout changes on each device. build-device-policy-bundles consults
 * this for every bundle it builds. A device gets the rollout's new revisions when the rollout delivered them to it
 * (a RolloutDeviceState row: it was in a wave) or when its ring's stage delivered its last wave (the whole ring has
 * it, so a device enrolling there later gets it too). Every other device keeps what the registry says, which is
 * the previous revision until the rollout completes. A rolled-back or completed rollout overrides nothing.
 * One query when no rollout is in flight.
 */
import type { TAgentPolicy } from "@/server/contracts/agent-policy";
import type { TPolicyChange } from "../registry/diff-policy";
import type { TPolicyRevision } from "../registry/policy-revisions";
import type { TPolicyVerdictClass } from "../registry/registry-schemas";
import type { TTenantScope } from "../tenant-scope";
import type { TEntryValue } from "./create-rollout";

export type TOverrideEntry = { productSlug: string; verdict: string; versionRange: string | null; sha256: string[]; outOfPinAction: string; toleratedUntil: Date | null };
export type TRolloutOverride = { rolloutIds: string[]; policies: Partial<Record<TPolicyVerdictClass, TPolicyRevision>>; entries: Map<string, TOverrideEntry> };

export const UNFINISHED_STATUSES = ["active", "halted"];

export async function readRolloutOverrides({ scope, devices }: { scope: Pick<TTenantScope, "db">; devices: readonly { id: string; ring: string }[] }): Promise<Map<string, TRolloutOverride>> {
  const out = new Map<string, TRolloutOverride>();
  if (devices.length === 0) return out;
  const rollouts = await scope.db.rollout.findMany({
    where: { status: { in: UNFINISHED_STATUSES } },
    select: { id: true, createdById: true, createdAt: true, title: true, changes: true, stages: { select: { ring: true, waves: true, wavesDone: true } } },
    orderBy: { createdAt: "asc" },
  });
  if (rollouts.length === 0) return out;
  const states = await scope.db.rolloutDeviceState.findMany({
    where: { rolloutId: { in: rollouts.map((r) => r.id) }, deviceId: { in: devices.map((d) => d.id) }, status: { not: "rolled_back" } },
    select: { rolloutId: true, deviceId: true },
  });
  const reached = new Set(states.map((s) => `${s.rolloutId}\0${s.deviceId}`));
  for (const rollout of rollouts) {
    const releasedRings = new Set(rollout.stages.filter((s) => s.wavesDone >= s.waves.length).map((s) => s.ring as string));
    for (const device of devices) {
      if (!releasedRings.has(device.ring) && !reached.has(`${rollout.id}\0${device.id}`)) continue;
      const override: TRolloutOverride = out.get(device.id) ?? { rolloutIds: [], policies: {}, entries: new Map() };
      override.rolloutIds.push(rollout.id);
      for (const change of rollout.changes) {
        if (change.kind === "policy") {
          const verdictClass = change.target as TPolicyVerdictClass;
          override.policies[verdictClass] = {
            id: `rollout-change:${change.id}`,
            verdictClass,
            version: change.version ?? 0,
            policy: change.after as TAgentPolicy,
            diff: change.diff as TPolicyChange[],
            compiled: {},
            note: `rollout "${rollout.title}"`,
            createdById: rollout.createdById,
            createdAt: rollout.createdAt,
          };
        } else {
          const after = change.after as TEntryValue;
          override.entries.set(change.target, {
            productSlug: change.target,
            verdict: after.verdict,
            versionRange: after.versionRange,
            sha256: after.sha256,
            outOfPinAction: after.outOfPinAction,
            toleratedUntil: after.toleratedUntil ? new Date(after.toleratedUntil) : null,
          });
        }
      }
      out.set(device.id, override);
    }
  }
  return out;
}

/** Cross-tenant samples for rollouts.*: a rollout proposed through createRollout (tolerated policy, default plan). */
import { createRollout } from "@/server/modules/rollouts/create-rollout";
import type { TTenantScope } from "@/server/modules/tenant-scope";

export async function rolloutSamples(opts: { scope: TTenantScope }): Promise<Record<string, Record<string, unknown>>> {
  const rollout = await createRollout({
    scope: opts.scope,
    input: { title: "Victim tolerated policy", changes: [{ kind: "policy", verdictClass: "tolerated", policy: { disableBypassMode: true } }] },
  });
  return {
    "rollouts.list": { status: "active" },
    "rollouts.get": { id: rollout.id },
    "rollouts.status": { id: rollout.id },
    "rollouts.create": { title: "Intruder policy", changes: [{ kind: "policy", verdictClass: "sanctioned", policy: { permissions: { allow: ["Bash(*)"] } } }] },
    "rollouts.approve": { id: rollout.id, stageIndex: 2, comment: "intruder" },
    "rollouts.promote": { id: rollout.id },
    "rollouts.halt": { id: rollout.id, reason: "intruder" },
    "rollouts.rollback": { id: rollout.id, reason: "intruder" },
  };
}

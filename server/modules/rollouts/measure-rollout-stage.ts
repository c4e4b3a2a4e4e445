/**
 * Where a stage stands: first each sent device's state is brought up to date from what the device reported (its
 * apply-policy ack, then its attestations of the bundle carrying the new revision), then the gate counts are
 * taken over the stage's devices: applied / attested / failed, agent start failures (the agent's own probe could
 * not run it on the new bundle; session starts with outcome error), error events and kill switches since the
 * stage started.
 */
import type { TTenantScope } from "../tenant-scope";
import type { TStageCounts } from "./check-rollout-gates";
import { FAILING_ATTESTATIONS } from "./rollout-schemas";

const OPEN = ["sent", "applied"];

export async function refreshDeviceStates({ scope, rolloutId, stageIndex, now = new Date() }: { scope: TTenantScope; rolloutId: string; stageIndex: number; now?: Date }): Promise<void> {
  const open = await scope.db.rolloutDeviceState.findMany({ where: { rolloutId, stageIndex, status: { in: OPEN } }, select: { deviceId: true, status: true, commandId: true, bundleVersion: true } });
  for (let i = 0; i < open.length; i += 1000) {
    const chunk = open.slice(i, i + 1000);
    const deviceIds = chunk.map((s) => s.deviceId);
    const [commands, attestations] = await Promise.all([
      scope.db.deviceCommand.findMany({
        where: { deviceId: { in: deviceIds }, type: "apply-policy", status: { not: "superseded" } },
        orderBy: { createdAt: "desc" },
        distinct: ["deviceId"],
        select: { id: true, deviceId: true, status: true, payload: true, detail: true },
      }),
      scope.db.policyAttestation.findMany({ where: { deviceId: { in: deviceIds } }, select: { deviceId: true, productSlug: true, status: true, policyVersion: true } }),
    ]);
    const commandOf = new Map(commands.map((c) => [c.deviceId, c]));
    const attestationsOf = new Map<string, typeof attestations>();
    for (const a of attestations) attestationsOf.set(a.deviceId, [...(attestationsOf.get(a.deviceId) ?? []), a]);
    const updates: { deviceId: string; data: Record<string, unknown> }[] = [];
    for (const state of chunk) {
      const command = commandOf.get(state.deviceId);
      // A newer bundle (another registry change) superseded ours; it still carries the rollout's revision.
      const version = command ? String((command.payload as { policyVersion?: unknown }).policyVersion) : state.bundleVersion;
      const moved = command && command.id !== state.commandId ? { commandId: command.id, bundleVersion: version } : {};
      const onVersion = (attestationsOf.get(state.deviceId) ?? []).filter((a) => a.policyVersion === version);
      const bad = onVersion.find((a) => FAILING_ATTESTATIONS.has(a.status));
      if (command?.status === "failed") {
        updates.push({ deviceId: state.deviceId, data: { ...moved, status: "failed", failedAt: now, failReason: describeApplyFailure(command.detail) } });
      } else if (bad) {
        updates.push({ deviceId: state.deviceId, data: { ...moved, status: "failed", failedAt: now, failReason: `${bad.productSlug}: ${bad.status}` } });
      } else if (onVersion.length > 0) {
        updates.push({ deviceId: state.deviceId, data: { ...moved, status: "attested", attestedAt: now, ...(state.status === "sent" ? { appliedAt: now } : {}) } });
      } else if (command?.status === "succeeded" && state.status === "sent") {
        updates.push({ deviceId: state.deviceId, data: { ...moved, status: "applied", appliedAt: now } });
      } else if (Object.keys(moved).length > 0) {
        updates.push({ deviceId: state.deviceId, data: moved });
      }
    }
    if (updates.length === 0) continue;
    await scope.db.$transaction(async (tx) => {
      for (const u of updates) await tx.rolloutDeviceState.updateMany({ where: { rolloutId, deviceId: u.deviceId, status: { in: OPEN } }, data: u.data });
    });
  }
}

function describeApplyFailure(detail: unknown): string {
  const d = (detail ?? {}) as { reason?: unknown; agents?: { productSlug?: string; ok?: boolean; error?: unknown; status?: unknown }[] };
  const agent = d.agents?.find((a) => a.ok === false);
  if (agent) return `apply failed for ${agent.productSlug ?? "an agent"}: ${String(agent.error ?? agent.status ?? "error")}`.slice(0, 500);
  return `apply failed: ${String(d.reason ?? "the device reported a failure")}`.slice(0, 500);
}

export async function countStage({ scope, rolloutId, stageIndex, since }: { scope: TTenantScope; rolloutId: string; stageIndex: number; since: Date }): Promise<TStageCounts> {
  const groups = await scope.db.rolloutDeviceState.groupBy({ by: ["status"], where: { rolloutId, stageIndex }, _count: { _all: true } });
  const n = (status: string) => groups.find((g) => g.status === status)?._count._all ?? 0;
  const targeted = groups.filter((g) => g.status !== "unaffected").reduce((sum, g) => sum + g._count._all, 0);
  const devices = await scope.db.rolloutDeviceState.findMany({ where: { rolloutId, stageIndex, status: { not: "unaffected" } }, select: { deviceId: true, bundleVersion: true } });
  const deviceIds = devices.map((d) => d.deviceId);
  if (deviceIds.length === 0) return { targeted, applied: n("applied") + n("attested"), attested: n("attested"), failed: n("failed"), startFailures: 0, errorEvents: 0, killSwitches: 0 };
  const versions = [...new Set(devices.map((d) => d.bundleVersion).filter((v): v is string => v !== null))];
  const [probeFailures, failedStarts, errorEvents, killSwitches] = await Promise.all([
    scope.db.policyAttestation.count({ where: { deviceId: { in: deviceIds }, policyVersion: { in: versions }, probe: { path: ["status"], equals: "probe-failed" } } }),
    scope.db.event.count({ where: { deviceId: { in: deviceIds }, time: { gte: since }, type: "agent.session_start", outcome: "error" } }),
    scope.db.event.count({ where: { deviceId: { in: deviceIds }, time: { gte: since }, outcome: "error" } }),
    scope.db.revocationTarget.count({ where: { deviceId: { in: deviceIds }, createdAt: { gte: since } } }),
  ]);
  return { targeted, applied: n("applied") + n("attested"), attested: n("attested"), failed: n("failed"), startFailures: probeFailures + failedStarts, errorEvents, killSwitches };
}

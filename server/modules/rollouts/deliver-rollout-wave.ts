/**
 * Delivery of a rollout's revisions to devices. A wave is recorded first (RolloutDeviceState rows plus the stage's
 * wave counter, in one transaction, the counter moved by a conditional update so two workers never deliver the
 * same wave twice); the apply-policy commands are sent after the commit from the rows still `queued`, so a crash
 * in between is finished by the next tick and never skipped.
 */
import { buildDevicePolicyBundles } from "../registry/build-device-policy-bundles";
import { enqueueApplyPolicy } from "../registry/propagate-policy";
import type { TTenantScope } from "../tenant-scope";
import { selectWaveDevices } from "./select-wave-devices";

type TStage = { id: string; rolloutId: string; index: number; ring: "dev" | "staging" | "prod"; waves: number[]; wavesDone: number };

/** Records the next wave of the stage (false: another worker did it first, or all waves are out). */
export async function recordNextWave({ scope, stage, now = new Date() }: { scope: TTenantScope; stage: TStage; now?: Date }): Promise<boolean> {
  const wave = stage.wavesDone;
  if (wave >= stage.waves.length) return false;
  const ring = await scope.db.device.findMany({ where: { ring: stage.ring, status: "active" }, select: { id: true } });
  const chosen = selectWaveDevices({ rolloutId: stage.rolloutId, deviceIds: ring.map((d) => d.id), pct: stage.waves[wave]! });
  return scope.db.$transaction(async (tx) => {
    const moved = await tx.rolloutStage.updateMany({ where: { id: stage.id, wavesDone: wave, status: "delivering" }, data: { wavesDone: wave + 1, lastWaveAt: now } });
    if (moved.count === 0) return false;
    if (chosen.length > 0) {
      await tx.rolloutDeviceState.createMany({
        data: chosen.map((deviceId) => ({ tenantId: scope.tenantId, rolloutId: stage.rolloutId, deviceId, ring: stage.ring, stageIndex: stage.index, wave })),
        skipDuplicates: true,
      });
    }
    return true;
  });
}

/** Devices that joined the ring after its last wave went out get the revision too (the ring as a whole has it). */
export async function recordLateJoiners({ scope, stage, now = new Date() }: { scope: TTenantScope; stage: TStage; now?: Date }): Promise<number> {
  if (stage.wavesDone < stage.waves.length) return 0;
  const missing = await scope.db.device.findMany({
    where: { ring: stage.ring, status: "active", NOT: { id: { in: (await scope.db.rolloutDeviceState.findMany({ where: { rolloutId: stage.rolloutId, ring: stage.ring }, select: { deviceId: true } })).map((s) => s.deviceId) } } },
    select: { id: true },
  });
  if (missing.length === 0) return 0;
  const { count } = await scope.db.rolloutDeviceState.createMany({
    data: missing.map((d) => ({ tenantId: scope.tenantId, rolloutId: stage.rolloutId, deviceId: d.id, ring: stage.ring, stageIndex: stage.index, wave: stage.waves.length - 1 })),
    skipDuplicates: true,
  });
  return count;
}

/**
 * Sends the bundle with the rollout's revisions to every `queued` device of the rollout. A device whose bundle the
 * rollout does not change (it has none of the products concerned) is marked `unaffected` and left out of the gates.
 */
export async function sendQueuedDeliveries({ scope, rolloutId, now = new Date() }: { scope: TTenantScope; rolloutId: string; now?: Date }): Promise<{ sent: number; unaffected: number }> {
  let sent = 0;
  let unaffected = 0;
  for (;;) {
    const queued = await scope.db.rolloutDeviceState.findMany({ where: { rolloutId, status: "queued" }, select: { deviceId: true, queuedAt: true }, take: 500, orderBy: { deviceId: "asc" } });
    if (queued.length === 0) return { sent, unaffected };
    const deviceIds = queued.map((q) => q.deviceId);
    const bundles = await buildDevicePolicyBundles({ scope, deviceIds, now });
    await enqueueApplyPolicy({ scope, bundles: [...bundles.values()] });
    const latest = await scope.db.deviceCommand.findMany({
      where: { deviceId: { in: deviceIds }, type: "apply-policy", status: { not: "superseded" } },
      orderBy: { createdAt: "desc" },
      distinct: ["deviceId"],
      select: { id: true, deviceId: true, payload: true, createdAt: true },
    });
    const latestOf = new Map(latest.map((c) => [c.deviceId, c]));
    const sentRows: { deviceId: string; commandId: string; version: string }[] = [];
    const unaffectedIds: string[] = [];
    for (const q of queued) {
      const bundle = bundles.get(q.deviceId);
      const command = latestOf.get(q.deviceId);
      const version = bundle?.policyVersion;
      // Our command: it carries the bundle with the revision and was created after the device was queued (also
      // when a crashed tick sent it but could not record it).
      if (bundle && command && String((command.payload as { policyVersion?: unknown }).policyVersion) === version && command.createdAt >= q.queuedAt) sentRows.push({ deviceId: q.deviceId, commandId: command.id, version: version! });
      else unaffectedIds.push(q.deviceId);
    }
    await scope.db.$transaction(async (tx) => {
      for (const row of sentRows) {
        await tx.rolloutDeviceState.updateMany({ where: { rolloutId, deviceId: row.deviceId, status: "queued" }, data: { status: "sent", commandId: row.commandId, bundleVersion: row.version, sentAt: now } });
      }
      if (unaffectedIds.length > 0) await tx.rolloutDeviceState.updateMany({ where: { rolloutId, deviceId: { in: unaffectedIds }, status: "queued" }, data: { status: "unaffected", sentAt: now } });
    });
    sent += sentRows.length;
    unaffected += unaffectedIds.length;
  }
}

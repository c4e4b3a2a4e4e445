/**
 * Sends each affected device its new policy bundle as an `apply-policy` command (the stored command row reaches a
 * connected device over the command stream, an offline one at its next check-in). A device whose newest bundle
 * already has this version gets nothing; an older pending apply-policy of the device is superseded.
 */
import { enqueueDeviceCommands } from "../commands/enqueue-device-commands";
import { publishDeviceCommands } from "../commands/publish-device-commands";
import type { TTenantScope } from "../tenant-scope";
import { buildDevicePolicyBundles, type TDeviceBundle } from "./build-device-policy-bundles";

export async function propagatePolicy({ scope, productSlugs, deviceIds }: { scope: TTenantScope; productSlugs?: readonly string[]; deviceIds?: readonly string[] }): Promise<{ devicesNotified: number; commandIds: string[] }> {
  const devices = await scope.db.device.findMany({
    where: {
      status: "active",
      ...(deviceIds ? { id: { in: [...deviceIds] } } : {}),
      ...(productSlugs ? { installations: { some: { productSlug: { in: [...productSlugs] } } } } : {}),
    },
    select: { id: true },
  });
  if (devices.length === 0) return { devicesNotified: 0, commandIds: [] };
  const bundles = await buildDevicePolicyBundles({ scope, deviceIds: devices.map((d) => d.id) });
  return enqueueApplyPolicy({ scope, bundles: [...bundles.values()] });
}

/** Latest apply-policy bundle version sent to each device (null: never sent one). */
export async function readSentPolicyVersions({ scope, deviceIds }: { scope: TTenantScope; deviceIds: readonly string[] }): Promise<Map<string, { version: string; status: string }>> {
  const rows = await scope.db.deviceCommand.findMany({
    where: { deviceId: { in: [...deviceIds] }, type: "apply-policy", status: { not: "superseded" } },
    orderBy: { createdAt: "desc" },
    distinct: ["deviceId"],
    select: { deviceId: true, payload: true, status: true },
  });
  return new Map(rows.map((r) => [r.deviceId, { version: String((r.payload as { policyVersion?: unknown }).policyVersion ?? ""), status: r.status }]));
}

export async function enqueueApplyPolicy({ scope, bundles, force = false }: { scope: TTenantScope; bundles: readonly TDeviceBundle[]; force?: boolean }): Promise<{ devicesNotified: number; commandIds: string[] }> {
  const sent = await readSentPolicyVersions({ scope, deviceIds: bundles.map((b) => b.deviceId) });
  const due = bundles.filter((b) => {
    if (force) return true;
    const last = sent.get(b.deviceId);
    // Never sent anything and nothing to enforce: the device has nothing to do.
    if (!last) return b.agents.length > 0 || b.blocked.length > 0;
    return last.version !== b.policyVersion;
  });
  if (due.length === 0) return { devicesNotified: 0, commandIds: [] };
  const queued = await scope.db.$transaction(async (tx) => {
    await tx.deviceCommand.updateMany({
      where: { deviceId: { in: due.map((b) => b.deviceId) }, type: "apply-policy", status: "pending" },
      data: { status: "superseded", completedAt: new Date() },
    });
    return enqueueDeviceCommands({
      scope,
      tx,
      commands: due.map(({ deviceId, policyVersion, autoRepair, agents, blocked }) => ({ deviceId, type: "apply-policy", payload: { policyVersion, autoRepair, agents, blocked } })),
    });
  });
  // After the commit: connected devices get it over their command stream at once.
  await publishDeviceCommands({ tenantId: scope.tenantId, commands: queued });
  const commandIds = queued.map((q) => q.id);
  return { devicesNotified: due.length, commandIds };
}

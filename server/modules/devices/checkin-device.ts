/**
 * Check-in (`POST /api/device/v1/checkin`): stores the device's inventory as a diff and answers with the
 * check-in interval, the policy version and the commands waiting for the device.
 *
 * Fast path (most check-ins): the inventory hash equals the stored one, so the only write is the device's
 * lastCheckinAt; installation rows are not touched. Installation.lastSeenAt is refreshed at most once an hour
 * per device (INSTALLATIONS_SEEN_REFRESH_MS) — Device.lastCheckinAt is the exact "seen" time.
 * Slow path (something changed): one transaction loads the stored installations, creates the new ones, updates
 * the changed ones, deletes the removed ones, and stores the new hash.
 */
import { AppError } from "@/server/errors";
import type { TCheckinRequest, TCheckinResponse } from "@/server/contracts/device";
import type { TInstallation } from "@/server/contracts/inventory";
import type { TTenantScope } from "../tenant-scope";
import { listPendingCommands } from "../commands/list-pending-commands";
import { recordAttestations } from "../registry/record-attestations";
import type { TAuthenticatedDevice } from "./authenticate-device-request";
import { diffInstallations, findDuplicateInstallations, type TInstallationDiff } from "./diff-installations";
import { hashInventory } from "./hash-inventory";
import { readCheckinInterval } from "./read-checkin-interval";
import { buildDeviceEvent, emitDeviceEvents } from "./emit-device-event";

export const INSTALLATIONS_SEEN_REFRESH_MS = 60 * 60 * 1000;

function installationData(inst: TInstallation) {
  return {
    displayName: inst.displayName,
    version: inst.version,
    entryFile: inst.entryFile,
    sha256: inst.sha256,
    installMethod: inst.installMethod,
    running: inst.running,
    pids: inst.pids,
    mcpServers: inst.mcpServers as object,
    configPaths: inst.configPaths,
  };
}

export type TCheckinResult = TCheckinResponse & { inventoryChanged: boolean; diff: { added: number; changed: number; removed: number } };

export async function checkinDevice(options: { scope: TTenantScope; device: TAuthenticatedDevice; request: TCheckinRequest; now?: Date }): Promise<TCheckinResult> {
  const { scope, device, request } = options;
  const { db } = scope;
  const now = options.now ?? new Date();
  const inventoryHash = hashInventory({ inventory: request.inventory });
  let diff: TInstallationDiff | null = null;

  if (inventoryHash === device.inventoryHash) {
    const refreshSeen = !device.lastInventoryAt || now.getTime() - device.lastInventoryAt.getTime() > INSTALLATIONS_SEEN_REFRESH_MS;
    if (refreshSeen) {
      await db.$transaction([
        db.device.update({ where: { id: device.id }, data: { lastCheckinAt: now, lastInventoryAt: now, enrollerVersion: request.enrollerVersion }, select: { id: true } }),
        db.installation.updateMany({ where: { deviceId: device.id }, data: { lastSeenAt: now } }),
      ]);
    } else {
      await db.device.update({ where: { id: device.id }, data: { lastCheckinAt: now, enrollerVersion: request.enrollerVersion }, select: { id: true } });
    }
  } else {
    const duplicates = findDuplicateInstallations({ reported: request.inventory.installations });
    if (duplicates.length > 0) {
      throw new AppError("BAD_REQUEST", `the inventory lists the same installation twice: ${duplicates.slice(0, 3).join(", ")}`);
    }
    diff = await db.$transaction(async (tx) => {
      const stored = await tx.installation.findMany({
        where: { deviceId: device.id },
        select: { id: true, productSlug: true, installPath: true, displayName: true, version: true, entryFile: true, sha256: true, installMethod: true, running: true, pids: true, mcpServers: true, configPaths: true },
      });
      const d = diffInstallations({ stored, reported: request.inventory.installations });
      if (d.added.length > 0) {
        await tx.installation.createMany({
          data: d.added.map((inst) => ({
            tenantId: scope.tenantId,
            deviceId: device.id,
            productSlug: inst.productSlug,
            installPath: inst.installPath,
            ...installationData(inst),
            firstSeenAt: now,
            lastSeenAt: now,
          })),
          skipDuplicates: true,
        });
      }
      for (const c of d.changed) {
        await tx.installation.update({ where: { id: c.id }, data: { ...installationData(c.after), lastSeenAt: now }, select: { id: true } });
      }
      if (d.unchanged.length > 0) await tx.installation.updateMany({ where: { id: { in: d.unchanged } }, data: { lastSeenAt: now } });
      if (d.removed.length > 0) await tx.installation.deleteMany({ where: { id: { in: d.removed.map((r) => r.id) } } });
      await tx.device.update({
        where: { id: device.id },
        data: { lastCheckinAt: now, lastInventoryAt: now, inventoryHash, enrollerVersion: request.enrollerVersion },
        select: { id: true },
      });
      return d;
    });
    const ref = { id: device.id, hostname: device.hostname, ownerPersonId: device.ownerPersonId };
    const events = [
      ...diff.added.map((inst) =>
        buildDeviceEvent({ type: "discovery.agent_found", device: ref, time: now, target: inst.installPath, product: { slug: inst.productSlug, version: inst.version }, params: { sha256: inst.sha256, installMethod: inst.installMethod, mcpServers: inst.mcpServers.length } }),
      ),
      ...diff.removed.map((inst) =>
        buildDeviceEvent({ type: "discovery.agent_removed", device: ref, time: now, target: inst.installPath, product: { slug: inst.productSlug, version: inst.version } }),
      ),
    ];
    if (events.length > 0) await emitDeviceEvents({ tenantId: scope.tenantId, events });
  }

  // Registry (issue 5): keep the attestations, rebuild the device's policy bundle, queue apply-policy if it changed.
  const { policyVersion } = await recordAttestations({ scope, deviceId: device.id, attestations: request.attestations, now });
  const commands = await listPendingCommands({ scope, deviceId: device.id });
  return {
    checkinIntervalSec: readCheckinInterval({ settings: device.tenantSettings }),
    policyVersion,
    commands,
    serverTime: new Date().toISOString(),
    inventoryChanged: diff !== null,
    diff: { added: diff?.added.length ?? 0, changed: diff?.changed.length ?? 0, removed: diff?.removed.length ?? 0 },
  };
}

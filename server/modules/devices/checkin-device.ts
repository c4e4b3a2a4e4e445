/**
 * Check-in (`POST /api/device/v1/checkin`): stores the device's inventory as a diff and answers with the
 * check-in interval, the policy version and the commands waiting for the device.
 *
 * Fast path (most check-ins): the inventory hash equals the stored one, so the only write is the device's
 * lastCheckinAt, in the same single statement that fetches the pending commands and the policy version
 * (touchDeviceCheckin in server/db/devices.ts); installation rows are not touched. Installation.lastSeenAt is refreshed at most once an hour
 * per device (INSTALLATIONS_SEEN_REFRESH_MS) — Device.lastCheckinAt is the exact "seen" time.
 * Slow path (something changed): one transaction loads the stored installations, creates the new ones, updates
 * the changed ones, deletes the removed ones, and stores the new hash.
 */
import { AppError } from "@/server/errors";
import { ZAttestations } from "@/server/contracts/attestation";
import type { TCheckinRequest, TCheckinResponse } from "@/server/contracts/device";
import type { TInstallation } from "@/server/contracts/inventory";
import type { TTenantScope } from "../tenant-scope";
import { OPEN_COMMAND_STATUSES } from "../commands/list-pending-commands";
import { toWireCommand } from "../commands/to-wire-command";
import { touchDeviceCheckin } from "@/server/db/devices";
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
  // Bad attestations are refused before anything is written.
  if (request.attestations !== undefined) {
    const parsed = ZAttestations.safeParse(request.attestations);
    if (!parsed.success) throw new AppError("BAD_REQUEST", `attestations: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const inventoryHash = hashInventory({ inventory: request.inventory });
  let diff: TInstallationDiff | null = null;

  let refreshSeen = false;
  if (inventoryHash === device.inventoryHash) {
    // Fast path: nothing changed; touchDeviceCheckin below is the only write.
    refreshSeen = !device.lastInventoryAt || now.getTime() - device.lastInventoryAt.getTime() > INSTALLATIONS_SEEN_REFRESH_MS;
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
      await tx.device.update({ where: { id: device.id }, data: { lastInventoryAt: now, inventoryHash }, select: { id: true } });
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
  // That is several queries, so it runs when there is something new to evaluate: attestations sent, the inventory
  // changed, or the hourly refresh (lapsed exceptions and tolerances). Registry changes reach devices through
  // server/modules/registry/propagate-policy.ts; in between, the answer carries the bundle version last sent.
  let evaluated: { policyVersion: string | null } | null = null;
  if (request.attestations !== undefined || diff !== null || refreshSeen) {
    evaluated = await recordAttestations({ scope, deviceId: device.id, attestations: request.attestations, now });
  }
  const touch = await touchDeviceCheckin({
    tenantId: scope.tenantId,
    deviceId: device.id,
    now,
    enrollerVersion: request.enrollerVersion,
    refreshInstallationsSeen: refreshSeen,
    openStatuses: OPEN_COMMAND_STATUSES,
  });
  const commands = touch.commands.map(toWireCommand);
  const policyVersion = evaluated ? evaluated.policyVersion : touch.policyVersion;
  return {
    checkinIntervalSec: readCheckinInterval({ settings: device.tenantSettings }),
    policyVersion,
    commands,
    serverTime: new Date().toISOString(),
    inventoryChanged: diff !== null,
    diff: { added: diff?.added.length ?? 0, changed: diff?.changed.length ?? 0, removed: diff?.removed.length ?? 0 },
  };
}

import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";
import { buildDeviceEvent, emitDeviceEvents } from "./emit-device-event";

/**
 * Unenrolls a device: its public key is removed (every later request from it is refused with 401) and its
 * status becomes "unenrolled". The row, its installations and its history stay for the record; enrolling the
 * same machine again reuses the row. `reason`: "self" (the device asked) or "admin" (from the console).
 */
export async function unenrollDevice(options: { scope: TTenantScope; deviceId: string; reason: "self" | "admin" }) {
  const { db, tenantId, actor } = options.scope;
  const device = await db.$transaction(async (tx) => {
    const found = await tx.device.findFirst({ where: { id: options.deviceId }, select: { id: true, hostname: true, status: true, ownerPersonId: true } });
    if (!found) throw new AppError("NOT_FOUND", "Device not found");
    if (found.status === "unenrolled") throw new AppError("CONFLICT", "This device is already unenrolled");
    await tx.device.update({ where: { id: found.id }, data: { publicKey: null, status: "unenrolled", inventoryHash: null }, select: { id: true } });
    await appendAudit({ db: tx, tenantId, actor, action: "device.unenrolled", target: { type: "device", id: found.id }, summary: { hostname: found.hostname, reason: options.reason } });
    return found;
  });
  await emitDeviceEvents({
    tenantId,
    events: [buildDeviceEvent({ type: "device.unenrolled", device: { id: device.id, hostname: device.hostname, ownerPersonId: device.ownerPersonId }, params: { reason: options.reason } })],
  });
  return { id: device.id, status: "unenrolled" as const };
}

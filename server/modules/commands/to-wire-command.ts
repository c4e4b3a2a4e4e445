import type { TDeviceCommand } from "@/server/contracts/device";

/** A DeviceCommand row as the device protocol sends it (server/contracts/device.ts ZDeviceCommand). */
export function toWireCommand(row: { id: string; type: string; payload: unknown; createdAt: Date }): TDeviceCommand {
  return { id: row.id, type: row.type, payload: row.payload ?? {}, createdAt: row.createdAt.toISOString() };
}

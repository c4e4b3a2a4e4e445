/**
 * Device lifecycle and discovery events (`device.enrolled`, `device.unenrolled`, `discovery.agent_found`,
 * `discovery.agent_removed`, catalog in server/contracts/events.ts), built in the canonical device-event shape.
 * Every device code path emits through `emitDeviceEvents`, which stores them with the event pipeline's
 * recordEvents (one batched insert; SIEM sinks are nudged from there).
 */
import { randomUUID } from "node:crypto";
import { ZDeviceEventInput, type TDeviceEventInput } from "@/server/contracts/events";
import { recordEvents } from "../events/record-events";

export type TDeviceEventRef = { id: string; hostname: string; ownerPersonId?: string | null };

export function buildDeviceEvent(options: {
  type: "device.enrolled" | "device.unenrolled" | "discovery.agent_found" | "discovery.agent_removed";
  device: TDeviceEventRef;
  time?: Date;
  target?: string;
  product?: { slug: string; version: string | null };
  params?: Record<string, unknown>;
}): TDeviceEventInput {
  return ZDeviceEventInput.parse({
    key: randomUUID(),
    time: (options.time ?? new Date()).toISOString(),
    type: options.type,
    actor: options.product ? { productSlug: options.product.slug.slice(0, 64), ...(options.product.version ? { productVersion: options.product.version.slice(0, 64) } : {}) } : {},
    onBehalfOf: options.device.ownerPersonId ? { personId: options.device.ownerPersonId } : {},
    device: { id: options.device.id, hostname: options.device.hostname.slice(0, 255) },
    ...(options.target ? { target: options.target.slice(0, 2048) } : {}),
    ...(options.params ? { params: options.params } : {}),
    outcome: "success",
  });
}

/**
 * Stores device events. Called after the change they describe has committed; a failure to store them is
 * logged and does not undo the change (the device would otherwise retry an enrollment or check-in that
 * already succeeded).
 */
export async function emitDeviceEvents(options: { tenantId: string; events: TDeviceEventInput[] }): Promise<{ stored: number }> {
  if (options.events.length === 0) return { stored: 0 };
  try {
    const result = await recordEvents({ scope: { tenantId: options.tenantId }, events: options.events });
    return { stored: result.inserted };
  } catch (error) {
    console.error(`[devices] could not store ${options.events.length} device event(s)`, error);
    return { stored: 0 };
  }
}

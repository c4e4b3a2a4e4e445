/**
 * Adds what the enroller knows and the agents' own telemetry often lacks: the agent identity this device holds for
 * the product, the person it acts for, and the device. Telemetry's own values win where they exist, except the
 * device (the enroller is the device).
 *
 * The spool keys events by UUID (server/contracts/device.ts ZDeviceEvent), so the mapping's stable `otel:<hash>` key
 * becomes a name-based UUID (RFC 9562 version 8, from SHA-256): the same record exported twice is the same event.
 */
import { createHash } from "node:crypto";
import type { TDeviceEventInput } from "../../../server/contracts/events";

export type TAgentIdentityRef = { identityId: string; personId?: string };

export type TTelemetryEnrichment = {
  deviceId: string;
  hostname?: string;
  /** The identity of an agent product on this device, when one is known. */
  resolveAgent?: (p: { productSlug: string }) => Promise<TAgentIdentityRef | undefined>;
};

/** A deterministic RFC 9562 version-8 UUID from any string. */
export function stableEventUuid(key: string): string {
  const b = createHash("sha256").update(`marshal-telemetry:${key}`).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export async function enrichTelemetryEvents(opts: { events: TDeviceEventInput[]; enrichment: TTelemetryEnrichment }): Promise<TDeviceEventInput[]> {
  const { enrichment } = opts;
  const byProduct = new Map<string, Promise<TAgentIdentityRef | undefined>>();
  const lookup = (productSlug: string) => {
    let found = byProduct.get(productSlug);
    if (!found) {
      found = enrichment.resolveAgent ? enrichment.resolveAgent({ productSlug }).catch(() => undefined) : Promise.resolve(undefined);
      byProduct.set(productSlug, found);
    }
    return found;
  };
  return Promise.all(
    opts.events.map(async (event) => {
      const agent = event.actor.productSlug && !event.actor.identityId ? await lookup(event.actor.productSlug) : undefined;
      return {
        ...event,
        key: stableEventUuid(event.key),
        actor: agent ? { ...event.actor, identityId: agent.identityId } : event.actor,
        onBehalfOf: agent?.personId && !event.onBehalfOf.personId ? { ...event.onBehalfOf, personId: agent.personId } : event.onBehalfOf,
        device: { id: enrichment.deviceId, ...(enrichment.hostname ? { hostname: enrichment.hostname.slice(0, 255) } : {}) },
      };
    }),
  );
}

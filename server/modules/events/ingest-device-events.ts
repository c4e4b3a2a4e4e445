/**
 * Device batch ingest (POST /api/device/v1/events): validate event by event, keep the good ones,
 * tell the device which were refused and why. The authenticated device is the source of truth
 * for `device.id` (a device cannot file events as another device); hostname and owner fill gaps.
 */
import { EventBatchError, parseDeviceEventBatch, type TDeviceEventInput, type TRejectedEvent } from "@/server/contracts/events";
import { AppError } from "@/server/errors";
import { storeEvents, toCanonicalEvents } from "./record-events";

export type TIngestingDevice = { id: string; hostname?: string | null; ownerPersonId?: string | null };

export type TIngestResult = {
  /** Keys stored now or already stored earlier (a retried batch): the device may drop them from its spool. */
  accepted: string[];
  rejected: TRejectedEvent[];
};

function enrich(event: TDeviceEventInput, device: TIngestingDevice): TDeviceEventInput {
  return {
    ...event,
    device: { ...event.device, id: device.id, ...(event.device.hostname || !device.hostname ? {} : { hostname: device.hostname }) },
    onBehalfOf: event.onBehalfOf.personId || !device.ownerPersonId ? event.onBehalfOf : { ...event.onBehalfOf, personId: device.ownerPersonId },
  };
}

export async function ingestDeviceEvents({
  tenantId,
  device,
  events,
  now = new Date(),
}: {
  tenantId: string;
  device: TIngestingDevice;
  /** The parsed JSON `events` array of the request body. */
  events: unknown;
  now?: Date;
}): Promise<TIngestResult> {
  let parsed;
  try {
    parsed = parseDeviceEventBatch({ events, now });
  } catch (error) {
    if (error instanceof EventBatchError) {
      throw new AppError(/at most/.test(error.message) ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST", error.message);
    }
    throw error;
  }
  const canonical = toCanonicalEvents({ tenantId, events: parsed.valid.map((e) => enrich(e, device)), now });
  await storeEvents({ tenantId, events: canonical, withIds: false });
  return { accepted: parsed.valid.map((e) => e.key), rejected: parsed.rejected };
}

/**
 * POST /api/device/v1/events: a batch from the device's spool. Validated event by event by the event pipeline
 * (server/modules/events/ingest-device-events.ts): good events are stored even when others are refused, and
 * the answer names each refused key with the reason.
 */
import { z } from "zod";
import type { TEventsResponse } from "@/server/contracts/device";
import { handleDeviceRequest } from "@/server/http/device-route";
import { ingestDeviceEvents } from "@/server/modules/events/ingest-device-events";

export const runtime = "nodejs";

const ZEventsEnvelope = z.strictObject({ events: z.array(z.unknown()).min(1, "send at least one event") });

export async function POST(request: Request): Promise<Response> {
  return handleDeviceRequest({
    request,
    schema: ZEventsEnvelope,
    handle: async ({ body, auth }) => {
      const result = await ingestDeviceEvents({
        tenantId: auth.scope.tenantId,
        device: { id: auth.device.id, hostname: auth.device.hostname, ownerPersonId: auth.device.ownerPersonId },
        events: body.events,
      });
      return result satisfies TEventsResponse;
    },
  });
}

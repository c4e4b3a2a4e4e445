/**
 * POST /api/device/v1/usage: the device gateway's usage sync (server/modules/budgets/sync-device-usage.ts):
 * metered requests in, quota snapshot in; server-wide totals, limits, effective price table and attribution out.
 */
import { ZUsageSyncRequest, type TUsageSyncResponse } from "@/server/contracts/gateway-protocol";
import { handleDeviceRequest } from "@/server/http/device-route";
import { syncDeviceUsage } from "@/server/modules/budgets/sync-device-usage";

export const runtime = "nodejs";

export async function POST(request: Request): Promise<Response> {
  return handleDeviceRequest({
    request,
    schema: ZUsageSyncRequest,
    handle: async ({ body, auth }) => {
      const result = await syncDeviceUsage({
        scope: auth.scope,
        device: { id: auth.device.id, ring: auth.device.ring, ownerPersonId: auth.device.ownerPersonId },
        request: body,
      });
      return result satisfies TUsageSyncResponse;
    },
  });
}

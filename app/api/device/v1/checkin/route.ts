/** POST /api/device/v1/checkin: inventory in, interval + policy version + pending commands out. */
import { ZCheckinRequest, type TCheckinResponse } from "@/server/contracts/device";
import { handleDeviceRequest } from "@/server/http/device-route";
import { checkinDevice } from "@/server/modules/devices/checkin-device";

export const runtime = "nodejs";

export async function POST(request: Request): Promise<Response> {
  return handleDeviceRequest({
    request,
    schema: ZCheckinRequest,
    handle: async ({ body, auth }) => {
      const { inventoryChanged: _c, diff: _d, ...response } = await checkinDevice({ scope: auth.scope, device: auth.device, request: body });
      return response satisfies TCheckinResponse;
    },
  });
}

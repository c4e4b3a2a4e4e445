/** POST /api/device/v1/unenroll: the device removes itself; its key is dropped, so every later request is refused. */
import { handleDeviceRequest } from "@/server/http/device-route";
import { unenrollDevice } from "@/server/modules/devices/unenroll-device";

export const runtime = "nodejs";

export async function POST(request: Request): Promise<Response> {
  return handleDeviceRequest({
    request,
    handle: async ({ auth }) => {
      await unenrollDevice({ scope: auth.scope, deviceId: auth.device.id, reason: "self" });
      return {};
    },
  });
}

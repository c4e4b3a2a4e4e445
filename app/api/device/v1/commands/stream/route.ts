import { handleDeviceRequest } from "@/server/http/device-route";
import { openCommandStream } from "@/server/realtime/open-command-stream";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The device's held command stream (server-sent events); see server/realtime/open-command-stream.ts. */
export function GET(request: Request): Promise<Response> {
  return handleDeviceRequest({
    request,
    handle: ({ auth }) => openCommandStream({ scope: auth.scope, deviceId: auth.device.id, signal: request.signal }),
  });
}

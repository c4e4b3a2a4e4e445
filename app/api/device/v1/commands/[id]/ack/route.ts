import { z } from "zod";
import { ZCommandAckRequest } from "@/server/contracts/device";
import { handleDeviceRequest, deviceErrorResponse } from "@/server/http/device-route";
import { ackDeviceCommand } from "@/server/modules/commands/ack-device-command";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const ZCommandId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/** `POST /api/device/v1/commands/<id>/ack`: delivered, then succeeded or failed with detail (a revoke's proof). */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await context.params;
  if (!ZCommandId.safeParse(id).success) return deviceErrorResponse({ code: "BAD_REQUEST", message: "the command id in the path is malformed" });
  return handleDeviceRequest({
    request,
    schema: ZCommandAckRequest,
    maxBodyBytes: 128 * 1024,
    handle: async ({ body, auth }) => {
      await ackDeviceCommand({ scope: auth.scope, deviceId: auth.device.id, commandId: id, status: body.status, detail: body.detail });
      return {};
    },
  });
}

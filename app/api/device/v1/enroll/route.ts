/**
 * POST /api/device/v1/enroll: the enrollment token in the body is the credential (server/modules/enrollment).
 * No rate limit: tokens carry 256 random bits, so guessing is hopeless, and a fleet rollout legitimately
 * enrolls thousands of machines from behind one NAT address.
 */
import { ZEnrollRequest, type TEnrollResponse } from "@/server/contracts/device";
import { handleDeviceRequest } from "@/server/http/device-route";
import { enrollDeviceWithToken } from "@/server/modules/enrollment/enroll-device";

export const runtime = "nodejs";

export async function POST(request: Request): Promise<Response> {
  return handleDeviceRequest({
    request,
    schema: ZEnrollRequest,
    signed: false,
    maxBodyBytes: 16 * 1024,
    handle: async ({ body }) => {
      const { reenrolled: _reenrolled, ...response } = await enrollDeviceWithToken({ request: body });
      return response satisfies TEnrollResponse;
    },
  });
}

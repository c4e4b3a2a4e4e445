/**
 * POST /api/device/v1/secrets: the device gateway fetches the tenant's provider credential for one active agent
 * identity on this device (server/modules/secrets/issue-device-secret.ts). Signed device request; the answer is
 * `cache-control: no-store` and is never logged.
 */
import { ZDeviceSecretRequest } from "@/server/contracts/gateway-protocol";
import { handleDeviceRequest } from "@/server/http/device-route";
import { issueDeviceSecret } from "@/server/modules/secrets/issue-device-secret";

export const runtime = "nodejs";

export async function POST(request: Request): Promise<Response> {
  return handleDeviceRequest({
    request,
    schema: ZDeviceSecretRequest,
    maxBodyBytes: 4096,
    handle: ({ body, auth }) => issueDeviceSecret({ scope: auth.scope, deviceId: auth.device.id, identityId: body.identityId, provider: body.provider }),
  });
}

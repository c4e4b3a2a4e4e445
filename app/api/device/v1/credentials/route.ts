import { AppError } from "@/server/errors";
import { env } from "@/server/env";
import { ZAgentCredentialRequest, type TAgentCredentialResponse } from "@/server/contracts/agent-identity";
import { handleDeviceRequest } from "@/server/http/device-route";
import { agentTokenIssuer, jwksUrl } from "@/server/modules/identities/agent-token-claims";
import { ensureAgentIdentity } from "@/server/modules/identities/ensure-agent-identity";
import { issueAgentToken } from "@/server/modules/identities/issue-agent-token";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** `POST /api/device/v1/credentials`: the device obtains (and renews) a short-lived token for one of its agents. */
export function POST(request: Request): Promise<Response> {
  return handleDeviceRequest({
    request,
    schema: ZAgentCredentialRequest,
    maxBodyBytes: 8 * 1024,
    handle: async ({ body, auth }): Promise<TAgentCredentialResponse> => {
      const personId = auth.device.ownerPersonId;
      if (!personId) throw new AppError("CONFLICT", "This device has no owner: assign it to a person before its agents can get credentials");
      const identity = await ensureAgentIdentity({
        scope: auth.scope,
        deviceId: auth.device.id,
        personId,
        productSlug: body.productSlug,
        parentId: body.parentIdentityId,
      });
      const issued = await issueAgentToken({ scope: auth.scope, identityId: identity.id, lifetimeSec: body.lifetimeSec, deviceId: auth.device.id });
      const publicUrl = env().MARSHAL_PUBLIC_URL;
      return {
        identityId: identity.id,
        token: issued.token,
        tokenType: "Bearer",
        expiresAt: issued.expiresAt.toISOString(),
        expiresIn: issued.expiresIn,
        issuer: agentTokenIssuer({ publicUrl, tenantSlug: auth.device.tenantSlug }),
        jwksUrl: jwksUrl({ publicUrl, tenantSlug: auth.device.tenantSlug }),
      };
    },
  });
}

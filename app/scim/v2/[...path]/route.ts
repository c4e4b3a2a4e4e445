/** SCIM 2.0 service provider (RFC 7643, RFC 7644) for Okta and Microsoft Entra ID: see server/modules/scim/http. */
import { handleScimRequest } from "@/server/modules/scim/http/handle-scim-request";

export const dynamic = "force-dynamic";

function handle(request: Request): Promise<Response> {
  return handleScimRequest(request);
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };

/**
 * A `fetch` that hands requests to the real route handlers in-process: the device protocol (enroll, check-in,
 * events, command stream, credentials, secrets, usage), the tenant JWKS and the REST API. Tests drive the enroller's
 * gateway wiring against the real server code with it, no listener needed.
 */
import { POST as enroll } from "@/app/api/device/v1/enroll/route";
import { POST as checkin } from "@/app/api/device/v1/checkin/route";
import { POST as events } from "@/app/api/device/v1/events/route";
import { GET as commandStream } from "@/app/api/device/v1/commands/stream/route";
import { POST as credentials } from "@/app/api/device/v1/credentials/route";
import { POST as secrets } from "@/app/api/device/v1/secrets/route";
import { POST as usage } from "@/app/api/device/v1/usage/route";
import { GET as jwks } from "@/app/api/agents/[tenantSlug]/jwks.json/route";
import { handleRestRequest } from "@/server/http/rest-api";

const routes: Record<string, (req: Request) => Promise<Response>> = {
  "POST /api/device/v1/enroll": enroll,
  "POST /api/device/v1/checkin": checkin,
  "POST /api/device/v1/events": events,
  "GET /api/device/v1/commands/stream": commandStream,
  "POST /api/device/v1/credentials": credentials,
  "POST /api/device/v1/secrets": secrets,
  "POST /api/device/v1/usage": usage,
};

export const serverRoutesFetch: typeof fetch = async (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  const { pathname } = new URL(request.url);
  const jwksMatch = /^\/api\/agents\/([^/]+)\/jwks\.json$/.exec(pathname);
  if (request.method === "GET" && jwksMatch) return jwks(request, { params: Promise.resolve({ tenantSlug: decodeURIComponent(jwksMatch[1]!) }) });
  if (pathname.startsWith("/api/v1/")) return handleRestRequest(request);
  const handler = routes[`${request.method} ${pathname}`];
  if (!handler) return Response.json({ error: { code: "NOT_FOUND", message: `no route ${request.method} ${pathname}` } }, { status: 404 });
  return handler(request);
};

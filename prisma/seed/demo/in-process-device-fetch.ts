/**
 * A `fetch` that hands device-protocol requests to the app's own route handlers in-process (app/api/device/v1/*):
 * the demo fleet speaks the real protocol (signed device JWTs, validation, the same module calls) without a
 * network listener, before the console is even listening.
 */
import { POST as enroll } from "@/app/api/device/v1/enroll/route";
import { POST as checkin } from "@/app/api/device/v1/checkin/route";
import { POST as events } from "@/app/api/device/v1/events/route";
import { POST as credentials } from "@/app/api/device/v1/credentials/route";
import { POST as usage } from "@/app/api/device/v1/usage/route";
import { POST as ack } from "@/app/api/device/v1/commands/[id]/ack/route";

const routes: Record<string, (req: Request) => Promise<Response>> = {
  "POST /api/device/v1/enroll": enroll,
  "POST /api/device/v1/checkin": checkin,
  "POST /api/device/v1/events": events,
  "POST /api/device/v1/credentials": credentials,
  "POST /api/device/v1/usage": usage,
};

export const inProcessDeviceFetch: typeof fetch = async (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  const path = new URL(request.url).pathname;
  const ackMatch = /^\/api\/device\/v1\/commands\/([^/]+)\/ack$/.exec(path);
  if (request.method === "POST" && ackMatch) return ack(request, { params: Promise.resolve({ id: decodeURIComponent(ackMatch[1]!) }) });
  const handler = routes[`${request.method} ${path}`];
  if (!handler) return Response.json({ error: { code: "NOT_FOUND", message: `no such device route: ${request.method} ${path}` } }, { status: 404 });
  return handler(request);
};

/**
 * A `fetch` that hands requests to the real device route handlers in-process (app/api/device/v1/*), so tests
 * drive them with the enroller's own DeviceClient without a network listener.
 */
import { POST as enroll } from "@/app/api/device/v1/enroll/route";
import { POST as checkin } from "@/app/api/device/v1/checkin/route";
import { POST as events } from "@/app/api/device/v1/events/route";
import { POST as unenroll } from "@/app/api/device/v1/unenroll/route";

const routes: Record<string, (req: Request) => Promise<Response>> = {
  "POST /api/device/v1/enroll": enroll,
  "POST /api/device/v1/checkin": checkin,
  "POST /api/device/v1/events": events,
  "POST /api/device/v1/unenroll": unenroll,
};

export const deviceApiFetch: typeof fetch = async (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  const handler = routes[`${request.method} ${new URL(request.url).pathname}`];
  if (!handler) return Response.json({ error: { code: "NOT_FOUND", message: "no such route" } }, { status: 404 });
  return handler(request);
};

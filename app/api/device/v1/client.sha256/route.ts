/** GET /api/device/v1/client.sha256: the enroller bundle's hash, in sha256sum's format. */
import { loadEnrollerBundle } from "@/server/modules/devices/load-enroller-bundle";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const bundle = await loadEnrollerBundle();
    return new Response(`${bundle.sha256}  marshal-enroller.mjs\n`, { headers: { "content-type": "text/plain; charset=utf-8", "x-marshal-sha256": bundle.sha256, "cache-control": "no-store" } });
  } catch (error) {
    console.error("[device-client] cannot build or read the enroller bundle", error);
    return new Response("the enroller bundle is not available right now; retry later\n", { status: 503 });
  }
}

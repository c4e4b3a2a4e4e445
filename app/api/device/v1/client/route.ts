/** GET /api/device/v1/client: the bundled enroller, with its sha256 in x-marshal-sha256. */
import { loadEnrollerBundle } from "@/server/modules/devices/load-enroller-bundle";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const bundle = await loadEnrollerBundle();
    return new Response(new Uint8Array(bundle.content), {
      headers: {
        "content-type": "text/javascript; charset=utf-8",
        "content-disposition": 'attachment; filename="marshal-enroller.mjs"',
        "content-length": String(bundle.bytes),
        "x-marshal-sha256": bundle.sha256,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    console.error("[device-client] cannot build or read the enroller bundle", error);
    return Response.json({ error: { code: "UNAVAILABLE", message: "the enroller bundle is not available right now; retry later" } }, { status: 503 });
  }
}

/** GET /enroll.sh: the one-line installer (server/modules/enrollment/render-enroll-script.ts). */
import { env } from "@/server/env";
import { loadEnrollerBundle } from "@/server/modules/devices/load-enroller-bundle";
import { renderEnrollScript } from "@/server/modules/enrollment/render-enroll-script";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const bundle = await loadEnrollerBundle();
    const script = renderEnrollScript({ serverUrl: env().MARSHAL_PUBLIC_URL, sha256: bundle.sha256, enrollerBytes: bundle.bytes });
    return new Response(script, { headers: { "content-type": "text/x-shellscript; charset=utf-8", "cache-control": "no-store" } });
  } catch (error) {
    console.error("[enroll.sh] cannot serve the installer", error);
    return new Response(`#!/bin/sh\necho "marshal: the console cannot serve the enroller right now; try again later" >&2\nexit 1\n`, {
      status: 503,
      headers: { "content-type": "text/x-shellscript; charset=utf-8", "cache-control": "no-store" },
    });
  }
}

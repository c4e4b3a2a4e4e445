/**
 * GET /<tenant>/events/export?format=csv|ndjson&q=<query bar>&from=&to=: streams the matching
 * events as a download (console session; any member may export what they can read). The
 * X-Marshal-Event-Count header carries the total (capped) so the browser can show progress.
 */
import { currentUser } from "@/server/auth/session";
import { findMembership } from "@/server/db/accounts";
import { ZEventFilter } from "@/server/modules/events/event-filter";
import { exportEvents } from "@/server/modules/events/export-events";
import { parseEventQuery } from "@/server/modules/events/parse-event-query";
import { countMatchingEvents } from "@/server/modules/events/query-events";

export const runtime = "nodejs";

const error = (status: number, message: string) => Response.json({ error: { message } }, { status });

export async function GET(request: Request, { params }: { params: Promise<{ tenantSlug: string }> }): Promise<Response> {
  const { tenantSlug } = await params;
  const user = await currentUser();
  if (!user) return error(401, "Sign in first");
  const membership = await findMembership({ userId: user.id, tenantSlug });
  if (!membership) return error(404, "Tenant not found");
  const url = new URL(request.url);
  const format = url.searchParams.get("format") ?? "csv";
  if (format !== "csv" && format !== "ndjson") return error(400, "format must be csv or ndjson");
  const { filter: fromQuery, errors } = parseEventQuery(url.searchParams.get("q") ?? "");
  if (errors.length) return error(400, `query: ${errors.join("; ")}`);
  const parsed = ZEventFilter.safeParse({ ...fromQuery, from: url.searchParams.get("from") ?? undefined, to: url.searchParams.get("to") ?? undefined });
  if (!parsed.success) return error(400, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const scope = { tenantId: membership.tenant.id };
  const { count } = await countMatchingEvents({ scope, filter: parsed.data });
  const encoder = new TextEncoder();
  const chunks = exportEvents({ scope, filter: parsed.data, format });
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value.text));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(body, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="events-${membership.tenant.slug}-${stamp}.${format}"`,
      "cache-control": "no-store",
      "x-marshal-event-count": String(count),
    },
  });
}

import { z } from "zod";
import { authedProcedure, router, tenantProcedure } from "@/server/trpc/init";
import { listMembershipsOfUser } from "@/server/db/accounts";
import { countOverview } from "@/server/modules/overview/count-overview";

export const tenantsRouter = router({
  mine: authedProcedure.query(async ({ ctx }) => {
    const rows = await listMembershipsOfUser(ctx.user.id);
    return rows.map((r) => ({ slug: r.tenant.slug, name: r.tenant.name, role: r.role }));
  }),

  overview: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/overview", protect: true, tags: ["overview"], summary: "Counts across the estate" } })
    .output(z.record(z.string(), z.number()))
    .query(({ ctx }) => countOverview({ scope: ctx.scope })),
});

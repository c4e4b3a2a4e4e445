/** Saved explorer searches: a name, the query bar text, the structured filter and a relative range. */
import { z } from "zod";
import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";

export const ZSavedEventQuery = z.strictObject({
  text: z.string().max(1000).default(""),
  /** Relative range ("15m", "1h", "24h", "7d", "30d") or absolute from/to. */
  range: z.string().regex(/^\d{1,4}[mhd]$/).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type TSavedEventQuery = z.infer<typeof ZSavedEventQuery>;

export async function listSavedEventSearches({ scope }: { scope: TTenantScope }) {
  const rows = await scope.db.savedEventSearch.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, query: true, createdAt: true } });
  return rows.map((r) => ({ ...r, query: ZSavedEventQuery.parse(r.query) }));
}

export async function createSavedEventSearch({ scope, name, query }: { scope: TTenantScope; name: string; query: z.input<typeof ZSavedEventQuery> }) {
  const parsed = ZSavedEventQuery.parse(query);
  const { db, tenantId, actor } = scope;
  return db.$transaction(async (tx) => {
    if (await tx.savedEventSearch.findFirst({ where: { name }, select: { id: true } })) throw new AppError("CONFLICT", `A saved search named "${name}" already exists`);
    const row = await tx.savedEventSearch.create({ data: { tenantId, name, query: parsed, createdById: actor.id }, select: { id: true, name: true, createdAt: true } });
    await appendAudit({ db: tx, tenantId, actor, action: "event_search.saved", target: { type: "saved_event_search", id: row.id }, summary: { name } });
    return { ...row, query: parsed };
  });
}

export async function deleteSavedEventSearch({ scope, id }: { scope: TTenantScope; id: string }) {
  const { db, tenantId, actor } = scope;
  return db.$transaction(async (tx) => {
    const row = await tx.savedEventSearch.findFirst({ where: { id }, select: { id: true, name: true } });
    if (!row) throw new AppError("NOT_FOUND", "Saved search not found");
    await tx.savedEventSearch.delete({ where: { id } });
    await appendAudit({ db: tx, tenantId, actor, action: "event_search.deleted", target: { type: "saved_event_search", id }, summary: { name: row.name } });
    return { id };
  });
}

/** Usage records, newest first, filtered by time and any attribution dimension; cursor-paginated by (at, id). */
import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";

export type TUsageRecordFilter = {
  from?: Date;
  to?: Date;
  personId?: string;
  deviceId?: string;
  identityId?: string;
  project?: string;
  businessUnit?: string;
  environment?: string;
  model?: string;
};

export async function listUsageRecords(opts: { scope: TTenantScope; filter: TUsageRecordFilter; limit: number; cursor?: string }) {
  const f = opts.filter;
  if (f.from && f.to && f.from >= f.to) throw new AppError("BAD_REQUEST", "from must be before to");
  let after: { at: Date; id: string } | undefined;
  if (opts.cursor) {
    const [at, id] = Buffer.from(opts.cursor, "base64url").toString("utf8").split("|");
    const t = at ? new Date(at) : null;
    if (!t || Number.isNaN(t.getTime()) || !id) throw new AppError("BAD_REQUEST", "cursor is not valid");
    after = { at: t, id };
  }
  const where = {
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
    ...(f.personId ? { personId: f.personId } : {}),
    ...(f.deviceId ? { deviceId: f.deviceId } : {}),
    ...(f.identityId ? { identityId: f.identityId } : {}),
    ...(f.project ? { project: f.project } : {}),
    ...(f.businessUnit ? { businessUnit: f.businessUnit } : {}),
    ...(f.environment ? { environment: f.environment } : {}),
    ...(f.model ? { model: f.model } : {}),
    ...(after ? { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] } : {}),
  };
  const rows = await opts.scope.db.usageRecord.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], take: opts.limit + 1 });
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      requestId: r.requestId,
      at: r.at,
      deviceId: r.deviceId,
      identityId: r.identityId,
      personId: r.personId,
      productSlug: r.productSlug,
      provider: r.provider,
      model: r.model,
      api: r.api,
      outcome: r.outcome,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      cacheReadTokens: r.cacheReadTokens,
      cacheWriteTokens: r.cacheWriteTokens,
      costUsd: Number(r.costNano) / 1e9,
      priceKnown: r.priceKnown,
      priceTableVersion: r.priceTableVersion,
      project: r.project,
      businessUnit: r.businessUnit,
      environment: r.environment,
    })),
    nextCursor: rows.length > opts.limit && last ? Buffer.from(`${last.at.toISOString()}|${last.id}`).toString("base64url") : null,
  };
}

/**
 * One row per SCIM request a tenant's token made: method, path (query included, truncated), status,
 * scimType, duration. Never a body, a header or a token. Rows older than the retention are pruned
 * now and then by the same writer, so the table stays bounded without a job.
 */
import type { TTenantScope } from "@/server/modules/tenant-scope";

export const SCIM_REQUEST_LOG_RETENTION_DAYS = 30;
const MAX_PATH_LENGTH = 500;
const PRUNE_EVERY = 500;
let writes = 0;

export async function recordScimRequest(opts: {
  scope: TTenantScope;
  id: string;
  tokenId: string;
  method: string;
  path: string;
  status: number;
  scimType?: string;
  durationMs: number;
  at: Date;
}) {
  const { db, tenantId } = opts.scope;
  await db.scimRequestLog.create({
    data: {
      id: opts.id,
      tenantId,
      tokenId: opts.tokenId,
      method: opts.method.slice(0, 10),
      path: opts.path.length > MAX_PATH_LENGTH ? `${opts.path.slice(0, MAX_PATH_LENGTH - 1)}…` : opts.path,
      status: opts.status,
      scimType: opts.scimType ?? null,
      durationMs: Math.max(0, Math.round(opts.durationMs)),
      at: opts.at,
    },
  });
  if (++writes % PRUNE_EVERY === 0) {
    const cutoff = new Date(Date.now() - SCIM_REQUEST_LOG_RETENTION_DAYS * 24 * 3600 * 1000);
    await db.scimRequestLog.deleteMany({ where: { at: { lt: cutoff } } });
  }
}

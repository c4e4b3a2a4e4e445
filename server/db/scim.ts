/**
 * SCIM bearer tokens resolve their tenant here: a cross-tenant lookup by the token's hash
 * (the only unscoped access SCIM needs). The caller then works through forTenant(tenantId).
 */
import { rootDb } from "./client";

export type TScimTokenCaller = { id: string; tenantId: string; tenantSlug: string; name: string };

/** Last-used time is written at most once a minute per token, so a busy IdP does not write on every call. */
const LAST_USED_GRANULARITY_MS = 60_000;

export async function resolveScimTokenByHash(hash: string): Promise<TScimTokenCaller | null> {
  const token = await rootDb().scimToken.findUnique({
    where: { hash },
    select: { id: true, tenantId: true, name: true, revokedAt: true, lastUsedAt: true, tenant: { select: { slug: true } } },
  });
  if (!token || token.revokedAt) return null;
  if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await rootDb().scimToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } });
  }
  return { id: token.id, tenantId: token.tenantId, tenantSlug: token.tenant.slug, name: token.name };
}

export type TScimRequestLogRow = {
  id: string;
  tenantId: string;
  tokenId: string | null;
  method: string;
  path: string;
  status: number;
  scimType: string | null;
  durationMs: number;
  at: Date;
};

/** One multi-row insert for a batch of SCIM request log rows (of any tenants: the batch is per process). */
export async function insertScimRequestLogRows(rows: TScimRequestLogRow[]): Promise<void> {
  if (rows.length === 0) return;
  await rootDb().scimRequestLog.createMany({ data: rows, skipDuplicates: true });
}

/** Drops request log rows older than the cutoff, for every tenant. */
export async function pruneScimRequestLog(cutoff: Date): Promise<number> {
  const { count } = await rootDb().scimRequestLog.deleteMany({ where: { at: { lt: cutoff } } });
  return count;
}

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

/**
 * Machine credentials resolve their tenant here (API keys now; device keys, SCIM tokens and
 * Stripe customers as those capabilities land). A credential is looked up by its hash; the
 * caller then works through forTenant(tenantId) like everyone else.
 */
import { rootDb } from "./client";

export async function resolveApiKeyByHash(hash: string) {
  const key = await rootDb().apiKey.findUnique({
    where: { hash },
    select: { id: true, tenantId: true, scope: true, name: true, revokedAt: true, lastUsedAt: true, tenant: { select: { slug: true } } },
  });
  if (!key || key.revokedAt) return null;
  // Last-used time, written at most once a minute per key so a busy script does not write on every call.
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
    await rootDb().apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } });
  }
  return { id: key.id, tenantId: key.tenantId, tenantSlug: key.tenant.slug, scope: key.scope, name: key.name };
}

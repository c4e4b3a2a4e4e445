/**
 * Cross-tenant lookups of the agent-identity capability (the only places it uses the unscoped client):
 * the public JWKS of a tenant by its slug (anyone may fetch it to verify agent tokens), and the revocation
 * webhook by id (the SIEM's request names the webhook; its HMAC then proves the caller).
 */
import { rootDb } from "./client";

export async function listPublishedSigningKeysBySlug(opts: { tenantSlug: string; now?: Date }) {
  const now = opts.now ?? new Date();
  const tenant = await rootDb().tenant.findUnique({ where: { slug: opts.tenantSlug }, select: { id: true } });
  if (!tenant) return null;
  const keys = await rootDb().agentSigningKey.findMany({
    where: { tenantId: tenant.id, OR: [{ status: "active" }, { publishUntil: { gt: now } }] },
    orderBy: { createdAt: "desc" },
    select: { id: true, publicJwk: true, status: true, publishUntil: true },
  });
  return { tenantId: tenant.id, keys };
}

export async function resolveRevocationWebhookById(opts: { webhookId: string }) {
  const hook = await rootDb().revocationWebhook.findUnique({
    where: { id: opts.webhookId },
    select: { id: true, tenantId: true, name: true, secretEnc: true, revokedAt: true, tenant: { select: { slug: true } } },
  });
  if (!hook || hook.revokedAt) return null;
  return { id: hook.id, tenantId: hook.tenantId, tenantSlug: hook.tenant.slug, name: hook.name, secretEnc: hook.secretEnc };
}

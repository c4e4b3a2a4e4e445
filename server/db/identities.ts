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

/**
 * The hot path of a tenant-wide kill switch: a device's `delivered` ack, in ONE statement (command pending ->
 * delivered, and its revocation target pending -> delivered). Returns null when nothing changed, so the caller
 * falls back to the careful path that tells why (unknown command, never sent, already acknowledged).
 * Raw SQL lives here (server/db) by rule; it names the tenant explicitly like forTenant would.
 */
export async function recordDeliveredAck(opts: { tenantId: string; deviceId: string; commandId: string; at: Date }): Promise<{ revocationId: string | null } | null> {
  const rows = await rootDb().$queryRaw<{ changed: number; revocationId: string | null }[]>`
    WITH cmd AS (
      UPDATE "DeviceCommand" SET "status" = 'delivered', "deliveredAt" = ${opts.at}
      WHERE "id" = ${opts.commandId} AND "deviceId" = ${opts.deviceId} AND "tenantId" = ${opts.tenantId}
        AND "status" = 'pending' AND "sentAt" IS NOT NULL
      RETURNING "id"
    ), tgt AS (
      UPDATE "RevocationTarget" SET "status" = 'delivered', "deliveredAt" = ${opts.at}
      WHERE "commandId" IN (SELECT "id" FROM cmd) AND "tenantId" = ${opts.tenantId} AND "status" = 'pending'
      RETURNING "revocationId"
    )
    SELECT (SELECT count(*) FROM cmd)::int AS "changed", (SELECT "revocationId" FROM tgt LIMIT 1) AS "revocationId"`;
  const row = rows[0];
  return row && row.changed > 0 ? { revocationId: row.revocationId } : null;
}

/**
 * Fan-out hot path: marks open commands as sent and returns them, in ONE statement, so a node writes them to the
 * held streams right after (an ack can never find its command unsent). `where` is either explicit ids, or the
 * never-sent commands of the given devices older than `olderThan` (the sweeper).
 */
export async function claimCommandsForSend(opts: { tenantId: string; ids?: string[]; deviceIds?: string[]; olderThan?: Date }) {
  const db = rootDb();
  type TRow = { id: string; deviceId: string; type: string; payload: unknown; createdAt: Date };
  if (opts.ids) {
    if (opts.ids.length === 0) return [];
    return db.$queryRaw<TRow[]>`
      UPDATE "DeviceCommand" SET "sentAt" = now(), "attempts" = "attempts" + 1
      WHERE "id" = ANY(${opts.ids}::text[]) AND "tenantId" = ${opts.tenantId} AND "status" IN ('pending', 'delivered')
      RETURNING "id", "deviceId", "type", "payload", "createdAt"`;
  }
  if (!opts.deviceIds || opts.deviceIds.length === 0) return [];
  return db.$queryRaw<TRow[]>`
    UPDATE "DeviceCommand" SET "sentAt" = now(), "attempts" = "attempts" + 1
    WHERE "deviceId" = ANY(${opts.deviceIds}::text[]) AND "tenantId" = ${opts.tenantId} AND "status" = 'pending'
      AND "sentAt" IS NULL AND "createdAt" < ${opts.olderThan ?? new Date()}
    RETURNING "id", "deviceId", "type", "payload", "createdAt"`;
}

/**
 * SIEM/SOAR revocation webhooks. Each has an HMAC secret (shown once), stored envelope-encrypted because the
 * receiver needs it back to verify signatures. Signature scheme: the one Marshal's own outbound webhooks use
 * (server/modules/events/transports/sign-webhook-body.ts, after Stripe's documented scheme):
 * `x-marshal-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, 5-minute tolerance.
 */
import { randomBytes } from "node:crypto";
import { AppError } from "@/server/errors";
import { env } from "@/server/env";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";
import { encryptSecret, processKek } from "../secrets/envelope-encryption";

export const REVOCATION_WEBHOOK_PATH = "/api/webhooks/revocations";

export function webhookSecretAad(opts: { tenantId: string; webhookId: string }) {
  return `revocation-webhook:${opts.tenantId}:${opts.webhookId}`;
}

export async function createRevocationWebhook(opts: { scope: TTenantScope; name: string }) {
  const { db, tenantId, actor } = opts.scope;
  const secret = `whsec_${randomBytes(32).toString("base64url")}`;
  return db.$transaction(async (tx) => {
    const row = await tx.revocationWebhook.create({ data: { tenantId, name: opts.name, prefix: secret.slice(0, 12), secretEnc: "pending" } });
    const secretEnc = encryptSecret({ plaintext: secret, kek: processKek(), aad: webhookSecretAad({ tenantId, webhookId: row.id }) });
    await tx.revocationWebhook.update({ where: { id: row.id }, data: { secretEnc } });
    await appendAudit({ db: tx, tenantId, actor, action: "revocation_webhook.created", target: { type: "revocation_webhook", id: row.id }, summary: { name: row.name, prefix: row.prefix } });
    return {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      createdAt: row.createdAt,
      revokedAt: null,
      secret,
      url: `${env().MARSHAL_PUBLIC_URL.replace(/\/+$/, "")}${REVOCATION_WEBHOOK_PATH}?hook=${row.id}`,
    };
  });
}

export function listRevocationWebhooks(opts: { scope: TTenantScope }) {
  return opts.scope.db.revocationWebhook.findMany({ orderBy: { createdAt: "desc" }, select: { id: true, name: true, prefix: true, createdAt: true, revokedAt: true } });
}

export async function revokeRevocationWebhook(opts: { scope: TTenantScope; id: string }) {
  const { db, tenantId, actor } = opts.scope;
  return db.$transaction(async (tx) => {
    const hook = await tx.revocationWebhook.findFirst({ where: { id: opts.id } });
    if (!hook) throw new AppError("NOT_FOUND", "Webhook not found");
    if (hook.revokedAt) throw new AppError("CONFLICT", "Webhook is already disabled");
    const row = await tx.revocationWebhook.update({ where: { id: hook.id }, data: { revokedAt: new Date() } });
    await appendAudit({ db: tx, tenantId, actor, action: "revocation_webhook.revoked", target: { type: "revocation_webhook", id: hook.id }, summary: { name: hook.name } });
    return { id: row.id, revokedAt: row.revokedAt! };
  });
}

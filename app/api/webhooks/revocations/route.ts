/**
 * `POST /api/webhooks/revocations?hook=<webhook id>`: a SIEM or SOAR playbook pulls the kill switch.
 * Signed like Marshal's own outbound webhooks (Stripe's documented scheme): header
 * `x-marshal-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, refused when the
 * signature does not match or the timestamp is more than 5 minutes off. Body:
 *   { "scopeType": "identity|product|person|device|tenant", "scopeId": "...", "reason": "...",
 *     "ref": "<alert id, for idempotency>", "confirm": "<tenant slug, tenant-wide only>" }
 * A retried delivery with the same `ref` answers the revocation it already created (200, duplicate: true).
 */
import { z } from "zod";
import { AppError, isAppError } from "@/server/errors";
import { forTenant } from "@/server/db";
import { resolveRevocationWebhookById } from "@/server/db/identities";
import { verifyWebhookSignature } from "@/server/modules/events/transports/verify-webhook-signature";
import { WEBHOOK_SIGNATURE_HEADER } from "@/server/modules/events/transports/sign-webhook-body";
import { createRevocation } from "@/server/modules/revocations/create-revocation";
import { ZRevocationScopeType } from "@/server/modules/revocations/revocation-schemas";
import { webhookSecretAad } from "@/server/modules/revocations/revocation-webhooks";
import { decryptSecret, processKek } from "@/server/modules/secrets/envelope-encryption";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const MAX_BODY = 16 * 1024;
const ZWebhookBody = z.strictObject({
  scopeType: ZRevocationScopeType,
  scopeId: z.string().trim().min(1).max(200).optional(),
  reason: z.string().trim().min(3).max(500),
  ref: z.string().trim().min(1).max(200).optional(),
  confirm: z.string().max(100).optional(),
});

function fail(code: ConstructorParameters<typeof AppError>[0], message: string) {
  return Response.json({ error: { code, message } }, { status: new AppError(code, "").status });
}

export async function POST(request: Request): Promise<Response> {
  const hookId = new URL(request.url).searchParams.get("hook") ?? request.headers.get("x-marshal-webhook-id");
  if (!hookId || !/^[A-Za-z0-9_-]{1,64}$/.test(hookId)) return fail("UNAUTHORIZED", "Name the webhook: ?hook=<webhook id>");
  const raw = await request.text();
  if (raw.length > MAX_BODY) return fail("PAYLOAD_TOO_LARGE", `The body is larger than ${MAX_BODY} bytes`);
  const hook = await resolveRevocationWebhookById({ webhookId: hookId });
  if (!hook) return fail("UNAUTHORIZED", "Unknown or disabled webhook");
  const secret = decryptSecret({ ciphertext: hook.secretEnc, kek: processKek(), aad: webhookSecretAad({ tenantId: hook.tenantId, webhookId: hook.id }) }).toString("utf8");
  const verified = verifyWebhookSignature({ header: request.headers.get(WEBHOOK_SIGNATURE_HEADER), body: raw, secrets: [secret] });
  if (!verified.ok) return fail("UNAUTHORIZED", `Signature refused: ${verified.reason}`);

  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return fail("BAD_REQUEST", "The body is not valid JSON");
  }
  const body = ZWebhookBody.safeParse(json);
  if (!body.success) {
    const i = body.error.issues[0];
    return fail("BAD_REQUEST", `${i?.path.join(".") || "body"}: ${i?.message}`);
  }
  const scope = { db: forTenant(hook.tenantId), tenantId: hook.tenantId, tenantSlug: hook.tenantSlug, actor: { type: "webhook" as const, id: hook.id, label: `webhook "${hook.name}"` } };
  if (body.data.scopeType === "tenant" && body.data.confirm !== hook.tenantSlug) {
    return fail("BAD_REQUEST", `A tenant-wide revocation needs "confirm": "${hook.tenantSlug}"`);
  }
  try {
    if (body.data.ref) {
      const earlier = await scope.db.revocation.findFirst({ where: { trigger: "siem", triggerRef: body.data.ref }, orderBy: { createdAt: "desc" } });
      if (earlier) return Response.json({ id: earlier.id, duplicate: true, status: earlier.status }, { status: 200 });
    }
    const created = await createRevocation({ scope, target: { type: body.data.scopeType, id: body.data.scopeId }, reason: body.data.reason, trigger: "siem", triggerRef: body.data.ref });
    return Response.json({ id: created.id, duplicate: false, identitiesRevoked: created.identitiesRevoked, devicesTargeted: created.devicesTargeted }, { status: 201 });
  } catch (err) {
    if (isAppError(err)) return fail(err.code, err.message);
    console.error("[revocation-webhook] failed", err);
    return fail("INTERNAL", "Something went wrong on our side; retry");
  }
}

/**
 * Webhook signatures, in the scheme Stripe documents for its webhooks
 * ("Verify webhook signatures manually"): header `x-marshal-signature: t=<unix seconds>,v1=<hex>`
 * where v1 = HMAC-SHA256(secret, `${t}.${body}`). Several v1 entries may appear while a
 * secret is being rotated; a receiver accepts any that matches.
 */
import { createHmac } from "node:crypto";

export const WEBHOOK_SIGNATURE_HEADER = "x-marshal-signature";

export function computeWebhookSignature({ secret, timestamp, body }: { secret: string; timestamp: number; body: string }): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

export function signWebhookBody({ secrets, body, now = new Date() }: { secrets: string[]; body: string; now?: Date }): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${computeWebhookSignature({ secret, timestamp, body })}`)].join(",");
}

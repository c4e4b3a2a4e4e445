/** Receiver side of the webhook signature (see sign-webhook-body.ts). Constant-time compare, replay window. */
import { timingSafeEqual } from "node:crypto";
import { computeWebhookSignature } from "./sign-webhook-body";

export type TWebhookVerification = { ok: true; timestamp: number } | { ok: false; reason: string };

export function verifyWebhookSignature({
  header,
  body,
  secrets,
  toleranceSeconds = 300,
  now = new Date(),
}: {
  header: string | null | undefined;
  /** The raw request body, exactly as received. */
  body: string;
  /** Current secret, plus the previous one during a rotation. */
  secrets: string[];
  toleranceSeconds?: number;
  now?: Date;
}): TWebhookVerification {
  if (!header) return { ok: false, reason: "missing signature header" };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t" && /^\d+$/.test(value ?? "")) timestamp = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/.test(value ?? "")) signatures.push(value);
  }
  if (timestamp === undefined) return { ok: false, reason: "signature header has no timestamp" };
  if (signatures.length === 0) return { ok: false, reason: "signature header has no v1 signature" };
  const age = Math.floor(now.getTime() / 1000) - timestamp;
  if (Math.abs(age) > toleranceSeconds) return { ok: false, reason: `timestamp is outside the ${toleranceSeconds}s tolerance` };
  for (const secret of secrets) {
    const expected = Buffer.from(computeWebhookSignature({ secret, timestamp, body }), "hex");
    if (signatures.some((signature) => timingSafeEqual(Buffer.from(signature, "hex"), expected))) return { ok: true, timestamp };
  }
  return { ok: false, reason: "no signature matches" };
}

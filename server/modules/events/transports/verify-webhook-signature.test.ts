import { describe, expect, it } from "vitest";
import { computeWebhookSignature, signWebhookBody } from "./sign-webhook-body";
import { verifyWebhookSignature } from "./verify-webhook-signature";

const NOW = new Date("2026-03-01T12:00:00Z");
const T = Math.floor(NOW.getTime() / 1000);

describe("webhook signatures", () => {
  it("signs t.body with HMAC-SHA256 (Stripe-style header)", () => {
    // Expected value from: printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(computeWebhookSignature({ secret: "secret", timestamp: 1700000000, body: '{"a":1}' })).toBe("49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686");
    expect(signWebhookBody({ secrets: ["a", "b"], body: "{}", now: NOW })).toMatch(new RegExp(`^t=${T},v1=[0-9a-f]{64},v1=[0-9a-f]{64}$`));
  });

  it("accepts the current or previous secret during rotation", () => {
    const header = signWebhookBody({ secrets: ["new-secret-0000000"], body: "payload", now: NOW });
    expect(verifyWebhookSignature({ header, body: "payload", secrets: ["old-secret-0000000", "new-secret-0000000"], now: NOW })).toEqual({ ok: true, timestamp: T });
  });

  it("refuses replays, tampering, wrong secrets and malformed headers", () => {
    const header = signWebhookBody({ secrets: ["s3cret-0000000000"], body: "payload", now: NOW });
    const later = new Date(NOW.getTime() + 301_000);
    expect(verifyWebhookSignature({ header, body: "payload", secrets: ["s3cret-0000000000"], now: later })).toMatchObject({ ok: false, reason: expect.stringMatching(/tolerance/) });
    expect(verifyWebhookSignature({ header, body: "payload!", secrets: ["s3cret-0000000000"], now: NOW })).toMatchObject({ ok: false });
    expect(verifyWebhookSignature({ header, body: "payload", secrets: ["other"], now: NOW })).toMatchObject({ ok: false });
    expect(verifyWebhookSignature({ header: undefined, body: "payload", secrets: ["x"], now: NOW })).toMatchObject({ ok: false, reason: "missing signature header" });
    expect(verifyWebhookSignature({ header: "v1=abc", body: "payload", secrets: ["x"], now: NOW })).toMatchObject({ ok: false, reason: expect.stringMatching(/timestamp/) });
    expect(verifyWebhookSignature({ header: `t=${T}`, body: "payload", secrets: ["x"], now: NOW })).toMatchObject({ ok: false, reason: expect.stringMatching(/no v1/) });
  });
});

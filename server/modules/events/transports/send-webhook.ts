/** POST a signed JSON body to a customer's HTTPS endpoint. */
import { WEBHOOK_SIGNATURE_HEADER, signWebhookBody } from "./sign-webhook-body";
import { httpFailure, invalidInput, networkFailure, type TTransportResult } from "./transport-result";

export type TSendWebhookOptions = {
  url: string;
  /** Signing secret (current first; add the previous one while rotating). */
  secret: string | string[];
  /** A string is sent as is; anything else is JSON-serialised. */
  body: unknown;
  timeoutMs?: number;
  now?: Date;
  /** Extra headers, e.g. an idempotency key for the batch. */
  headers?: Record<string, string>;
};

export const MIN_WEBHOOK_SECRET_LENGTH = 16;

export async function sendWebhook({ url, secret, body, timeoutMs = 10_000, now = new Date(), headers = {} }: TSendWebhookOptions): Promise<TTransportResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return invalidInput(`not a URL: ${url}`);
  }
  if (target.protocol !== "https:" && target.protocol !== "http:") return invalidInput(`webhook URL must be http(s), got ${target.protocol}`);
  const secrets = Array.isArray(secret) ? secret : [secret];
  if (secrets.length === 0 || secrets.some((s) => typeof s !== "string" || s.length < MIN_WEBHOOK_SECRET_LENGTH)) {
    return invalidInput(`webhook secret must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`);
  }
  const payload = typeof body === "string" ? body : JSON.stringify(body);
  if (payload === undefined) return invalidInput("body is not serialisable");
  try {
    const response = await fetch(target, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Marshal-Webhook/1",
        ...headers,
        [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody({ secrets, body: payload, now }),
      },
      body: payload,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text().catch(() => "");
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    return httpFailure({ status: response.status, message: `webhook answered ${response.status}: ${text.slice(0, 200)}`, retryAfter: response.headers.get("retry-after") });
  } catch (error) {
    return networkFailure(error);
  }
}

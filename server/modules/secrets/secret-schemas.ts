/**
 * Tenant provider secrets: what a secret is for and how the gateway presents it upstream.
 * Header conventions follow each vendor's API reference:
 * - Anthropic: `x-api-key: <key>` (https://docs.anthropic.com/en/api/overview, "Authentication")
 * - OpenAI: `Authorization: Bearer <key>` (https://platform.openai.com/docs/api-reference/authentication)
 * - Gemini: `x-goog-api-key: <key>` (https://ai.google.dev/api, "API keys")
 * A `custom` secret is any header credential for an internal API: the admin names the header.
 */
import { z } from "zod";

export const secretProviders = ["anthropic", "openai", "gemini", "custom"] as const;
export const ZSecretProvider = z.enum(secretProviders);
export type TSecretProvider = z.infer<typeof ZSecretProvider>;

export const DEFAULT_SECRET_HEADER: Record<Exclude<TSecretProvider, "custom">, { headerName: string; valuePrefix: string }> = {
  anthropic: { headerName: "x-api-key", valuePrefix: "" },
  openai: { headerName: "authorization", valuePrefix: "Bearer " },
  gemini: { headerName: "x-goog-api-key", valuePrefix: "" },
};

/** RFC 9110 token characters; hop-by-hop and framing headers are refused (they are not credentials). */
const FORBIDDEN_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "cookie"]);
export const ZHeaderName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[!#$%&'*+.^_`|~0-9a-z-]{1,64}$/, "a header name (letters, digits and - only)")
  .refine((h) => !FORBIDDEN_HEADERS.has(h), "that header cannot carry a credential");

/** A credential value: printable ASCII without spaces at the ends, no control characters (it goes into a header). */
export const ZSecretValue = z
  .string()
  .min(8, "the secret is too short to be a real credential (8 characters at least)")
  .max(4096, "the secret is longer than 4096 characters")
  .refine((v) => /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(v), "the secret must be printable ASCII with no leading or trailing spaces");

export const ZSecretName = z.string().trim().min(1, "Name is required").max(80);

export const ZCreateTenantSecretInput = z
  .object({
    name: ZSecretName,
    provider: ZSecretProvider,
    value: ZSecretValue,
    headerName: ZHeaderName.optional().describe("custom secrets only: the header to send"),
    valuePrefix: z.string().max(32).regex(/^[\x20-\x7e]*$/, "printable ASCII").optional().describe("custom secrets only, e.g. 'Bearer '"),
  })
  .superRefine((v, ctx) => {
    if (v.provider === "custom" && !v.headerName) ctx.addIssue({ code: "custom", path: ["headerName"], message: "a custom secret needs the header name to send it in" });
    if (v.provider !== "custom" && (v.headerName !== undefined || v.valuePrefix !== undefined)) {
      ctx.addIssue({ code: "custom", path: ["headerName"], message: `the ${v.provider} header is fixed by the vendor; headerName/valuePrefix are for custom secrets` });
    }
  });
export type TCreateTenantSecretInput = z.input<typeof ZCreateTenantSecretInput>;

/** The metadata any console reader may see: never the value. */
export const ZTenantSecretMeta = z.object({
  id: z.string(),
  name: z.string(),
  provider: ZSecretProvider,
  headerName: z.string(),
  hint: z.string(),
  version: z.number().int(),
  status: z.enum(["active", "revoked"]),
  createdAt: z.date(),
  rotatedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  lastFetchedAt: z.date().nullable(),
});
export type TTenantSecretMeta = z.infer<typeof ZTenantSecretMeta>;

export const SECRET_META_SELECT = {
  id: true,
  name: true,
  provider: true,
  headerName: true,
  hint: true,
  version: true,
  status: true,
  createdAt: true,
  rotatedAt: true,
  revokedAt: true,
  lastFetchedAt: true,
} as const;

export function toSecretMeta(row: { [K in keyof typeof SECRET_META_SELECT]: unknown }): TTenantSecretMeta {
  return ZTenantSecretMeta.parse(row);
}

/** Binds a ciphertext to its row and version: it cannot be copied to another secret or tenant. */
export function secretAad(opts: { tenantId: string; secretId: string; version: number }): string {
  return `tenant-secret:${opts.tenantId}:${opts.secretId}:v${opts.version}`;
}

export function secretHint(opts: { value: string }): string {
  return `…${opts.value.slice(-4)}`;
}

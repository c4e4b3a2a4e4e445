/** What every DB-backed SCIM operation receives: the tenant scope, the public base URL and the request id. */
import type { TTenantScope } from "@/server/modules/tenant-scope";

export type TScimServiceContext = {
  scope: TTenantScope;
  /** `<MARSHAL_PUBLIC_URL>/scim/v2`, used for meta.location and $ref. */
  baseUrl: string;
  /** Id of this SCIM request (the ScimRequestLog row): the triggerRef of any revocation it causes. */
  requestId: string;
};

/** An interactive transaction of the tenant-scoped client. */
export type TScimTx = Parameters<Parameters<TTenantScope["db"]["$transaction"]>[0]>[0];

/**
 * Interactive-transaction limits for SCIM writes. Every write appends to the tenant's audit chain,
 * which serialises a tenant's writes; under a provisioning burst a write may wait its turn, so the
 * wait and run limits are wider than Prisma's defaults (2 s / 5 s). Beyond them the request gets
 * 503 + Retry-After, which Okta and Entra ID retry.
 */
export const SCIM_TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

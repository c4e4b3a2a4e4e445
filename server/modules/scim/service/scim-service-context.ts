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

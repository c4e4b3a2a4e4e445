import type { TTenantScope } from "../tenant-scope";
import { SECRET_META_SELECT, toSecretMeta, type TTenantSecretMeta } from "./secret-schemas";

/** Secret metadata only: the encrypted value is never selected. Active first, newest first. */
export async function listTenantSecrets(opts: { scope: TTenantScope }): Promise<TTenantSecretMeta[]> {
  const rows = await opts.scope.db.tenantSecret.findMany({ orderBy: [{ status: "asc" }, { createdAt: "desc" }], select: SECRET_META_SELECT });
  return rows.map(toSecretMeta);
}

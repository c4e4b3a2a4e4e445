/** Cross-tenant samples for secrets.*: a provider key stored through createTenantSecret (envelope-encrypted). */
import { createTenantSecret } from "@/server/modules/secrets/create-tenant-secret";
import type { TTenantScope } from "@/server/modules/tenant-scope";

export async function secretSamples(opts: { scope: TTenantScope }): Promise<Record<string, Record<string, unknown>>> {
  const secret = await createTenantSecret({ scope: opts.scope, input: { name: "victim anthropic", provider: "anthropic", value: "sk-ant-api03-VICTIM-KEY-0123456789abcdef" } });
  return {
    "secrets.list": {},
    "secrets.create": { name: "intruder", provider: "openai", value: "sk-proj-INTRUDER-0123456789abcdef" },
    "secrets.rotate": { id: secret.id, value: "sk-ant-api03-INTRUDER-0123456789abcdef" },
    "secrets.revoke": { id: secret.id },
    "secrets.rewrap": {},
  };
}

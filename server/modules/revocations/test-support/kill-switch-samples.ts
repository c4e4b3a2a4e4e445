/** Cross-tenant samples (test/support/cross-tenant-samples.ts) for the identities and revocations procedures. */
import type { TTenantScope } from "@/server/modules/tenant-scope";
import { createRevocation } from "../create-revocation";
import { createRevocationWebhook } from "../revocation-webhooks";
import { addDevice, addIdentity, addPerson } from "./kill-switch-fixtures";

export async function killSwitchSamples(opts: { scope: TTenantScope }): Promise<Record<string, Record<string, unknown>>> {
  const { scope } = opts;
  const person = await addPerson({ scope, name: "Victim" });
  const device = await addDevice({ scope, ownerPersonId: person.id });
  const identity = await addIdentity({ scope, deviceId: device.id, personId: person.id, productSlug: "claude-code" });
  const other = await addIdentity({ scope, deviceId: device.id, personId: person.id, productSlug: "codex-cli" });
  const revocation = await createRevocation({ scope, target: { type: "identity", id: identity.id }, reason: "sample", trigger: "manual" });
  const hook = await createRevocationWebhook({ scope, name: "victim soar" });
  return {
    "identities.list": {},
    "identities.get": { id: identity.id },
    "identities.signingKeys": {},
    "identities.rotateSigningKey": {},
    "revocations.list": {},
    "revocations.get": { id: revocation.id },
    "revocations.preview": { scopeType: "identity", scopeId: other.id },
    "revocations.create": { scopeType: "identity", scopeId: other.id, reason: "intruder" },
    "revocations.restore": { id: revocation.id, reason: "intruder" },
    "revocations.webhooks": {},
    "revocations.createWebhook": { name: "intruder" },
    "revocations.revokeWebhook": { id: hook.id },
  };
}

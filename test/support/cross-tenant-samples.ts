/**
 * A valid input for every tenant-scoped procedure, pointing at real rows of the victim tenant,
 * used by server/trpc/cross-tenant.integration.test.ts. A new procedure adds its sample here.
 */
import type { TTenantScope } from "@/server/modules/tenant-scope";
import { createApiKey } from "@/server/modules/api-keys/create-api-key";
import { inviteMember } from "@/server/modules/members/invite-member";
import { addMember } from "./tenants";
import { killSwitchSamples } from "@/server/modules/revocations/test-support/kill-switch-samples";
import { setRegistryEntry } from "@/server/modules/registry/registry-entries";
import { createRegistryException } from "@/server/modules/registry/registry-exceptions";
import { deviceSamples, enrollSampleDevice } from "./samples/device-samples";
import { directorySamples, provisionSamplePerson } from "./samples/directory-samples";
import { eventSamples } from "./samples/event-samples";
import { finopsSamples } from "./samples/finops-samples";
import { rolloutSamples } from "./samples/rollout-samples";
import { secretSamples } from "./samples/secret-samples";

export async function crossTenantSamples(opts: { scope: TTenantScope }): Promise<Record<string, Record<string, unknown>>> {
  const { scope } = opts;
  const key = await createApiKey({ scope, name: "victim key", keyScope: "read" });
  const invite = await inviteMember({ scope, email: `victim-${Date.now()}@example.test`, role: "operator", actorRole: "owner", publicUrl: "http://x" });
  const operator = await addMember({ tenantId: scope.tenantId, role: "operator" });
  const member = await scope.db.member.findFirstOrThrow({ where: { userId: operator.id } });
  await setRegistryEntry({ scope, input: { productSlug: "aider", verdict: "blocked" } });
  const group = await scope.db.group.create({ data: { tenantId: scope.tenantId, displayName: `victims-${Date.now()}` } });
  const exception = await createRegistryException({ scope, input: { productSlug: "aider", subjectType: "group", subjectId: group.id, verdict: "sanctioned", reason: "pilot", expiresAt: new Date(Date.now() + 86_400_000) } });
  const killSwitch = await killSwitchSamples({ scope });
  const directory = await provisionSamplePerson({ scope });
  const { device, tokenId } = await enrollSampleDevice({ scope, ownerPersonId: directory.personId });
  return {
    ...killSwitch,
    ...directorySamples(directory),
    ...deviceSamples({ device, tokenId }),
    ...(await eventSamples({ scope, device })),
    ...(await finopsSamples({ scope, device, personId: directory.personId })),
    ...(await secretSamples({ scope })),
    ...(await rolloutSamples({ scope })),
    "registry.products": {},
    "registry.product": { productSlug: "aider" },
    "registry.unreviewed": {},
    "registry.setVerdict": { productSlug: "aider", verdict: "sanctioned" },
    "registry.removeVerdict": { productSlug: "aider" },
    "registry.exceptions": {},
    "registry.createException": { productSlug: "aider", subjectType: "group", subjectId: group.id, verdict: "blocked", reason: "intruder", expiresAt: new Date(Date.now() + 86_400_000) },
    "registry.revokeException": { id: exception.id },
    "registry.policies": {},
    "registry.revisePolicy": { verdictClass: "sanctioned", policy: {} },
    "registry.settings": {},
    "registry.updateSettings": { autoRepair: false },
    "registry.compliance": {},
    "tenants.overview": {},
    "members.list": {},
    "members.invites": {},
    "members.invite": { email: "intruder@example.test", role: "admin" },
    "members.revokeInvite": { id: invite.id },
    "members.changeRole": { memberId: member.id, role: "admin" },
    "members.remove": { memberId: member.id },
    "apiKeys.list": {},
    "apiKeys.create": { name: "intruder", scope: "admin" },
    "apiKeys.revoke": { id: key.id },
    "audit.list": { limit: 10 },
    "audit.verify": {},
  };
}

/**
 * Lifecycle wiring: a person deactivated (`active` → false) or deleted in the identity provider
 * → the kill switch revokes every agent identity acting for them and stops those agents on their
 * devices (createRevocation, trigger "scim", triggerRef = the SCIM request id, which is also the
 * ScimRequestLog id and is in the audit trail).
 *
 * Idempotent by design: the route calls this on every write that leaves a person inactive, so a
 * retried request converges. "Already revoked" (an active person revocation exists) and "nothing
 * to revoke" (no identities, no devices) are outcomes, not errors. Reactivation does not call
 * anything: an admin re-authorises agents explicitly.
 */
import { isAppError } from "@/server/errors";
import { createRevocation } from "@/server/modules/revocations/create-revocation";
import type { TScimServiceContext } from "./scim-service-context";

export type TDeactivationOutcome =
  | { outcome: "revoked"; revocationId: string; identitiesRevoked: number; devicesTargeted: number }
  | { outcome: "already_revoked" }
  | { outcome: "nothing_to_revoke" };

export async function onPersonDeactivated(opts: { ctx: TScimServiceContext; personId: string; reason: string }): Promise<TDeactivationOutcome> {
  try {
    const revocation = await createRevocation({
      scope: opts.ctx.scope,
      target: { type: "person", id: opts.personId },
      reason: opts.reason,
      trigger: "scim",
      triggerRef: opts.ctx.requestId,
    });
    return { outcome: "revoked", revocationId: revocation.id, identitiesRevoked: revocation.identitiesRevoked, devicesTargeted: revocation.devicesTargeted };
  } catch (error) {
    if (isAppError(error) && error.code === "CONFLICT") return { outcome: "already_revoked" };
    if (isAppError(error) && error.code === "UNPROCESSABLE") return { outcome: "nothing_to_revoke" };
    throw error;
  }
}

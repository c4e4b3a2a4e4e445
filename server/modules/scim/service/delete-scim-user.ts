/**
 * DELETE /Users/{id} (RFC 7644 §3.6). The Person row is kept as a tombstone (deletedAt set,
 * inactive, userName freed for reuse, group memberships removed) so events, usage and devices
 * keep their attribution; SCIM no longer returns it (404). Deleting stops the person's agents.
 */
import { appendAudit } from "@/server/modules/audit/append-audit";
import { notFoundError } from "../scim-errors";
import { ifMatchAllows } from "../scim-meta";
import { onPersonDeactivated } from "./on-person-deactivated";
import { recordScimEvent } from "./record-scim-event";
import { SCIM_TX_OPTIONS } from "./scim-service-context";
import type { TScimServiceContext } from "./scim-service-context";
import { preconditionFailed, toScimWriteError } from "./scim-write-errors";

export async function deleteScimUser(opts: { ctx: TScimServiceContext; id: string; ifMatch?: string | null }): Promise<void> {
  const { scope, requestId } = opts.ctx;
  let deleted: { userName: string; active: boolean };
  try {
    deleted = await scope.db.$transaction(async (tx) => {
      const locked = await tx.person.updateMany({ where: { id: opts.id, deletedAt: null }, data: { version: { increment: 1 } } });
      if (locked.count === 0) throw notFoundError("User", opts.id);
      const row = await tx.person.findFirstOrThrow({ where: { id: opts.id }, select: { version: true, userName: true, active: true } });
      if (!ifMatchAllows({ ifMatch: opts.ifMatch, version: row.version - 1 })) throw preconditionFailed();
      await tx.person.update({
        where: { id: opts.id },
        data: { deletedAt: new Date(), active: false, userNameKey: `#deleted#${opts.id}` },
      });
      await tx.groupMember.deleteMany({ where: { personId: opts.id } });
      await appendAudit({
        db: tx,
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: "scim.user_deleted",
        target: { type: "person", id: opts.id },
        summary: { requestId, userName: row.userName, wasActive: row.active },
      });
      return row;
    }, SCIM_TX_OPTIONS);
  } catch (error) {
    throw toScimWriteError(error, "userName");
  }
  await recordScimEvent({ ctx: opts.ctx, change: { type: "scim.user_deleted", person: { id: opts.id, userName: deleted.userName }, params: { wasActive: deleted.active } } });
  await onPersonDeactivated({ ctx: opts.ctx, personId: opts.id, reason: "Deleted in the identity provider (SCIM)" });
}

/** DELETE /Groups/{id} (RFC 7644 §3.6): the group and its memberships go; the people stay. */
import { appendAudit } from "@/server/modules/audit/append-audit";
import { notFoundError } from "../scim-errors";
import { ifMatchAllows } from "../scim-meta";
import { recordScimEvent } from "./record-scim-event";
import { SCIM_TX_OPTIONS } from "./scim-service-context";
import type { TScimServiceContext } from "./scim-service-context";
import { preconditionFailed } from "./scim-write-errors";

export async function deleteScimGroup(opts: { ctx: TScimServiceContext; id: string; ifMatch?: string | null }): Promise<void> {
  const { scope, requestId } = opts.ctx;
  const deleted = await scope.db.$transaction(async (tx) => {
    const group = await tx.group.findFirst({ where: { id: opts.id }, select: { id: true, displayName: true, version: true, mapping: true } });
    if (!group) throw notFoundError("Group", opts.id);
    if (!ifMatchAllows({ ifMatch: opts.ifMatch, version: group.version })) throw preconditionFailed();
    const deleted = await tx.group.deleteMany({ where: { id: opts.id, version: group.version } });
    if (deleted.count === 0) throw preconditionFailed();
    await appendAudit({
      db: tx,
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: "scim.group_deleted",
      target: { type: "group", id: opts.id },
      summary: { requestId, displayName: group.displayName, mapping: group.mapping },
    });
    return group;
  }, SCIM_TX_OPTIONS);
  await recordScimEvent({ ctx: opts.ctx, change: { type: "scim.group_changed", group: deleted, params: { change: "deleted" } } });
}

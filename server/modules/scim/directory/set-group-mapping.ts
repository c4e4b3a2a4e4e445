/**
 * What a SCIM group means to the rest of Marshal: a business unit or project (cost attribution)
 * or a policy class (which policy its members' agents get), or nothing. Chosen in the console;
 * the identity provider never changes it.
 */
import { AppError } from "@/server/errors";
import { appendAudit } from "@/server/modules/audit/append-audit";
import type { TTenantScope } from "@/server/modules/tenant-scope";
import type { TGroupMapping } from "../scim-records";

export async function setGroupMapping(opts: { scope: TTenantScope; groupId: string; mapping: TGroupMapping }) {
  const { db, tenantId, actor } = opts.scope;
  return db.$transaction(async (tx) => {
    const group = await tx.group.findFirst({ where: { id: opts.groupId }, select: { id: true, displayName: true, mapping: true, updatedAt: true } });
    if (!group) throw new AppError("NOT_FOUND", "Group not found");
    if (group.mapping === opts.mapping) return { id: group.id, mapping: group.mapping };
    // Not a SCIM-visible change: version and lastModified stay as the IdP last saw them.
    const updated = await tx.group.update({ where: { id: group.id }, data: { mapping: opts.mapping, updatedAt: group.updatedAt }, select: { id: true, mapping: true } });
    await appendAudit({
      db: tx,
      tenantId,
      actor,
      action: "group.mapping_changed",
      target: { type: "group", id: group.id },
      summary: { displayName: group.displayName, from: group.mapping, to: opts.mapping },
    });
    return updated;
  });
}

/**
 * The write path shared by PUT and PATCH on /Groups/{id}: lock by bumping the version, check
 * If-Match, compute, check that every added member is a User of this tenant, write the name and
 * the membership diff (only added / removed rows), append the audit entry. Bad input changes nothing.
 */
import { appendAudit } from "@/server/modules/audit/append-audit";
import { diffGroupRecords, type TScimChanges } from "../diff-person-records";
import { ifMatchAllows } from "../scim-meta";
import { notFoundError, ScimError } from "../scim-errors";
import type { TGroupFields, TGroupRecord } from "../scim-records";
import { GROUP_RECORD_INCLUDE, toGroupRecord } from "./directory-records";
import { recordScimEvent } from "./record-scim-event";
import { SCIM_TX_OPTIONS } from "./scim-service-context";
import type { TScimServiceContext, TScimTx } from "./scim-service-context";
import { preconditionFailed, toScimWriteError } from "./scim-write-errors";

/** Throws 400 invalidValue naming the first id that is not a (non-deleted) User of this tenant. */
export async function checkMembersExist(tx: TScimTx, personIds: readonly string[]): Promise<void> {
  if (personIds.length === 0) return;
  const found = await tx.person.findMany({ where: { id: { in: [...personIds] }, deletedAt: null }, select: { id: true } });
  const known = new Set(found.map((p) => p.id));
  const missing = personIds.find((id) => !known.has(id));
  if (missing !== undefined) throw new ScimError(400, "invalidValue", `members: no User with id '${missing}'`);
}

const AUDIT_ID_SAMPLE = 20;

export async function saveScimGroup(opts: {
  ctx: TScimServiceContext;
  id: string;
  ifMatch?: string | null;
  compute: (current: TGroupRecord) => TGroupFields;
}): Promise<{ record: TGroupRecord; changes: TScimChanges }> {
  const { scope, requestId } = opts.ctx;
  let result: { record: TGroupRecord; changes: TScimChanges };
  try {
    result = await scope.db.$transaction(async (tx) => {
      const locked = await tx.group.updateMany({ where: { id: opts.id }, data: { version: { increment: 1 } } });
      if (locked.count === 0) throw notFoundError("Group", opts.id);
      const row = await tx.group.findFirstOrThrow({ where: { id: opts.id }, include: GROUP_RECORD_INCLUDE });
      const current: TGroupRecord = { ...toGroupRecord(row), version: row.version - 1 };
      if (!ifMatchAllows({ ifMatch: opts.ifMatch, version: current.version })) throw preconditionFailed();

      const next = opts.compute(current);
      const changes = diffGroupRecords({ before: current, after: next });
      if (changes.changedFields.length === 0) {
        await tx.group.update({ where: { id: opts.id }, data: { version: current.version, updatedAt: current.updatedAt } });
        return { record: current, changes };
      }
      await checkMembersExist(tx, changes.groupMembersAdded);
      await tx.group.update({ where: { id: opts.id }, data: { displayName: next.displayName, externalId: next.externalId } });
      if (changes.groupMembersRemoved.length) {
        await tx.groupMember.deleteMany({ where: { groupId: opts.id, personId: { in: changes.groupMembersRemoved } } });
      }
      if (changes.groupMembersAdded.length) {
        await tx.groupMember.createMany({
          data: changes.groupMembersAdded.map((personId) => ({ tenantId: scope.tenantId, groupId: opts.id, personId })),
          skipDuplicates: true,
        });
      }
      await appendAudit({
        db: tx,
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: "scim.group_updated",
        target: { type: "group", id: opts.id },
        summary: {
          requestId,
          displayName: next.displayName,
          changedFields: changes.changedFields,
          membersAdded: changes.groupMembersAdded.length,
          membersRemoved: changes.groupMembersRemoved.length,
          addedSample: changes.groupMembersAdded.slice(0, AUDIT_ID_SAMPLE),
          removedSample: changes.groupMembersRemoved.slice(0, AUDIT_ID_SAMPLE),
        },
      });
      const saved = await tx.group.findFirstOrThrow({ where: { id: opts.id }, include: GROUP_RECORD_INCLUDE });
      return { record: toGroupRecord(saved), changes };
    }, SCIM_TX_OPTIONS);
  } catch (error) {
    throw toScimWriteError(error, "displayName");
  }
  if (result.changes.changedFields.length > 0) {
    await recordScimEvent({
      ctx: opts.ctx,
      change: {
        type: "scim.group_changed",
        group: result.record,
        params: {
          change: "updated",
          changedFields: result.changes.changedFields,
          membersAdded: result.changes.groupMembersAdded.length,
          membersRemoved: result.changes.groupMembersRemoved.length,
          addedSample: result.changes.groupMembersAdded.slice(0, AUDIT_ID_SAMPLE),
          removedSample: result.changes.groupMembersRemoved.slice(0, AUDIT_ID_SAMPLE),
        },
      },
    });
  }
  return result;
}

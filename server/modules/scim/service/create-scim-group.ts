/** POST /Groups (RFC 7644 §3.3). Every member must be a User of this tenant; a displayName in use → 409 uniqueness. */
import { appendAudit } from "@/server/modules/audit/append-audit";
import { parseScimGroup } from "../parse-scim-group";
import type { TGroupRecord } from "../scim-records";
import { GROUP_RECORD_INCLUDE, toGroupRecord } from "./directory-records";
import { recordScimEvent } from "./record-scim-event";
import { checkMembersExist } from "./save-scim-group";
import { SCIM_TX_OPTIONS } from "./scim-service-context";
import type { TScimServiceContext } from "./scim-service-context";
import { toScimWriteError } from "./scim-write-errors";

export async function createScimGroup(opts: { ctx: TScimServiceContext; body: unknown }): Promise<TGroupRecord> {
  const { scope, requestId } = opts.ctx;
  const fields = parseScimGroup({ body: opts.body });
  let record: TGroupRecord;
  try {
    record = await scope.db.$transaction(async (tx) => {
      const personIds = fields.members.map((m) => m.personId);
      await checkMembersExist(tx, personIds);
      const group = await tx.group.create({ data: { tenantId: scope.tenantId, displayName: fields.displayName, externalId: fields.externalId } });
      if (personIds.length) {
        await tx.groupMember.createMany({ data: personIds.map((personId) => ({ tenantId: scope.tenantId, groupId: group.id, personId })) });
      }
      await appendAudit({
        db: tx,
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: "scim.group_created",
        target: { type: "group", id: group.id },
        summary: { requestId, displayName: group.displayName, members: personIds.length },
      });
      const row = await tx.group.findFirstOrThrow({ where: { id: group.id }, include: GROUP_RECORD_INCLUDE });
      return toGroupRecord(row);
    }, SCIM_TX_OPTIONS);
  } catch (error) {
    throw toScimWriteError(error, "displayName");
  }
  await recordScimEvent({
    ctx: opts.ctx,
    change: { type: "scim.group_changed", group: record, params: { change: "created", membersAdded: record.members.length, membersRemoved: 0 } },
  });
  return record;
}

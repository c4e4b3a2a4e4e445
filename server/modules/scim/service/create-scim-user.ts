/**
 * POST /Users (RFC 7644 §3.3): parse, create the Person and its emails, link the manager, and
 * link people who named this one as their manager before it existed. A userName already in use
 * (case-insensitively: Person.userNameKey) → 409 uniqueness.
 */
import { appendAudit } from "@/server/modules/audit/append-audit";
import { parseScimUser } from "../parse-scim-user";
import type { TPersonRecord } from "../scim-records";
import { PERSON_RECORD_INCLUDE, personColumns, toPersonRecord } from "./directory-records";
import { recordScimEvent } from "./record-scim-event";
import { linkManager } from "./save-scim-person";
import { SCIM_TX_OPTIONS } from "./scim-service-context";
import type { TScimServiceContext } from "./scim-service-context";
import { toScimWriteError } from "./scim-write-errors";

export async function createScimUser(opts: { ctx: TScimServiceContext; body: unknown }): Promise<TPersonRecord> {
  const { scope, requestId } = opts.ctx;
  const parsed = parseScimUser({ body: opts.body });
  let record: TPersonRecord;
  try {
    record = await scope.db.$transaction(async (tx) => {
      const fields = await linkManager(tx, parsed);
      const row = await tx.person.create({
        data: {
          ...personColumns(fields),
          tenantId: scope.tenantId,
          emails: { create: fields.emails.map((e) => ({ ...e, tenantId: scope.tenantId })) },
        },
        include: PERSON_RECORD_INCLUDE,
      });
      const refs = [row.id, ...(row.externalId ? [row.externalId] : [])];
      await tx.person.updateMany({
        where: { managerExternalRef: { in: refs }, deletedAt: null },
        data: { managerId: row.id, managerExternalRef: null, version: { increment: 1 } },
      });
      await appendAudit({
        db: tx,
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: "scim.user_created",
        target: { type: "person", id: row.id },
        summary: { requestId, userName: row.userName, active: row.active },
      });
      return toPersonRecord(row);
    }, SCIM_TX_OPTIONS);
  } catch (error) {
    throw toScimWriteError(error, "userName");
  }
  await recordScimEvent({ ctx: opts.ctx, change: { type: "scim.user_created", person: record, params: { active: record.active } } });
  return record;
}

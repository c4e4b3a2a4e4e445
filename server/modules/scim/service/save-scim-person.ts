/**
 * The write path shared by PUT and PATCH on /Users/{id} (RFC 7644 §3.5.1, §3.5.2), in one
 * transaction:
 *  1. bump the row's version first: the UPDATE row-locks the person, so concurrent writes to one
 *     person (Entra ID sends them in parallel) are applied one after another, never lost;
 *  2. check If-Match against the version before the bump (412 on a mismatch);
 *  3. compute the new fields (parse or patch), link a manager reference to a Person of the tenant;
 *  4. nothing changed → put version and lastModified back (the ETag stays valid); else write
 *     the columns and the email rows, and append the audit entry.
 * Any error rolls the whole thing back: bad input changes nothing.
 */
import { appendAudit } from "@/server/modules/audit/append-audit";
import { diffPersonRecords, type TScimChanges } from "../diff-person-records";
import { resolveManagerReference } from "../resolve-manager-reference";
import { ifMatchAllows } from "../scim-meta";
import { notFoundError } from "../scim-errors";
import type { TPersonFields, TPersonRecord } from "../scim-records";
import { PERSON_RECORD_INCLUDE, personColumns, toPersonRecord } from "./directory-records";
import { onPersonDeactivated } from "./on-person-deactivated";
import { recordScimEvent } from "./record-scim-event";
import { SCIM_TX_OPTIONS } from "./scim-service-context";
import type { TScimServiceContext, TScimTx } from "./scim-service-context";
import { preconditionFailed, toScimWriteError } from "./scim-write-errors";

function fieldsOf(record: TPersonRecord): TPersonFields {
  const { id: _i, createdAt: _c, updatedAt: _u, version: _v, ...fields } = record;
  return fields;
}

/** A manager value the IdP sent → the Person it names (by id, else by externalId), if any. */
export async function linkManager(tx: TScimTx, fields: TPersonFields): Promise<TPersonFields> {
  const ref = fields.managerExternalRef;
  if (!ref) return fields;
  const manager =
    (await tx.person.findFirst({ where: { id: ref, deletedAt: null }, select: { id: true } })) ??
    (await tx.person.findFirst({ where: { externalId: ref, deletedAt: null }, select: { id: true }, orderBy: { createdAt: "asc" } }));
  return resolveManagerReference({ fields, managerPersonId: manager?.id ?? null });
}

export async function saveScimPerson(opts: {
  ctx: TScimServiceContext;
  id: string;
  ifMatch?: string | null;
  compute: (current: TPersonRecord) => TPersonFields;
}): Promise<{ record: TPersonRecord; changes: TScimChanges }> {
  const { scope, requestId } = opts.ctx;
  let result: { record: TPersonRecord; changes: TScimChanges };
  try {
    result = await scope.db.$transaction(async (tx) => {
      const locked = await tx.person.updateMany({ where: { id: opts.id, deletedAt: null }, data: { version: { increment: 1 } } });
      if (locked.count === 0) throw notFoundError("User", opts.id);
      const row = await tx.person.findFirstOrThrow({ where: { id: opts.id }, include: PERSON_RECORD_INCLUDE });
      const current: TPersonRecord = { ...toPersonRecord(row), version: row.version - 1 };
      if (!ifMatchAllows({ ifMatch: opts.ifMatch, version: current.version })) throw preconditionFailed();

      const next = await linkManager(tx, opts.compute(current));
      const changes = diffPersonRecords({ before: fieldsOf(current), after: next });
      if (changes.changedFields.length === 0) {
        await tx.person.update({ where: { id: opts.id }, data: { version: current.version, updatedAt: current.updatedAt } });
        return { record: current, changes };
      }
      const saved = await tx.person.update({ where: { id: opts.id }, data: personColumns(next) });
      if (changes.changedFields.includes("emails")) {
        await tx.personEmail.deleteMany({ where: { personId: opts.id } });
        if (next.emails.length) {
          await tx.personEmail.createMany({ data: next.emails.map((e) => ({ tenantId: scope.tenantId, personId: opts.id, ...e })) });
        }
      }
      const action =
        changes.activeChanged === false ? "scim.user_deactivated" : changes.activeChanged === true ? "scim.user_reactivated" : "scim.user_updated";
      await appendAudit({
        db: tx,
        tenantId: scope.tenantId,
        actor: scope.actor,
        action,
        target: { type: "person", id: opts.id },
        summary: { requestId, userName: next.userName, changedFields: changes.changedFields },
      });
      return { record: { ...next, id: saved.id, createdAt: saved.createdAt, updatedAt: saved.updatedAt, version: saved.version }, changes };
    }, SCIM_TX_OPTIONS);
  } catch (error) {
    throw toScimWriteError(error, "userName");
  }
  if (result.changes.changedFields.length > 0) {
    // A reactivation is an update (active: true); the catalog has no separate type for it.
    const type = result.changes.activeChanged === false ? "scim.user_deactivated" : "scim.user_updated";
    await recordScimEvent({
      ctx: opts.ctx,
      change: { type, person: result.record, params: { changedFields: result.changes.changedFields, active: result.record.active, ...(result.changes.activeChanged === true ? { reactivated: true } : {}) } },
    });
  }
  // An inactive person's agents must be stopped: every write that leaves the person inactive converges on
  // that (a retried deactivation too). Reactivation deliberately restores nothing: an admin re-authorises.
  if (!result.record.active) {
    await onPersonDeactivated({ ctx: opts.ctx, personId: opts.id, reason: "Deactivated in the identity provider (SCIM)" });
  }
  return result;
}

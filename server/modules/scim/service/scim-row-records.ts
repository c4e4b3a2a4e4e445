/**
 * Rows of the raw-SQL read path (server/db/scim.ts) → the records and render inputs the Prisma path builds
 * (directory-records.ts), so both paths hand toScimUser / toScimGroup the same values.
 */
import type { TScimGroupRow, TScimPersonRow } from "@/server/db/scim";
import type { TGroupRecord, TPersonRecord } from "../scim-records";
import { toPersonRecord } from "./directory-records";
import { renderScimUsers } from "./render-scim-users";
import type { TScimServiceContext } from "./scim-service-context";

export function toGroupRecordFromRow(row: TScimGroupRow): TGroupRecord {
  return {
    id: row.id,
    externalId: row.externalId,
    displayName: row.displayName,
    mapping: row.mapping,
    members: (row.members ?? []).map((m) => ({ personId: m.personId, display: m.display })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** Person rows (with groups and manager names aggregated) → records and SCIM User resources, no further query. */
export async function renderPersonRows(opts: {
  ctx: TScimServiceContext;
  rows: TScimPersonRow[];
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}): Promise<{ records: TPersonRecord[]; resources: Awaited<ReturnType<typeof renderScimUsers>> }> {
  const records = opts.rows.map(toPersonRecord);
  const managerNames = new Map<string, string | null>();
  for (const row of opts.rows) if (row.managerId) managerNames.set(row.managerId, row.managerDisplayName);
  const resources = await renderScimUsers({
    db: opts.ctx.scope.db,
    people: records,
    groupsByPerson: new Map(opts.rows.map((r) => [r.id, r.groups])),
    managerNames,
    baseUrl: opts.ctx.baseUrl,
    attributes: opts.attributes,
    excludedAttributes: opts.excludedAttributes,
  });
  return { records, resources };
}

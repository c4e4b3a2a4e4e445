/** GET /Groups/{id} (RFC 7644 §3.4.1). */
import { findScimGroupById } from "@/server/db/scim";
import { notFoundError } from "../scim-errors";
import { toScimGroup } from "../to-scim-group";
import { GROUP_RECORD_INCLUDE, toGroupRecord } from "./directory-records";
import { wantsMembers } from "./list-scim-groups";
import type { TScimServiceContext } from "./scim-service-context";
import { toGroupRecordFromRow } from "./scim-row-records";

type TGetScimGroupOptions = {
  ctx: TScimServiceContext;
  id: string;
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
};

/** One raw SQL statement (server/db/scim.ts); members only when they will be returned. */
export async function getScimGroup(opts: TGetScimGroupOptions) {
  const row = await findScimGroupById({ tenantId: opts.ctx.scope.tenantId, id: opts.id, withMembers: wantsMembers(opts) });
  if (!row) throw notFoundError("Group", opts.id);
  const record = toGroupRecordFromRow(row);
  const resource = toScimGroup({ group: record, baseUrl: opts.ctx.baseUrl, attributes: opts.attributes, excludedAttributes: opts.excludedAttributes });
  return { record, resource };
}

/** The same read through Prisma (kept as the reference the raw SQL path is checked against). */
export async function getScimGroupWithPrisma(opts: TGetScimGroupOptions) {
  const include = wantsMembers(opts) ? GROUP_RECORD_INCLUDE : undefined;
  const row = await opts.ctx.scope.db.group.findFirst({ where: { id: opts.id }, include });
  if (!row) throw notFoundError("Group", opts.id);
  const record = toGroupRecord(row);
  const resource = toScimGroup({ group: record, baseUrl: opts.ctx.baseUrl, attributes: opts.attributes, excludedAttributes: opts.excludedAttributes });
  return { record, resource };
}

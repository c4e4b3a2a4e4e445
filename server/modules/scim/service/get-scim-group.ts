/** GET /Groups/{id} (RFC 7644 §3.4.1). */
import { notFoundError } from "../scim-errors";
import { toScimGroup } from "../to-scim-group";
import { GROUP_RECORD_INCLUDE, toGroupRecord } from "./directory-records";
import { wantsMembers } from "./list-scim-groups";
import type { TScimServiceContext } from "./scim-service-context";

export async function getScimGroup(opts: {
  ctx: TScimServiceContext;
  id: string;
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}) {
  const include = wantsMembers(opts) ? GROUP_RECORD_INCLUDE : undefined;
  const row = await opts.ctx.scope.db.group.findFirst({ where: { id: opts.id }, include });
  if (!row) throw notFoundError("Group", opts.id);
  const record = toGroupRecord(row);
  const resource = toScimGroup({ group: record, baseUrl: opts.ctx.baseUrl, attributes: opts.attributes, excludedAttributes: opts.excludedAttributes });
  return { record, resource };
}

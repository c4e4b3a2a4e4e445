/** PUT /Groups/{id} (RFC 7644 §3.5.1): an omitted `members` keeps the members, `members: []` empties the group. */
import { parseScimGroup } from "../parse-scim-group";
import { saveScimGroup } from "./save-scim-group";
import type { TScimServiceContext } from "./scim-service-context";

export function replaceScimGroup(opts: { ctx: TScimServiceContext; id: string; body: unknown; ifMatch?: string | null }) {
  return saveScimGroup({ ctx: opts.ctx, id: opts.id, ifMatch: opts.ifMatch, compute: (current) => parseScimGroup({ body: opts.body, current }) });
}

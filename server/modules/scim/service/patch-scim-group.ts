/** PATCH /Groups/{id} (RFC 7644 §3.5.2): renames and membership adds/removes, Okta and Entra ID forms (apply-scim-patch.ts). */
import { applyScimGroupPatch, parseScimPatchBody } from "../apply-scim-patch";
import { saveScimGroup } from "./save-scim-group";
import type { TScimServiceContext } from "./scim-service-context";

export function patchScimGroup(opts: { ctx: TScimServiceContext; id: string; body: unknown; ifMatch?: string | null }) {
  parseScimPatchBody({ body: opts.body });
  return saveScimGroup({
    ctx: opts.ctx,
    id: opts.id,
    ifMatch: opts.ifMatch,
    compute: (current) => {
      const { next } = applyScimGroupPatch({ group: current, body: opts.body });
      return { externalId: next.externalId, displayName: next.displayName, members: next.members };
    },
  });
}

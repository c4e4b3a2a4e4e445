/** PATCH /Users/{id} (RFC 7644 §3.5.2), Okta's path-less replace and Entra ID's forms included (apply-scim-patch.ts). */
import { applyScimUserPatch, parseScimPatchBody } from "../apply-scim-patch";
import { saveScimPerson } from "./save-scim-person";
import type { TScimServiceContext } from "./scim-service-context";

export function patchScimUser(opts: { ctx: TScimServiceContext; id: string; body: unknown; ifMatch?: string | null }) {
  parseScimPatchBody({ body: opts.body }); // a malformed PatchOp is refused before the row is locked
  return saveScimPerson({
    ctx: opts.ctx,
    id: opts.id,
    ifMatch: opts.ifMatch,
    compute: (current) => {
      const { next } = applyScimUserPatch({ person: current, body: opts.body });
      const { id: _i, createdAt: _c, updatedAt: _u, version: _v, ...fields } = next;
      return fields;
    },
  });
}

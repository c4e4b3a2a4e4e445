/** PUT /Users/{id} (RFC 7644 §3.5.1): the body replaces the person's attributes; an omitted `active` keeps its value. */
import { parseScimUser } from "../parse-scim-user";
import { saveScimPerson } from "./save-scim-person";
import type { TScimServiceContext } from "./scim-service-context";

export function replaceScimUser(opts: { ctx: TScimServiceContext; id: string; body: unknown; ifMatch?: string | null }) {
  return saveScimPerson({ ctx: opts.ctx, id: opts.id, ifMatch: opts.ifMatch, compute: (current) => parseScimUser({ body: opts.body, current }) });
}

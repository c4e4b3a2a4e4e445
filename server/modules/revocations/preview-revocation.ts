import type { TTenantScope } from "../tenant-scope";
import { resolveRevocationImpact } from "./resolve-revocation-impact";
import { ZRevocationScope, type TRevocationScope } from "./revocation-schemas";
import { AppError } from "@/server/errors";

/** What the button would do: identities (incl. delegated children), devices and people reached. Writes nothing. */
export async function previewRevocation(opts: { scope: TTenantScope; target: TRevocationScope }) {
  const parsed = ZRevocationScope.safeParse(opts.target);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "invalid scope");
  const impact = await resolveRevocationImpact({ db: opts.scope.db, target: parsed.data });
  return {
    scopeLabel: impact.scopeLabel,
    identities: impact.identities.length,
    delegatedChildren: impact.identities.filter((i) => i.depth > 0).length,
    devices: impact.devices.length,
    people: impact.people.length,
    matchesNothing: impact.identities.length === 0 && impact.devices.length === 0,
  };
}

/** Human labels for usage dimension keys: people by name, devices by hostname, identities as "<product> on <host>". */
import type { TUsageDimension } from "@/server/db/usage";
import type { TTenantDb } from "@/server/db";

export async function labelUsageKeys(opts: { db: TTenantDb; dimension: TUsageDimension; keys: Array<string | null> }): Promise<Map<string, string>> {
  const ids = [...new Set(opts.keys.filter((k): k is string => k !== null))];
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  if (opts.dimension === "personId") {
    const people = await opts.db.person.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true, userName: true } });
    for (const p of people) out.set(p.id, p.displayName ?? p.userName);
  } else if (opts.dimension === "deviceId") {
    const devices = await opts.db.device.findMany({ where: { id: { in: ids } }, select: { id: true, hostname: true } });
    for (const d of devices) out.set(d.id, d.hostname);
  } else if (opts.dimension === "identityId") {
    const identities = await opts.db.agentIdentity.findMany({
      where: { id: { in: ids } },
      select: { id: true, productSlug: true, device: { select: { hostname: true } }, person: { select: { displayName: true, userName: true } } },
    });
    for (const i of identities) out.set(i.id, `${i.productSlug} on ${i.device.hostname}${i.person ? ` (${i.person.displayName ?? i.person.userName})` : ""}`);
  }
  for (const id of ids) if (!out.has(id)) out.set(id, id);
  return out;
}

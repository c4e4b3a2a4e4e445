/**
 * Who pays for an agent's usage: the person's project and business unit come from their SCIM groups (Group.mapping
 * = project / business_unit; with several, the first by name, so the answer is stable), the environment from the
 * device's ring (dev, staging, prod).
 */
import type { TTenantDb } from "@/server/db";
import type { TAttribution } from "@/server/contracts/gateway-protocol";

type TDb = TTenantDb | Parameters<Parameters<TTenantDb["$transaction"]>[0]>[0];

export async function resolveAttribution(opts: { db: TDb; personIds: string[]; ring: string | null }): Promise<Map<string, TAttribution>> {
  const ids = [...new Set(opts.personIds)];
  const out = new Map<string, TAttribution>();
  if (ids.length === 0) return out;
  const memberships = await opts.db.groupMember.findMany({
    where: { personId: { in: ids }, group: { mapping: { in: ["business_unit", "project"] } } },
    select: { personId: true, group: { select: { displayName: true, mapping: true } } },
    orderBy: { group: { displayName: "asc" } },
  });
  for (const id of ids) out.set(id, opts.ring ? { environment: opts.ring } : {});
  for (const m of memberships) {
    const a = out.get(m.personId)!;
    if (m.group.mapping === "business_unit" && a.businessUnit === undefined) a.businessUnit = m.group.displayName;
    if (m.group.mapping === "project" && a.project === undefined) a.project = m.group.displayName;
  }
  return out;
}

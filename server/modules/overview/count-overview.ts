import type { TTenantScope } from "../tenant-scope";

/** Real counts for the Overview page; each capability adds its own as it lands. */
export async function countOverview(opts: { scope: TTenantScope }) {
  const { db } = opts.scope;
  const [members, apiKeys, auditEntries, people, devices, installations] = await Promise.all([
    db.member.count({ where: {} }),
    db.apiKey.count({ where: { revokedAt: null } }),
    db.auditEntry.count({ where: {} }),
    db.person.count({ where: { deletedAt: null } }),
    db.device.count({ where: { status: "active" } }),
    db.installation.count({ where: {} }),
  ]);
  return { members, apiKeys, auditEntries, people, devices, installations };
}

import type { TTenantScope } from "../tenant-scope";

export async function listMembers(opts: { scope: TTenantScope }) {
  const members = await opts.scope.db.member.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, role: true, createdAt: true, user: { select: { email: true, name: true } } },
  });
  return members.map((m) => ({ id: m.id, role: m.role, email: m.user.email, name: m.user.name, createdAt: m.createdAt }));
}

export async function listInvites(opts: { scope: TTenantScope }) {
  return opts.scope.db.invite.findMany({
    where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
  });
}

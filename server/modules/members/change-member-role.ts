import { AppError } from "@/server/errors";
import type { TRole } from "@/server/auth/roles";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";

type TTx = Parameters<Parameters<TTenantScope["db"]["$transaction"]>[0]>[0];

/** Row-locks the tenant so two concurrent owner changes cannot both see "another owner remains". */
async function lockTenant(tx: TTx, tenantId: string) {
  await tx.tenant.update({ where: { id: tenantId }, data: { auditSeq: { increment: 0 } } });
}

async function assertAnotherOwnerRemains(tx: TTx, memberId: string) {
  const owners = await tx.member.count({ where: { role: "owner", id: { not: memberId } } });
  if (owners === 0) throw new AppError("CONFLICT", "A tenant must keep at least one owner");
}

export async function changeMemberRole(opts: { scope: TTenantScope; memberId: string; role: TRole; actorRole: TRole }) {
  const { db, tenantId, actor } = opts.scope;
  return db.$transaction(async (tx) => {
    await lockTenant(tx, tenantId);
    const member = await tx.member.findFirst({ where: { id: opts.memberId }, include: { user: { select: { email: true } } } });
    if (!member) throw new AppError("NOT_FOUND", "Member not found");
    if ((member.role === "owner" || opts.role === "owner") && opts.actorRole !== "owner") {
      throw new AppError("FORBIDDEN", "Only an owner can grant or take away the owner role");
    }
    if (member.role === opts.role) return { id: member.id, role: member.role };
    if (member.role === "owner") await assertAnotherOwnerRemains(tx, member.id);
    const updated = await tx.member.update({ where: { id: member.id }, data: { role: opts.role } });
    await appendAudit({ db: tx, tenantId, actor, action: "member.role_changed", target: { type: "member", id: member.id }, summary: { email: member.user.email, before: member.role, after: opts.role } });
    return { id: updated.id, role: updated.role };
  });
}

export async function removeMember(opts: { scope: TTenantScope; memberId: string; actorRole: TRole }) {
  const { db, tenantId, actor } = opts.scope;
  return db.$transaction(async (tx) => {
    await lockTenant(tx, tenantId);
    const member = await tx.member.findFirst({ where: { id: opts.memberId }, include: { user: { select: { email: true } } } });
    if (!member) throw new AppError("NOT_FOUND", "Member not found");
    if (member.role === "owner") {
      if (opts.actorRole !== "owner") throw new AppError("FORBIDDEN", "Only an owner can remove an owner");
      await assertAnotherOwnerRemains(tx, member.id);
    }
    await tx.member.delete({ where: { id: member.id } });
    await appendAudit({ db: tx, tenantId, actor, action: "member.removed", target: { type: "member", id: member.id }, summary: { email: member.user.email, role: member.role } });
    return { id: member.id };
  });
}

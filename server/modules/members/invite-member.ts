import { AppError } from "@/server/errors";
import type { TRole } from "@/server/auth/roles";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";
import { newSecretToken } from "../secret-token";

const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Invites someone by email. No mail server is needed: the invite link (holding a one-time
 * secret; only its hash is stored) is returned once for the admin to pass on.
 */
export async function inviteMember(opts: { scope: TTenantScope; email: string; role: TRole; actorRole: TRole; publicUrl: string }) {
  const { db, tenantId, actor } = opts.scope;
  if (opts.role === "owner" && opts.actorRole !== "owner") throw new AppError("FORBIDDEN", "Only an owner can invite another owner");
  const email = opts.email.toLowerCase();
  const secret = newSecretToken("inv");
  return db.$transaction(async (tx) => {
    const existing = await tx.member.findFirst({ where: { user: { email } } });
    if (existing) throw new AppError("CONFLICT", `${email} is already a member`);
    // A newer invite replaces any pending one for the same address.
    await tx.invite.updateMany({ where: { email, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    const invite = await tx.invite.create({
      data: { tenantId, email, role: opts.role, tokenHash: secret.hash, expiresAt: new Date(Date.now() + INVITE_TTL_MS), createdById: actor.id },
    });
    await appendAudit({ db: tx, tenantId, actor, action: "member.invited", target: { type: "invite", id: invite.id }, summary: { email, role: opts.role } });
    return { id: invite.id, email, role: invite.role, expiresAt: invite.expiresAt, link: `${opts.publicUrl.replace(/\/$/, "")}/invite/${secret.token}` };
  });
}

export async function revokeInvite(opts: { scope: TTenantScope; id: string }) {
  const { db, tenantId, actor } = opts.scope;
  return db.$transaction(async (tx) => {
    const invite = await tx.invite.findFirst({ where: { id: opts.id, acceptedAt: null, revokedAt: null } });
    if (!invite) throw new AppError("NOT_FOUND", "Pending invite not found");
    await tx.invite.update({ where: { id: invite.id }, data: { revokedAt: new Date() } });
    await appendAudit({ db: tx, tenantId, actor, action: "member.invite_revoked", target: { type: "invite", id: invite.id }, summary: { email: invite.email } });
    return { id: invite.id };
  });
}

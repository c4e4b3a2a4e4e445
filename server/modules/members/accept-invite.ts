import { AppError } from "@/server/errors";
import { forTenant } from "@/server/db";
import { findInviteByTokenHash } from "@/server/db/accounts";
import { appendAudit } from "../audit/append-audit";
import { hashSecretToken } from "../secret-token";

/** Looks an invite up by the secret in its link; returns what the invite page shows. */
export async function describeInvite(opts: { token: string }) {
  const invite = await findInviteByTokenHash(hashSecretToken(opts.token));
  if (!invite || invite.revokedAt || invite.acceptedAt) throw new AppError("NOT_FOUND", "This invite link is not valid (it may have been used or revoked)");
  if (invite.expiresAt < new Date()) throw new AppError("NOT_FOUND", "This invite link has expired: ask for a new one");
  return { email: invite.email, role: invite.role, tenant: invite.tenant, id: invite.id };
}

/** The signed-in user (whose email must match the invite) joins the tenant. */
export async function acceptInvite(opts: { token: string; user: { id: string; email: string } }) {
  const invite = await describeInvite({ token: opts.token });
  if (invite.email !== opts.user.email.toLowerCase()) {
    throw new AppError("FORBIDDEN", `This invite is for ${invite.email}; you are signed in as ${opts.user.email}`);
  }
  const db = forTenant(invite.tenant.id);
  return db.$transaction(async (tx) => {
    const updated = await tx.invite.updateMany({ where: { id: invite.id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: new Date() } });
    if (updated.count !== 1) throw new AppError("CONFLICT", "This invite was used already");
    const existing = await tx.member.findFirst({ where: { userId: opts.user.id } });
    if (!existing) await tx.member.create({ data: { tenantId: invite.tenant.id, userId: opts.user.id, role: invite.role } });
    await appendAudit({
      db: tx,
      tenantId: invite.tenant.id,
      actor: { type: "member", id: opts.user.id, label: opts.user.email },
      action: "member.joined",
      target: { type: "invite", id: invite.id },
      summary: { email: invite.email, role: invite.role },
    });
    return { tenantSlug: invite.tenant.slug };
  });
}

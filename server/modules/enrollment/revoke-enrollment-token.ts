import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";

/** Revokes an enrollment token: it enrolls nothing more. Devices it already enrolled stay enrolled. */
export async function revokeEnrollmentToken(options: { scope: TTenantScope; id: string }) {
  const { db, tenantId, actor } = options.scope;
  return db.$transaction(async (tx) => {
    const token = await tx.enrollmentToken.findFirst({ where: { id: options.id }, select: { id: true, name: true, revokedAt: true } });
    if (!token) throw new AppError("NOT_FOUND", "Enrollment token not found");
    if (token.revokedAt) throw new AppError("CONFLICT", "This enrollment token is already revoked");
    const revokedAt = new Date();
    await tx.enrollmentToken.update({ where: { id: token.id }, data: { revokedAt } });
    await appendAudit({ db: tx, tenantId, actor, action: "enrollment_token.revoked", target: { type: "enrollment_token", id: token.id }, summary: { name: token.name } });
    return { id: token.id, revokedAt };
  });
}

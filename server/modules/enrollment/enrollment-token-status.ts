/** Why an enrollment token can or cannot be used right now. */
export type TEnrollmentTokenStatus = "active" | "revoked" | "expired" | "exhausted";

export function enrollmentTokenStatus(options: {
  token: { revokedAt: Date | null; expiresAt: Date; uses: number; maxUses: number };
  now?: Date;
}): TEnrollmentTokenStatus {
  const { token } = options;
  if (token.revokedAt) return "revoked";
  if (token.expiresAt.getTime() <= (options.now ?? new Date()).getTime()) return "expired";
  if (token.uses >= token.maxUses) return "exhausted";
  return "active";
}

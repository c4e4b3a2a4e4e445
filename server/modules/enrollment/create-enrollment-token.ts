import { z } from "zod";
import { AppError } from "@/server/errors";
import { ZRing } from "@/server/contracts/device";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";
import { newSecretToken } from "../secret-token";
import { buildEnrollCommand } from "./build-enroll-command";

export const ENROLLMENT_TOKEN_KIND = "met";
export const MAX_ENROLLMENT_TOKEN_USES = 100_000;
export const MAX_ENROLLMENT_TOKEN_HOURS = 24 * 90;

export const ZCreateEnrollmentTokenInput = z.object({
  name: z.string().trim().min(1, "Name is required").max(100),
  maxUses: z.number().int().min(1, "Max uses must be at least 1").max(MAX_ENROLLMENT_TOKEN_USES),
  expiresInHours: z.number().int().min(1, "Expiry must be at least 1 hour").max(MAX_ENROLLMENT_TOKEN_HOURS, "Expiry is at most 90 days"),
  ring: ZRing.default("prod"),
  ownerPersonId: z.string().min(1).max(64).nullish(),
});
export type TCreateEnrollmentTokenInput = z.input<typeof ZCreateEnrollmentTokenInput>;

/**
 * Creates an enrollment token. The token and its ready one-line command are returned once; only the token's
 * sha256 is stored.
 */
export async function createEnrollmentToken(options: { scope: TTenantScope; input: TCreateEnrollmentTokenInput; publicUrl: string }) {
  const input = ZCreateEnrollmentTokenInput.parse(options.input);
  const { db, tenantId, actor } = options.scope;
  if (input.ownerPersonId) {
    const owner = await db.person.findFirst({ where: { id: input.ownerPersonId, deletedAt: null }, select: { id: true } });
    if (!owner) throw new AppError("NOT_FOUND", "The owner person does not exist in this tenant");
  }
  const secret = newSecretToken(ENROLLMENT_TOKEN_KIND);
  const expiresAt = new Date(Date.now() + input.expiresInHours * 3600_000);
  return db.$transaction(async (tx) => {
    const row = await tx.enrollmentToken.create({
      data: {
        tenantId,
        name: input.name,
        tokenHash: secret.hash,
        prefix: secret.prefix,
        ring: input.ring,
        ownerPersonId: input.ownerPersonId ?? null,
        maxUses: input.maxUses,
        expiresAt,
        createdById: actor.id,
      },
    });
    await appendAudit({
      db: tx,
      tenantId,
      actor,
      action: "enrollment_token.created",
      target: { type: "enrollment_token", id: row.id },
      summary: { name: row.name, ring: row.ring, maxUses: row.maxUses, expiresAt: row.expiresAt.toISOString(), prefix: row.prefix },
    });
    return {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      ring: row.ring,
      ownerPersonId: row.ownerPersonId,
      maxUses: row.maxUses,
      expiresAt: row.expiresAt,
      createdAt: row.createdAt,
      token: secret.token,
      command: buildEnrollCommand({ publicUrl: options.publicUrl, token: secret.token }),
    };
  });
}

/**
 * Restore: the separate, explicit action that lifts a revocation. Identities it revoked go back to the status
 * they had (unless another active revocation still covers them), issuance is allowed again, and every device it
 * reached gets a `restore` command so the enroller unlocks the agent's credentials. Audited; emits
 * `revocation.restored`.
 */
import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { appendAudit } from "../audit/append-audit";
import { enqueueDeviceCommands } from "../commands/enqueue-device-commands";
import { publishDeviceCommands } from "../commands/publish-device-commands";
import { emitKillSwitchEvents } from "./emit-kill-switch-events";

export async function restoreRevocation(opts: { scope: TTenantScope; id: string; reason: string }) {
  const reason = opts.reason?.trim() ?? "";
  if (reason.length < 3 || reason.length > 500) throw new AppError("BAD_REQUEST", "Say why you restore (3 to 500 characters)");
  const { db, tenantId, actor } = opts.scope;
  const result = await db.$transaction(
    async (tx) => {
      await tx.tenant.update({ where: { id: tenantId }, data: { auditSeq: { increment: 0 } } });
      const r = await tx.revocation.findFirst({ where: { id: opts.id } });
      if (!r) throw new AppError("NOT_FOUND", "Revocation not found");
      if (r.status !== "active") throw new AppError("CONFLICT", "This revocation is already restored");
      const now = new Date();
      await tx.revocation.update({ where: { id: r.id }, data: { status: "restored", restoredAt: now, restoredBy: actor.label, restoreReason: reason } });
      const chain = await tx.revocationIdentity.findMany({ where: { revocationId: r.id } });
      // Identities another active revocation still covers stay revoked.
      const stillCovered = new Set(
        (
          await tx.revocationIdentity.findMany({
            where: { identityId: { in: chain.map((c) => c.identityId) }, revocation: { status: "active" } },
            select: { identityId: true },
          })
        ).map((c) => c.identityId),
      );
      const restorable = chain.filter((c) => !stillCovered.has(c.identityId) && c.previousStatus !== "revoked");
      for (const status of ["active", "suspended"] as const) {
        const ids = restorable.filter((c) => c.previousStatus === status).map((c) => c.identityId);
        if (ids.length) await tx.agentIdentity.updateMany({ where: { id: { in: ids } }, data: { status, revokedAt: null, statusReason: `restored: ${reason}` } });
      }
      const targets = await tx.revocationTarget.findMany({ where: { revocationId: r.id }, select: { deviceId: true } });
      const commands = await enqueueDeviceCommands({
        scope: opts.scope,
        tx,
        commands: targets.map((t) => ({ deviceId: t.deviceId, type: "restore", payload: { revocationId: r.id } })),
      });
      await appendAudit({ db: tx, tenantId, actor, action: "revocation.restored", target: { type: "revocation", id: r.id }, summary: { reason, identitiesRestored: restorable.length, devices: commands.length } });
      return { id: r.id, restoredAt: now, identitiesRestored: restorable.length, devicesNotified: commands.length, commands };
    },
    { timeout: 120_000, maxWait: 20_000 },
  );
  await publishDeviceCommands({ tenantId, commands: result.commands });
  await emitKillSwitchEvents({ events: [{ type: "revocation.restored", tenantId, at: result.restoredAt, revocationId: result.id, actor, outcome: "success", detail: { reason } }] });
  return { id: result.id, restoredAt: result.restoredAt, identitiesRestored: result.identitiesRestored, devicesNotified: result.devicesNotified };
}

/**
 * Moves a device's RevocationTarget along pending -> delivered -> stopped | failed when the device acknowledges
 * its `revoke` command. "stopped" needs proof: the enroller's scan before and after (pids running before, which
 * were terminated, a scan afterwards with none left). An ack of success without that proof is recorded as
 * failed, with why: the console shows that an agent stopped, never merely that a message was sent.
 * The writes are conditional updates (safe to run twice, batched with the command's own update).
 */
import { z } from "zod";
import type { TTenantDb } from "@/server/db";
import type { TKillSwitchEvent } from "./emit-kill-switch-events";

export const ZRevokeProof = z.looseObject({
  runningBefore: z.array(z.number().int()),
  terminated: z.array(z.number().int()),
  runningAfter: z.array(z.number().int()).max(0, "processes were still running after the stop"),
  checkedAt: z.iso.datetime({ offset: true }),
  credentialsDropped: z.number().int().nonnegative().optional(),
});
export type TRevokeProof = z.infer<typeof ZRevokeProof>;

export function judgeRevokeAck(opts: { status: "succeeded" | "failed"; detail: unknown }): { status: "stopped" | "failed"; failReason: string | null } {
  if (opts.status === "succeeded") {
    const proof = ZRevokeProof.safeParse(opts.detail);
    if (proof.success) return { status: "stopped", failReason: null };
    const i = proof.error.issues[0];
    return { status: "failed", failReason: `acknowledged without valid proof of stop (${i?.path.join(".")}: ${i?.message})` };
  }
  const reason = (opts.detail as { reason?: unknown } | null)?.reason;
  return { status: "failed", failReason: typeof reason === "string" && reason ? reason.slice(0, 500) : "the device reported a failure without a reason" };
}

export function revocationAckWrites(opts: {
  db: TTenantDb;
  tenantId: string;
  deviceId: string;
  commandId: string;
  status: "delivered" | "succeeded" | "failed";
  detail: unknown;
  now: Date;
}) {
  const { db, now } = opts;
  const where = { commandId: opts.commandId, deviceId: opts.deviceId };
  const verdict = opts.status === "delivered" ? null : judgeRevokeAck({ status: opts.status, detail: opts.detail });
  const writes = verdict
    ? [
        db.revocationTarget.updateMany({
          where: { ...where, status: { not: "stopped" } },
          data: { status: verdict.status, failReason: verdict.failReason, proof: (opts.detail ?? null) as object, completedAt: now },
        }),
        db.revocationTarget.updateMany({ where: { ...where, deliveredAt: null }, data: { deliveredAt: now } }),
      ]
    : [db.revocationTarget.updateMany({ where: { ...where, status: "pending" }, data: { status: "delivered", deliveredAt: now } })];
  /** Events for the writes that changed something (a repeated ack emits nothing). */
  const events = async (results: { count: number }[]): Promise<TKillSwitchEvent[]> => {
    if (!results[0] || results[0].count === 0) return [];
    const target = await db.revocationTarget.findFirst({ where, select: { revocationId: true } });
    if (!target) return [];
    const base = { tenantId: opts.tenantId, at: now, revocationId: target.revocationId, deviceId: opts.deviceId };
    if (!verdict) return [{ ...base, type: "revocation.delivered", outcome: "success" }];
    return [
      {
        ...base,
        type: verdict.status === "stopped" ? "revocation.stopped" : "revocation.failed",
        outcome: verdict.status === "stopped" ? "success" : "failure",
        detail: verdict.failReason ? { reason: verdict.failReason } : { proof: opts.detail },
      },
    ];
  };
  return { writes, events };
}

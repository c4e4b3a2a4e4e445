/**
 * Moves a device's RevocationTarget along pending -> delivered -> stopped | failed when the device acknowledges
 * its `revoke` command. "stopped" needs proof: the enroller's scan before and after (pids running before, which
 * were terminated, a scan afterwards with none left). An ack of success without that proof is recorded as
 * failed, with why: the console shows that an agent stopped, never merely that a message was sent.
 */
import { z } from "zod";
import type { TTenantDb } from "@/server/db";
import type { TKillSwitchEvent } from "./emit-kill-switch-events";

type TTx = Parameters<Parameters<TTenantDb["$transaction"]>[0]>[0];

export const ZRevokeProof = z.looseObject({
  runningBefore: z.array(z.number().int()),
  terminated: z.array(z.number().int()),
  runningAfter: z.array(z.number().int()).max(0, "processes were still running after the stop"),
  checkedAt: z.iso.datetime({ offset: true }),
  credentialsDropped: z.number().int().nonnegative().optional(),
});
export type TRevokeProof = z.infer<typeof ZRevokeProof>;

export async function recordRevocationAck(opts: {
  tx: TTx;
  tenantId: string;
  deviceId: string;
  commandId: string;
  status: "delivered" | "succeeded" | "failed";
  detail: unknown;
}): Promise<TKillSwitchEvent[]> {
  const { tx } = opts;
  const target = await tx.revocationTarget.findUnique({ where: { commandId: opts.commandId } });
  if (!target || target.deviceId !== opts.deviceId) return [];
  const now = new Date();
  const base = { tenantId: opts.tenantId, at: now, revocationId: target.revocationId, deviceId: opts.deviceId };
  if (opts.status === "delivered") {
    if (target.status !== "pending") return [];
    await tx.revocationTarget.update({ where: { id: target.id }, data: { status: "delivered", deliveredAt: now } });
    return [{ ...base, type: "revocation.delivered", outcome: "success" }];
  }
  if (target.status === "stopped") return []; // proof already recorded; a re-delivery cannot undo it
  let status: "stopped" | "failed";
  let failReason: string | null = null;
  if (opts.status === "succeeded") {
    const proof = ZRevokeProof.safeParse(opts.detail);
    status = proof.success ? "stopped" : "failed";
    if (!proof.success) failReason = `acknowledged without valid proof of stop (${proof.error.issues[0]?.path.join(".")}: ${proof.error.issues[0]?.message})`;
  } else {
    status = "failed";
    const reason = (opts.detail as { reason?: unknown } | null)?.reason;
    failReason = typeof reason === "string" && reason ? reason.slice(0, 500) : "the device reported a failure without a reason";
  }
  await tx.revocationTarget.update({
    where: { id: target.id },
    data: { status, failReason, proof: (opts.detail ?? null) as object, completedAt: now, deliveredAt: target.deliveredAt ?? now },
  });
  return [{ ...base, type: status === "stopped" ? "revocation.stopped" : "revocation.failed", outcome: status === "stopped" ? "success" : "failure", detail: failReason ? { reason: failReason } : { proof: opts.detail } }];
}

/**
 * A device's acknowledgement of one command: `delivered` when it got it, then `succeeded` or `failed` with detail
 * (for `revoke`: the proof of stop). Refused with 404 for a command this device does not have (another device's,
 * or made up) and 409 for one never sent to it. Idempotent under at-least-once delivery: repeating an ack, or a
 * late `delivered` after the outcome, changes nothing; a final `succeeded` is never overwritten.
 *
 * Hot path (every device acks at once after a tenant-wide revocation): one read, then conditional updates sent as
 * one batch transaction; the conditions (`status` in the WHERE) make concurrent duplicates harmless.
 */
import { AppError } from "@/server/errors";
import type { TCommandAckStatus } from "@/server/contracts/device";
import type { TTenantScope } from "../tenant-scope";
import { recordDeliveredAck } from "@/server/db/identities";
import { emitKillSwitchEvents, hasKillSwitchEventSinks } from "../revocations/emit-kill-switch-events";
import { revocationAckWrites } from "../revocations/record-revocation-ack";

const MAX_DETAIL_BYTES = 64 * 1024;

export async function ackDeviceCommand(opts: { scope: TTenantScope; deviceId: string; commandId: string; status: TCommandAckStatus; detail?: unknown }) {
  const { db, tenantId } = opts.scope;
  if (opts.detail !== undefined && JSON.stringify(opts.detail).length > MAX_DETAIL_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", `ack detail is over ${MAX_DETAIL_BYTES} bytes`);
  }
  if (opts.status === "delivered") {
    const fast = await recordDeliveredAck({ tenantId, deviceId: opts.deviceId, commandId: opts.commandId, at: new Date() });
    if (fast) {
      if (fast.revocationId && hasKillSwitchEventSinks()) {
        await emitKillSwitchEvents({ events: [{ type: "revocation.delivered", tenantId, at: new Date(), revocationId: fast.revocationId, deviceId: opts.deviceId, outcome: "success" }] });
      }
      return { id: opts.commandId };
    }
  }
  const command = await db.deviceCommand.findFirst({ where: { id: opts.commandId, deviceId: opts.deviceId }, select: { id: true, type: true, status: true, sentAt: true } });
  if (!command) throw new AppError("NOT_FOUND", `this device has no command ${opts.commandId}`);
  if (!command.sentAt) throw new AppError("CONFLICT", `command ${opts.commandId} was never sent to this device; it cannot be acknowledged yet`);
  if (command.status === "succeeded") return { id: command.id }; // final, with its proof: nothing to change
  if (opts.status === "delivered" && command.status !== "pending") return { id: command.id };
  const now = new Date();
  const commandWrite =
    opts.status === "delivered"
      ? db.deviceCommand.updateMany({ where: { id: command.id, status: "pending" }, data: { status: "delivered", deliveredAt: now } })
      : db.deviceCommand.updateMany({
          where: { id: command.id, status: { not: "succeeded" } },
          data: { status: opts.status, detail: (opts.detail ?? null) as object, completedAt: now },
        });
  const revocation = command.type === "revoke" ? revocationAckWrites({ db, tenantId, deviceId: opts.deviceId, commandId: command.id, status: opts.status, detail: opts.detail, now }) : null;
  const results = await db.$transaction([commandWrite, ...(revocation?.writes ?? [])]);
  if (opts.status !== "delivered") {
    // deliveredAt for a command whose delivery ack never came (or came second).
    await db.deviceCommand.updateMany({ where: { id: command.id, deliveredAt: null }, data: { deliveredAt: now } });
  }
  if (revocation && hasKillSwitchEventSinks()) await emitKillSwitchEvents({ events: await revocation.events(results.slice(1) as { count: number }[]) });
  return { id: command.id };
}

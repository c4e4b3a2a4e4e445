/**
 * A device's acknowledgement of one command: `delivered` when it got it, then `succeeded` or `failed` with detail
 * (for `revoke`: the proof of stop). Refused with 404 for a command this device does not have (another device's,
 * or made up) and 409 for one never sent to it. Idempotent under at-least-once delivery: repeating an ack, or a
 * late `delivered` after the outcome, changes nothing; a final `succeeded` is never overwritten.
 */
import { AppError } from "@/server/errors";
import type { TCommandAckStatus } from "@/server/contracts/device";
import type { TTenantScope } from "../tenant-scope";
import { emitKillSwitchEvents } from "../revocations/emit-kill-switch-events";
import { recordRevocationAck } from "../revocations/record-revocation-ack";

const MAX_DETAIL_BYTES = 64 * 1024;

export async function ackDeviceCommand(opts: { scope: TTenantScope; deviceId: string; commandId: string; status: TCommandAckStatus; detail?: unknown }) {
  const { db, tenantId } = opts.scope;
  if (opts.detail !== undefined && JSON.stringify(opts.detail).length > MAX_DETAIL_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", `ack detail is over ${MAX_DETAIL_BYTES} bytes`);
  }
  const { events, command } = await db.$transaction(async (tx) => {
    const command = await tx.deviceCommand.findFirst({ where: { id: opts.commandId, deviceId: opts.deviceId } });
    if (!command) throw new AppError("NOT_FOUND", `this device has no command ${opts.commandId}`);
    if (!command.sentAt) throw new AppError("CONFLICT", `command ${opts.commandId} was never sent to this device; it cannot be acknowledged yet`);
    const now = new Date();
    const final = command.status === "succeeded" || command.status === "failed";
    if (opts.status === "delivered") {
      if (command.status === "pending") await tx.deviceCommand.update({ where: { id: command.id }, data: { status: "delivered", deliveredAt: now } });
    } else if (command.status !== "succeeded") {
      await tx.deviceCommand.update({
        where: { id: command.id },
        data: { status: opts.status, detail: (opts.detail ?? null) as object, completedAt: now, deliveredAt: command.deliveredAt ?? now },
      });
    }
    const events =
      command.type === "revoke" && !(final && opts.status === "delivered")
        ? await recordRevocationAck({ tx, tenantId, deviceId: opts.deviceId, commandId: command.id, status: opts.status, detail: opts.detail })
        : [];
    return { events, command };
  });
  await emitKillSwitchEvents({ events });
  return { id: command.id };
}

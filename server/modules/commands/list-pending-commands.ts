/**
 * The commands a device still has to run (pending, or delivered but not finished: a device that restarted
 * mid-command runs it again; handling is idempotent per id). Marks them as sent, so their acks are accepted.
 * Used by check-in and when a command stream connects.
 */
import type { TDeviceCommand } from "@/server/contracts/device";
import type { TTenantScope } from "../tenant-scope";
import { toWireCommand } from "./to-wire-command";

export const OPEN_COMMAND_STATUSES = ["pending", "delivered"];

export async function listPendingCommands(opts: { scope: TTenantScope; deviceId: string; limit?: number }): Promise<TDeviceCommand[]> {
  const rows = await opts.scope.db.deviceCommand.findMany({
    where: { deviceId: opts.deviceId, status: { in: OPEN_COMMAND_STATUSES } },
    orderBy: { createdAt: "asc" },
    take: opts.limit ?? 100,
    select: { id: true, type: true, payload: true, createdAt: true },
  });
  if (rows.length > 0) await markCommandsSent({ scope: opts.scope, ids: rows.map((r) => r.id) });
  return rows.map(toWireCommand);
}

export async function markCommandsSent(opts: { scope: TTenantScope; ids: string[] }): Promise<void> {
  if (opts.ids.length === 0) return;
  await opts.scope.db.deviceCommand.updateMany({ where: { id: { in: opts.ids } }, data: { sentAt: new Date(), attempts: { increment: 1 } } });
}

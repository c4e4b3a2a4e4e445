/**
 * Stores commands for devices (one row each) and, after the commit, fans them out to connected devices.
 * With `tx` the rows join the caller's transaction and the caller publishes after its commit:
 *   const queued = await db.$transaction((tx) => enqueueDeviceCommands({ scope, tx, commands }));
 *   await publishDeviceCommands({ tenantId: scope.tenantId, commands: queued });
 * (Forgetting to publish only delays delivery to the sweeper's next pass, a few seconds.)
 */
import { z } from "zod";
import { AppError } from "@/server/errors";
import type { TTenantDb } from "@/server/db";
import type { TTenantScope } from "../tenant-scope";
import { publishDeviceCommands } from "./publish-device-commands";

type TTx = Parameters<Parameters<TTenantDb["$transaction"]>[0]>[0];

export const ZEnqueueCommand = z.object({
  deviceId: z.string().min(1).max(64),
  type: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, "command type: lower-case words joined by -"),
  payload: z.record(z.string(), z.unknown()).default({}),
});
export type TEnqueueCommand = z.input<typeof ZEnqueueCommand>;

export type TQueuedCommand = { id: string; deviceId: string; type: string; payload: unknown; createdAt: Date };

const MAX_PAYLOAD_BYTES = 16_000;
const CHUNK = 2000;

export async function enqueueDeviceCommands(opts: { scope: TTenantScope; commands: TEnqueueCommand[]; tx?: TTx }): Promise<TQueuedCommand[]> {
  const parsed = z.array(ZEnqueueCommand).safeParse(opts.commands);
  if (!parsed.success) throw new AppError("BAD_REQUEST", `invalid command: ${parsed.error.issues[0]?.message}`);
  const commands = parsed.data;
  if (commands.length === 0) return [];
  for (const c of commands) {
    if (JSON.stringify(c.payload).length > MAX_PAYLOAD_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", `command payload is over ${MAX_PAYLOAD_BYTES} bytes`);
  }
  const insert = async (tx: TTx) => {
    const deviceIds = [...new Set(commands.map((c) => c.deviceId))];
    const known = new Set<string>();
    // Chunked: PostgreSQL takes at most 65,535 bind parameters per statement.
    for (let i = 0; i < deviceIds.length; i += CHUNK) {
      const found = await tx.device.findMany({ where: { id: { in: deviceIds.slice(i, i + CHUNK) } }, select: { id: true } });
      for (const d of found) known.add(d.id);
    }
    const missing = deviceIds.find((d) => !known.has(d));
    if (missing) throw new AppError("NOT_FOUND", `device not found: ${missing}`);
    const rows: TQueuedCommand[] = [];
    for (let i = 0; i < commands.length; i += CHUNK) {
      rows.push(
        ...(await tx.deviceCommand.createManyAndReturn({
          data: commands.slice(i, i + CHUNK).map((c) => ({ tenantId: opts.scope.tenantId, deviceId: c.deviceId, type: c.type, payload: c.payload as object })),
          select: { id: true, deviceId: true, type: true, payload: true, createdAt: true },
        })),
      );
    }
    return rows;
  };
  if (opts.tx) return insert(opts.tx);
  const rows = await opts.scope.db.$transaction(insert);
  await publishDeviceCommands({ tenantId: opts.scope.tenantId, commands: rows });
  return rows;
}

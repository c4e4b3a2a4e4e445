import { commandBus } from "@/server/realtime/command-bus";

/**
 * Tells every console node that commands were committed, so the node holding each device's stream sends them at
 * once. Call after the commit. Failure is logged, not thrown: the rows are the truth, and every node's sweeper
 * re-sends pending commands to the devices it holds (device-streams.ts), and offline devices get them at check-in.
 */
export async function publishDeviceCommands(opts: { tenantId: string; commands: { id: string; deviceId: string }[] }): Promise<void> {
  try {
    await commandBus().publish({ tenantId: opts.tenantId, commands: opts.commands.map((c) => ({ id: c.id, deviceId: c.deviceId })) });
  } catch (err) {
    console.error(`[commands] NOTIFY failed (${(err as Error).message}); the sweeper will re-send`);
  }
}

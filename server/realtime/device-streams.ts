/**
 * The devices this process holds a command stream for, and the delivery of commands to them.
 *
 * - A notice from the command bus (any node's commit) names (device, command) pairs: the devices held here get
 *   their rows loaded (still open ones only), marked sent, and written to their stream at once.
 * - A device that connects first registers, then gets every open command (so nothing committed in between is
 *   missed; a duplicate is harmless, the device handles each id once).
 * - A sweeper re-sends, every few seconds, commands never sent to a held device (a node crashed between commit and
 *   NOTIFY, or the LISTEN connection was down): nothing is lost if a server restarts mid-fan-out.
 */
import { claimCommandsForSend } from "@/server/db/identities";
import type { TDeviceCommand } from "@/server/contracts/device";
import { toWireCommand } from "@/server/modules/commands/to-wire-command";
import { commandBus, type CommandBus, type TCommandNotice } from "./command-bus";

export type TStreamSink = { tenantId: string; send: (commands: TDeviceCommand[]) => void };

const SWEEP_INTERVAL_MS = Number(process.env.MARSHAL_COMMAND_SWEEP_MS ?? 5000);
const SWEEP_MIN_AGE_MS = 1500;
const MAX_IDS_PER_QUERY = 2000;

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class DeviceStreamHub {
  private readonly sinks = new Map<string, Set<TStreamSink>>();
  private unsubscribe: (() => void) | null = null;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly bus: CommandBus) {}

  get connectedDevices(): number {
    return this.sinks.size;
  }

  /** Resolves when the bus LISTENs (so a command committed after this reaches the device at once). */
  async register(opts: { deviceId: string; sink: TStreamSink }): Promise<() => void> {
    this.start();
    let set = this.sinks.get(opts.deviceId);
    if (!set) this.sinks.set(opts.deviceId, (set = new Set()));
    set.add(opts.sink);
    await this.bus.ready();
    return () => {
      const s = this.sinks.get(opts.deviceId);
      s?.delete(opts.sink);
      if (s && s.size === 0) this.sinks.delete(opts.deviceId);
    };
  }

  isHeld(deviceId: string): boolean {
    return this.sinks.has(deviceId);
  }

  private start() {
    if (this.unsubscribe) return;
    this.unsubscribe = this.bus.subscribe((notice) => void this.onNotice(notice).catch((err) => console.error("[device-streams] delivery failed", err)));
    this.bus.onReconnect(() => void this.sweep({ minAgeMs: 0 }).catch(() => {}));
    this.sweeper = setInterval(() => void this.sweep({ minAgeMs: SWEEP_MIN_AGE_MS }).catch((err) => console.error("[device-streams] sweep failed", err)), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  private async onNotice(notice: TCommandNotice) {
    const ids = notice.commands.filter((c) => this.sinks.has(c.deviceId)).map((c) => c.id);
    if (ids.length === 0) return;
    await this.deliver({ tenantId: notice.tenantId, ids });
  }

  /** Claims open commands (marked sent in the same statement), writes each to its device's stream(s). */
  private async deliver(opts: { tenantId: string; ids?: string[]; deviceIds?: string[]; olderThan?: Date }) {
    const rows = (await claimCommandsForSend(opts)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const byDevice = new Map<string, TDeviceCommand[]>();
    for (const r of rows) byDevice.set(r.deviceId, [...(byDevice.get(r.deviceId) ?? []), toWireCommand(r)]);
    for (const [deviceId, commands] of byDevice) {
      for (const sink of this.sinks.get(deviceId) ?? []) {
        if (sink.tenantId !== opts.tenantId) continue;
        try {
          sink.send(commands);
        } catch {
          /* the stream closed; the command stays open and is re-sent when the device is back */
        }
      }
    }
  }

  /** Re-sends commands never sent to the devices held here. */
  async sweep(opts: { minAgeMs: number }): Promise<void> {
    const byTenant = new Map<string, string[]>();
    for (const [deviceId, set] of this.sinks) {
      const tenantId = set.values().next().value?.tenantId;
      if (tenantId) byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), deviceId]);
    }
    const olderThan = new Date(Date.now() - opts.minAgeMs);
    for (const [tenantId, deviceIds] of byTenant) {
      for (const part of chunk(deviceIds, MAX_IDS_PER_QUERY)) {
        await this.deliver({ tenantId, deviceIds: part, olderThan });
      }
    }
  }

  close() {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }
}

const globalHub = globalThis as unknown as { __marshalDeviceStreams?: DeviceStreamHub };

export function deviceStreamHub(): DeviceStreamHub {
  globalHub.__marshalDeviceStreams ??= new DeviceStreamHub(commandBus());
  return globalHub.__marshalDeviceStreams;
}

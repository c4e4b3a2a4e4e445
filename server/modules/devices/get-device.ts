import { AppError } from "@/server/errors";
import type { TMcpServer } from "@/server/contracts/inventory";
import type { TTenantScope } from "../tenant-scope";
import { queryEvents } from "../events/query-events";

/** One device with its owner, agents (version, hash, running, MCP servers) and its timeline. */
export async function getDevice(options: { scope: TTenantScope; id: string; timelineLimit?: number }) {
  const { db } = options.scope;
  const device = await db.device.findFirst({
    where: { id: options.id },
    select: {
      id: true,
      machineId: true,
      hostname: true,
      os: true,
      osVersion: true,
      arch: true,
      username: true,
      ring: true,
      status: true,
      enrollerVersion: true,
      enrolledAt: true,
      lastCheckinAt: true,
      lastInventoryAt: true,
      owner: { select: { id: true, userName: true, displayName: true } },
      installations: {
        orderBy: [{ productSlug: "asc" }, { installPath: "asc" }],
        select: {
          id: true,
          productSlug: true,
          displayName: true,
          version: true,
          installPath: true,
          entryFile: true,
          sha256: true,
          installMethod: true,
          running: true,
          pids: true,
          mcpServers: true,
          configPaths: true,
          firstSeenAt: true,
          lastSeenAt: true,
        },
      },
    },
  });
  if (!device) throw new AppError("NOT_FOUND", "Device not found");
  const audit = await db.auditEntry.findMany({
    where: { targetType: "device", targetId: device.id },
    orderBy: { seq: "desc" },
    take: options.timelineLimit ?? 50,
    select: { at: true, action: true, actorLabel: true, summary: true },
  });
  const events = await queryEvents({
    scope: options.scope,
    filter: { deviceId: device.id, from: new Date(Date.now() - 30 * 86_400_000).toISOString() },
    limit: options.timelineLimit ?? 50,
  }).catch((error: unknown) => {
    console.error("[devices] device timeline: events unavailable", error);
    return { events: [] };
  });
  const timeline = [
    ...audit.map((a) => ({ at: a.at, kind: "audit" as const, title: a.action, detail: a.actorLabel })),
    ...events.events.map((e) => ({
      at: new Date(e.time),
      kind: "event" as const,
      title: e.type,
      detail: [e.actor.productSlug && `${e.actor.productSlug}${e.actor.productVersion ? ` ${e.actor.productVersion}` : ""}`, e.intent, e.target, e.outcome !== "unknown" ? e.outcome : null].filter(Boolean).join(" · "),
    })),
    // Devices enrolled before the event pipeline existed: their agents' first sightings, from the inventory.
    ...(events.events.some((e) => e.type === "discovery.agent_found")
      ? []
      : device.installations.map((i) => ({ at: i.firstSeenAt, kind: "discovery" as const, title: `${i.displayName}${i.version ? ` ${i.version}` : ""} found`, detail: i.installPath }))),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());
  return {
    ...device,
    installations: device.installations.map((i) => ({ ...i, mcpServers: (i.mcpServers ?? []) as TMcpServer[] })),
    timeline,
  };
}

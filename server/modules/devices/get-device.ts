import { AppError } from "@/server/errors";
import type { TMcpServer } from "@/server/contracts/inventory";
import type { TTenantScope } from "../tenant-scope";

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
  const timeline = [
    ...audit.map((a) => ({ at: a.at, kind: "audit" as const, title: a.action, detail: a.actorLabel })),
    ...device.installations.map((i) => ({ at: i.firstSeenAt, kind: "discovery" as const, title: `${i.displayName}${i.version ? ` ${i.version}` : ""} found`, detail: i.installPath })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());
  return {
    ...device,
    installations: device.installations.map((i) => ({ ...i, mcpServers: (i.mcpServers ?? []) as TMcpServer[] })),
    timeline,
  };
}

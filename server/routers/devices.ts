/**
 * The estate: devices, their agent installations, enrollment tokens. Thin: input schema, call a module.
 * REST: /api/v1/devices, /devices/{id}, /devices/{id}/unenroll, /installations, /agents, /estate/summary,
 * /enrollment-tokens (+ /{id}).
 */
import { z } from "zod";
import { adminProcedure, router, tenantProcedure } from "@/server/trpc/init";
import { env } from "@/server/env";
import { ZRing } from "@/server/contracts/device";
import { listDevices, ZListDevicesInput } from "@/server/modules/devices/list-devices";
import { getDevice } from "@/server/modules/devices/get-device";
import { listInstallations, ZListInstallationsInput } from "@/server/modules/devices/list-installations";
import { summarizeAgents } from "@/server/modules/devices/summarize-agents";
import { summarizeEstate } from "@/server/modules/devices/summarize-estate";
import { unenrollDevice } from "@/server/modules/devices/unenroll-device";
import { createEnrollmentToken, ZCreateEnrollmentTokenInput } from "@/server/modules/enrollment/create-enrollment-token";
import { listEnrollmentTokens } from "@/server/modules/enrollment/list-enrollment-tokens";
import { revokeEnrollmentToken } from "@/server/modules/enrollment/revoke-enrollment-token";


/** One page of a server-side paged list (devices, installations). */
const ZPaged = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });
const ZPersonRef = z.object({ id: z.string(), userName: z.string(), displayName: z.string().nullable() }).nullable();

const ZDeviceRow = z.object({
  id: z.string(),
  hostname: z.string(),
  os: z.string(),
  osVersion: z.string(),
  arch: z.string(),
  username: z.string(),
  ring: ZRing,
  status: z.string(),
  enrolledAt: z.date(),
  lastCheckinAt: z.date().nullable(),
  enrollerVersion: z.string(),
  owner: ZPersonRef,
  agentCount: z.number(),
});

const ZMcpServerOut = z.object({
  name: z.string(),
  transport: z.string(),
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  url: z.string().optional(),
  source: z.string(),
});

const ZInstallationOut = z.object({
  id: z.string(),
  productSlug: z.string(),
  displayName: z.string(),
  version: z.string().nullable(),
  installPath: z.string(),
  entryFile: z.string().nullable(),
  sha256: z.string().nullable(),
  installMethod: z.string(),
  running: z.boolean(),
  pids: z.array(z.number()),
  mcpServers: z.array(ZMcpServerOut),
  configPaths: z.array(z.string()),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
});

const ZDeviceDetail = z.object({
  id: z.string(),
  machineId: z.string(),
  hostname: z.string(),
  os: z.string(),
  osVersion: z.string(),
  arch: z.string(),
  username: z.string(),
  ring: ZRing,
  status: z.string(),
  enrollerVersion: z.string(),
  enrolledAt: z.date(),
  lastCheckinAt: z.date().nullable(),
  lastInventoryAt: z.date().nullable(),
  owner: ZPersonRef,
  installations: z.array(ZInstallationOut),
  timeline: z.array(z.object({ at: z.date(), kind: z.enum(["audit", "event", "discovery"]), title: z.string(), detail: z.string() })),
});

const ZEstateInstallation = z.object({
  id: z.string(),
  productSlug: z.string(),
  displayName: z.string(),
  version: z.string().nullable(),
  installPath: z.string(),
  sha256: z.string().nullable(),
  installMethod: z.string(),
  running: z.boolean(),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  device: z.object({ id: z.string(), hostname: z.string(), ring: ZRing }),
});

const ZAgentGroup = z.object({
  productSlug: z.string(),
  displayName: z.string(),
  vendor: z.string().nullable(),
  installations: z.number(),
  running: z.number(),
  versions: z.array(z.object({ version: z.string().nullable(), installations: z.number(), running: z.number(), lastSeenAt: z.date().nullable() })),
});

const ZTokenStatus = z.enum(["active", "revoked", "expired", "exhausted"]);
const ZEnrollmentTokenRow = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  ring: ZRing,
  ownerPersonId: z.string().nullable(),
  maxUses: z.number(),
  uses: z.number(),
  expiresAt: z.date(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
  status: ZTokenStatus,
});

const ZId = z.object({ id: z.string().min(1).max(64) });

const enrollmentTokensRouter = router({
  list: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/enrollment-tokens", protect: true, tags: ["devices"], summary: "List enrollment tokens (never the tokens themselves)" } })
    .output(z.array(ZEnrollmentTokenRow))
    .query(({ ctx }) => listEnrollmentTokens({ scope: ctx.scope })),

  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/enrollment-tokens", protect: true, tags: ["devices"], summary: "Create an enrollment token; the token and its one-line enroll command are returned once" } })
    .input(ZCreateEnrollmentTokenInput)
    .output(
      z.object({
        id: z.string(),
        name: z.string(),
        prefix: z.string(),
        ring: ZRing,
        ownerPersonId: z.string().nullable(),
        maxUses: z.number(),
        expiresAt: z.date(),
        createdAt: z.date(),
        token: z.string(),
        command: z.string(),
      }),
    )
    .mutation(({ ctx, input }) => createEnrollmentToken({ scope: ctx.scope, input, publicUrl: env().MARSHAL_PUBLIC_URL })),

  revoke: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/enrollment-tokens/{id}", protect: true, tags: ["devices"], summary: "Revoke an enrollment token (devices it enrolled stay enrolled)" } })
    .input(ZId)
    .output(z.object({ id: z.string(), revokedAt: z.date() }))
    .mutation(({ ctx, input }) => revokeEnrollmentToken({ scope: ctx.scope, id: input.id })),
});

export const devicesRouter = router({
  list: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/devices", protect: true, tags: ["devices"], summary: "List devices (paged, sortable, filterable, searchable)" } })
    .input(ZListDevicesInput)
    .output(ZPaged(ZDeviceRow))
    .query(({ ctx, input }) => listDevices({ scope: ctx.scope, input })),

  get: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/devices/{id}", protect: true, tags: ["devices"], summary: "One device: owner, ring, OS, agents with versions and hashes, MCP servers, timeline" } })
    .input(ZId)
    .output(ZDeviceDetail)
    .query(({ ctx, input }) => getDevice({ scope: ctx.scope, id: input.id })),

  unenroll: adminProcedure
    .meta({ openapi: { method: "POST", path: "/devices/{id}/unenroll", protect: true, tags: ["devices"], summary: "Unenroll a device: its key is removed and its requests are refused" } })
    .input(ZId)
    .output(z.object({ id: z.string(), status: z.literal("unenrolled") }))
    .mutation(({ ctx, input }) => unenrollDevice({ scope: ctx.scope, deviceId: input.id, reason: "admin" })),

  installations: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/installations", protect: true, tags: ["devices"], summary: "Agent installations across the estate (paged)" } })
    .input(ZListInstallationsInput)
    .output(ZPaged(ZEstateInstallation))
    .query(({ ctx, input }) => listInstallations({ scope: ctx.scope, input })),

  agents: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/agents", protect: true, tags: ["devices"], summary: "Installations grouped by agent product and version" } })
    .output(z.array(ZAgentGroup))
    .query(({ ctx }) => summarizeAgents({ scope: ctx.scope })),

  estate: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/estate/summary", protect: true, tags: ["devices"], summary: "Agents by product, devices by ring, new agents per day" } })
    .input(z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }))
    .output(
      z.object({
        agentsByProduct: z.array(z.object({ productSlug: z.string(), displayName: z.string(), count: z.number() })),
        devicesByRing: z.array(z.object({ ring: ZRing, count: z.number() })),
        newAgentsPerDay: z.array(z.object({ day: z.string(), count: z.number() })),
      }),
    )
    .query(({ ctx, input }) => summarizeEstate({ scope: ctx.scope, days: input.days })),

  enrollmentTokens: enrollmentTokensRouter,
});

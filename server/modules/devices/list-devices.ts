/**
 * The devices page query: server-side paging, sorting, filtering and search, kept index-backed at 100,000
 * devices per tenant (Device indexes on (tenantId, hostname|lastCheckinAt|enrolledAt|ring|os|status) and
 * trigram GIN indexes for substring search on hostname and username; see the devices migration).
 */
import { z } from "zod";
import { ZRing, ZDeviceOs } from "@/server/contracts/device";
import type { Prisma } from "@/server/db";
import type { TTenantScope } from "../tenant-scope";

export const DEVICE_SORT_FIELDS = ["hostname", "lastCheckinAt", "enrolledAt", "ring", "os", "username"] as const;

export const ZListDevicesInput = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  sort: z.enum(DEVICE_SORT_FIELDS).default("hostname"),
  order: z.enum(["asc", "desc"]).default("asc"),
  search: z.string().trim().max(200).optional().describe("Substring of hostname or username, or an exact machine id / device id"),
  ring: ZRing.optional(),
  os: ZDeviceOs.optional(),
  status: z.enum(["active", "unenrolled"]).optional(),
  productSlug: z.string().trim().min(1).max(200).optional().describe("Only devices with an installation of this agent product"),
  ownerPersonId: z.string().min(1).max(64).optional(),
});
export type TListDevicesInput = z.input<typeof ZListDevicesInput>;

export function buildDeviceWhere(input: z.infer<typeof ZListDevicesInput>): Prisma.DeviceWhereInput {
  const where: Prisma.DeviceWhereInput = {};
  if (input.ring) where.ring = input.ring;
  if (input.os) where.os = input.os;
  if (input.status) where.status = input.status;
  if (input.ownerPersonId) where.ownerPersonId = input.ownerPersonId;
  if (input.productSlug) where.installations = { some: { productSlug: input.productSlug } };
  if (input.search) {
    where.OR = [
      { hostname: { contains: input.search, mode: "insensitive" } },
      { username: { contains: input.search, mode: "insensitive" } },
      { machineId: input.search },
      { id: input.search },
    ];
  }
  return where;
}

export async function listDevices(options: { scope: TTenantScope; input: TListDevicesInput }) {
  const input = ZListDevicesInput.parse(options.input);
  const { db } = options.scope;
  const where = buildDeviceWhere(input);
  const orderBy: Prisma.DeviceOrderByWithRelationInput[] = [
    input.sort === "lastCheckinAt" ? { lastCheckinAt: { sort: input.order, nulls: "last" } } : { [input.sort]: input.order },
    { id: "asc" },
  ];
  // The page first, then its owners and agent counts by id: a relation count in the page query makes Prisma
  // aggregate every installation of the tenant before the LIMIT (hundreds of ms at 100,000 devices).
  const [total, rows] = await Promise.all([
    db.device.count({ where }),
    db.device.findMany({
      where,
      orderBy,
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: {
        id: true,
        hostname: true,
        os: true,
        osVersion: true,
        arch: true,
        username: true,
        ring: true,
        status: true,
        enrolledAt: true,
        lastCheckinAt: true,
        enrollerVersion: true,
        ownerPersonId: true,
      },
    }),
  ]);
  const ids = rows.map((r) => r.id);
  const ownerIds = [...new Set(rows.map((r) => r.ownerPersonId).filter((id): id is string => Boolean(id)))];
  const [counts, owners] = await Promise.all([
    ids.length ? db.installation.groupBy({ by: ["deviceId"], where: { deviceId: { in: ids } }, _count: { _all: true } }) : [],
    ownerIds.length ? db.person.findMany({ where: { id: { in: ownerIds } }, select: { id: true, userName: true, displayName: true } }) : [],
  ]);
  const countBy = new Map(counts.map((c) => [c.deviceId, c._count._all]));
  const ownerBy = new Map(owners.map((o) => [o.id, o]));
  return {
    items: rows.map(({ ownerPersonId, ...d }) => ({
      ...d,
      owner: ownerPersonId ? (ownerBy.get(ownerPersonId) ?? null) : null,
      agentCount: countBy.get(d.id) ?? 0,
    })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}

import { z } from "zod";
import type { Prisma } from "@/server/db";
import type { TTenantScope } from "../tenant-scope";

export const ZListInstallationsInput = z.object({
  productSlug: z.string().trim().min(1).max(200).optional(),
  version: z.string().trim().min(1).max(200).optional(),
  deviceId: z.string().min(1).max(64).optional(),
  running: z.coerce.boolean().optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type TListInstallationsInput = z.input<typeof ZListInstallationsInput>;

/** Installations across the estate (paged), with the device each sits on. */
export async function listInstallations(options: { scope: TTenantScope; input: TListInstallationsInput }) {
  const input = ZListInstallationsInput.parse(options.input);
  const where: Prisma.InstallationWhereInput = {};
  if (input.productSlug) where.productSlug = input.productSlug;
  if (input.version) where.version = input.version;
  if (input.deviceId) where.deviceId = input.deviceId;
  if (input.running !== undefined) where.running = input.running;
  const { db } = options.scope;
  const [total, rows] = await Promise.all([
    db.installation.count({ where }),
    db.installation.findMany({
      where,
      orderBy: [{ productSlug: "asc" }, { version: "desc" }, { id: "asc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: {
        id: true,
        productSlug: true,
        displayName: true,
        version: true,
        installPath: true,
        sha256: true,
        installMethod: true,
        running: true,
        firstSeenAt: true,
        lastSeenAt: true,
        device: { select: { id: true, hostname: true, ring: true } },
      },
    }),
  ]);
  return { items: rows, total, page: input.page, pageSize: input.pageSize };
}

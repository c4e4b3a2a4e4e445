import { AppError } from "@/server/errors";
import type { TTenantScope } from "../tenant-scope";
import { revocationFields, summariseTargets } from "./list-revocations";

/** One revocation with every device's status and proof, and the identities it revoked with their delegation chain. */
export async function getRevocation(opts: { scope: TTenantScope; id: string }) {
  const { db } = opts.scope;
  const r = await db.revocation.findFirst({ where: { id: opts.id } });
  if (!r) throw new AppError("NOT_FOUND", "Revocation not found");
  const [targets, chain] = await Promise.all([
    db.revocationTarget.findMany({ where: { revocationId: r.id }, orderBy: { createdAt: "asc" }, take: 5000 }),
    db.revocationIdentity.findMany({ where: { revocationId: r.id }, orderBy: { depth: "asc" }, take: 5000 }),
  ]);
  const [devices, identities] = await Promise.all([
    db.device.findMany({ where: { id: { in: targets.map((t) => t.deviceId) } }, select: { id: true, hostname: true } }),
    db.agentIdentity.findMany({ where: { id: { in: chain.map((c) => c.identityId) } }, select: { id: true, productSlug: true, personId: true, deviceId: true, status: true } }),
  ]);
  const hostname = new Map(devices.map((d) => [d.id, d.hostname]));
  const identityById = new Map(identities.map((i) => [i.id, i]));
  const counts = new Map<string, number>();
  for (const t of targets) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
  return {
    ...revocationFields(r),
    restoredBy: r.restoredBy,
    restoreReason: r.restoreReason,
    progress: summariseTargets([...counts].map(([status, n]) => ({ status, _count: { _all: n } }))),
    targets: targets.map((t) => ({
      deviceId: t.deviceId,
      hostname: hostname.get(t.deviceId) ?? null,
      status: t.status,
      failReason: t.failReason,
      proof: t.proof as unknown,
      createdAt: t.createdAt,
      deliveredAt: t.deliveredAt,
      completedAt: t.completedAt,
    })),
    identities: chain.map((c) => ({
      identityId: c.identityId,
      viaId: c.viaId,
      depth: c.depth,
      previousStatus: c.previousStatus,
      productSlug: identityById.get(c.identityId)?.productSlug ?? null,
      personId: identityById.get(c.identityId)?.personId ?? null,
      deviceId: identityById.get(c.identityId)?.deviceId ?? null,
      status: identityById.get(c.identityId)?.status ?? null,
    })),
  };
}

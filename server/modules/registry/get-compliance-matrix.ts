/**
 * The compliance view: devices × agent products, each cell the latest attestation (in force, drifted, tampered,
 * blocked but present, needs elevation, ...), or "unattested" for an installed product the device has not
 * attested yet (a verdict without policy reports nothing). Paged by device.
 */
import type { TTenantScope } from "../tenant-scope";
import { buildDevicePolicyBundles } from "./build-device-policy-bundles";

export type TComplianceCell = {
  productSlug: string;
  verdict: string;
  status: string;
  version: string | null;
  running: boolean;
  attestedAt: Date | null;
  lastDriftAt: Date | null;
  repaired: boolean;
  drift: unknown;
  detail: unknown;
};

export async function getComplianceMatrix({ scope, take = 100, cursor, status }: { scope: TTenantScope; take?: number; cursor?: string; status?: string }) {
  const { db } = scope;
  const devices = await db.device.findMany({
    where: { status: "active", ...(status ? { attestations: { some: { status } } } : {}) },
    orderBy: { id: "asc" },
    take: take + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      hostname: true,
      os: true,
      ring: true,
      lastCheckinAt: true,
      installations: { select: { productSlug: true, version: true, running: true } },
      attestations: { select: { productSlug: true, status: true, attestedAt: true, lastDriftAt: true, repaired: true, drift: true, detail: true } },
    },
  });
  const page = devices.slice(0, take);
  const bundles = await buildDevicePolicyBundles({ scope, deviceIds: page.map((d) => d.id) });
  const products = new Set<string>();
  const rows = page.map((d) => {
    const verdicts = bundles.get(d.id)?.verdicts ?? {};
    const slugs = [...new Set([...d.installations.map((i) => i.productSlug), ...d.attestations.map((a) => a.productSlug)])].sort();
    const cells: TComplianceCell[] = slugs.map((productSlug) => {
      products.add(productSlug);
      const inst = d.installations.filter((i) => i.productSlug === productSlug);
      const att = d.attestations.find((a) => a.productSlug === productSlug);
      return {
        productSlug,
        verdict: verdicts[productSlug] ?? "unreviewed",
        status: att?.status ?? "unattested",
        version: inst[0]?.version ?? null,
        running: inst.some((i) => i.running),
        attestedAt: att?.attestedAt ?? null,
        lastDriftAt: att?.lastDriftAt ?? null,
        repaired: att?.repaired ?? false,
        drift: att?.drift ?? [],
        detail: att?.detail ?? null,
      };
    });
    return { deviceId: d.id, hostname: d.hostname, os: d.os, ring: d.ring, lastCheckinAt: d.lastCheckinAt, cells };
  });
  const totals = await db.policyAttestation.groupBy({ by: ["status"], _count: { _all: true } });
  return {
    products: [...products].sort(),
    rows,
    nextCursor: devices.length > take ? page[page.length - 1]!.id : null,
    totals: Object.fromEntries(totals.map((t) => [t.status, t._count._all])) as Record<string, number>,
  };
}

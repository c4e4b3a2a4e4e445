/** One product's detail: its verdict, exceptions, where it runs (devices, versions, running or not) and its version spread. */
import { AppError } from "@/server/errors";
import { ZProductSlug } from "@/server/contracts/inventory";
import type { TTenantScope } from "../tenant-scope";
import { outsidePins } from "./build-device-policy-bundles";
import { listRegistryProducts } from "./list-registry-products";
import { listRegistryExceptions } from "./registry-exceptions";

const MAX_INSTALLATIONS_LISTED = 500;

export async function getRegistryProduct({ scope, productSlug }: { scope: TTenantScope; productSlug: string }) {
  if (!ZProductSlug.safeParse(productSlug).success) throw new AppError("BAD_REQUEST", `"${productSlug}" is not a product slug`);
  const { products } = await listRegistryProducts({ scope });
  const product = products.find((p) => p.productSlug === productSlug);
  if (!product) throw new AppError("NOT_FOUND", `No product ${productSlug} in the catalog or on any device`);
  const { db } = scope;
  const [installations, spread, attestations, exceptions] = await Promise.all([
    db.installation.findMany({
      where: { productSlug },
      orderBy: { lastSeenAt: "desc" },
      take: MAX_INSTALLATIONS_LISTED,
      select: { id: true, deviceId: true, version: true, installPath: true, installMethod: true, sha256: true, running: true, lastSeenAt: true, device: { select: { hostname: true, os: true, ring: true } } },
    }),
    db.installation.groupBy({ by: ["version"], where: { productSlug }, _count: { _all: true } }),
    db.policyAttestation.findMany({ where: { productSlug }, select: { deviceId: true, status: true, attestedAt: true, lastDriftAt: true } }),
    listRegistryExceptions({ scope, productSlug, includeEnded: true }),
  ]);
  const attestationOf = new Map(attestations.map((a) => [a.deviceId, a]));
  return {
    ...product,
    exceptions,
    installationsTruncated: product.installations > installations.length,
    installationList: installations.map((i) => ({
      id: i.id,
      deviceId: i.deviceId,
      hostname: i.device.hostname,
      os: i.device.os,
      ring: i.device.ring,
      version: i.version,
      installPath: i.installPath,
      installMethod: i.installMethod,
      sha256: i.sha256,
      running: i.running,
      lastSeenAt: i.lastSeenAt,
      outsidePins: product.entry ? outsidePins({ entry: product.entry, version: i.version, sha256: i.sha256 }) : null,
      attestation: attestationOf.get(i.deviceId) ?? null,
    })),
    versionSpread: spread.map((s) => ({ version: s.version ?? "unknown", count: s._count._all })).sort((a, b) => b.count - a.count),
  };
}

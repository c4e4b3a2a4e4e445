/**
 * The registry page's product list: every catalog product and every product seen on a device, with its verdict
 * (or "unreviewed"), where it is installed and how its attestations stand. Products seen on devices without a
 * verdict form the triage queue.
 */
import catalogJson from "@/server/contracts/agent-catalog.json" with { type: "json" };
import { ZAgentCatalog } from "@/server/contracts/agent-catalog";
import type { TTenantScope } from "../tenant-scope";
import { agentForProduct } from "./agent-for-product";
import { listRegistryEntries } from "./registry-entries";
import { readRegistrySettings } from "./registry-settings";

const CATALOG = ZAgentCatalog.parse(catalogJson);

export type TRegistryProduct = Awaited<ReturnType<typeof listRegistryProducts>>["products"][number];

export async function listRegistryProducts({ scope }: { scope: TTenantScope }) {
  const { db } = scope;
  const [entries, installs, devicesPer, attestations, settings, exceptions] = await Promise.all([
    listRegistryEntries({ scope }),
    db.installation.groupBy({ by: ["productSlug"], _count: { _all: true }, _min: { firstSeenAt: true }, _max: { lastSeenAt: true } }),
    db.installation.groupBy({ by: ["productSlug", "deviceId"] }),
    db.policyAttestation.groupBy({ by: ["productSlug", "status"], _count: { _all: true } }),
    readRegistrySettings({ scope }),
    db.registryException.groupBy({ by: ["productSlug"], where: { revokedAt: null, expiresAt: { gt: new Date() } }, _count: { _all: true } }),
  ]);
  const entryOf = new Map(entries.map((e) => [e.productSlug, e]));
  const installOf = new Map(installs.map((i) => [i.productSlug, i]));
  const deviceCount = new Map<string, number>();
  for (const row of devicesPer) deviceCount.set(row.productSlug, (deviceCount.get(row.productSlug) ?? 0) + 1);
  const exceptionCount = new Map(exceptions.map((e) => [e.productSlug, e._count._all]));
  const statusOf = new Map<string, Record<string, number>>();
  for (const a of attestations) statusOf.set(a.productSlug, { ...(statusOf.get(a.productSlug) ?? {}), [a.status]: a._count._all });

  const catalogOf = new Map(CATALOG.map((c) => [c.slug, c]));
  const slugs = [...new Set([...CATALOG.map((c) => c.slug), ...installs.map((i) => i.productSlug), ...entries.map((e) => e.productSlug)])].sort();
  const products = slugs.map((slug) => {
    const catalog = catalogOf.get(slug);
    const entry = entryOf.get(slug) ?? null;
    const install = installOf.get(slug);
    return {
      productSlug: slug,
      displayName: catalog?.displayName ?? slug.replace(/^unknown:/, ""),
      vendor: catalog?.vendor ?? null,
      inCatalog: catalog !== undefined,
      compilable: agentForProduct({ productSlug: slug }) !== null,
      verdict: entry?.verdict ?? ("unreviewed" as const),
      entry,
      installations: install?._count._all ?? 0,
      devices: deviceCount.get(slug) ?? 0,
      firstSeenAt: install?._min.firstSeenAt ?? null,
      lastSeenAt: install?._max.lastSeenAt ?? null,
      activeExceptions: exceptionCount.get(slug) ?? 0,
      attestations: statusOf.get(slug) ?? {},
    };
  });
  return { settings, products };
}

/** The triage queue: products found on devices that nobody has given a verdict, most widespread first. */
export async function listUnreviewedProducts({ scope }: { scope: TTenantScope }) {
  const { settings, products } = await listRegistryProducts({ scope });
  return {
    defaultVerdict: settings.defaultVerdict,
    products: products.filter((p) => p.verdict === "unreviewed" && p.installations > 0).sort((a, b) => b.devices - a.devices || a.productSlug.localeCompare(b.productSlug)),
  };
}

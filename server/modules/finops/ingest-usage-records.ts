/**
 * Stores a device gateway's metered requests as UsageRecords: priced by the server with the tenant's effective
 * price table (the device's own figure is not trusted for chargeback), attributed to identity, person, product,
 * project, business unit and environment at ingest (so a later reorg does not rewrite last month's chargeback),
 * idempotent on the gateway's request id (a re-sent batch is not counted twice). One multi-row insert per batch.
 * A record naming an identity that is not on this device is attributed to the device's owner, without identity.
 */
import { priceUsage, type TPriceTable } from "@/server/contracts/pricing";
import type { TUsageReport } from "@/server/contracts/gateway-protocol";
import type { TTenantScope } from "../tenant-scope";
import { resolveAttribution } from "./resolve-attribution";

export async function ingestUsageRecords(opts: {
  scope: TTenantScope;
  device: { id: string; ring: string; ownerPersonId: string | null };
  records: TUsageReport[];
  priceTable: TPriceTable;
}): Promise<{ accepted: number; duplicates: number; costNano: bigint }> {
  if (opts.records.length === 0) return { accepted: 0, duplicates: 0, costNano: 0n };
  const { db, tenantId } = opts.scope;
  const identityIds = [...new Set(opts.records.map((r) => r.identityId).filter((id): id is string => id !== null))];
  const identities = new Map(
    (await db.agentIdentity.findMany({ where: { id: { in: identityIds }, deviceId: opts.device.id }, select: { id: true, personId: true, productSlug: true } })).map((i) => [i.id, i]),
  );
  const personIds = [...identities.values()].map((i) => i.personId).filter((p): p is string => p !== null);
  if (opts.device.ownerPersonId) personIds.push(opts.device.ownerPersonId);
  const attribution = await resolveAttribution({ db, personIds, ring: opts.device.ring });

  let costNano = 0n;
  const rows = opts.records.map((r) => {
    const identity = r.identityId ? identities.get(r.identityId) : undefined;
    const personId = identity ? identity.personId : opts.device.ownerPersonId;
    const a = (personId && attribution.get(personId)) || { environment: opts.device.ring };
    const priced = priceUsage({ table: opts.priceTable, provider: r.provider, model: r.model, usage: r.usage });
    const nano = BigInt(priced.nanoUsd);
    costNano += nano;
    return {
      tenantId,
      requestId: r.requestId,
      at: new Date(r.at),
      deviceId: opts.device.id,
      identityId: identity?.id ?? null,
      personId,
      productSlug: identity?.productSlug ?? null,
      provider: r.provider,
      model: r.model,
      api: r.api,
      outcome: r.outcome,
      inputTokens: r.usage.inputTokens,
      outputTokens: r.usage.outputTokens,
      cacheReadTokens: r.usage.cacheReadTokens,
      cacheWriteTokens: r.usage.cacheWriteTokens,
      costNano: nano,
      priceKnown: priced.known,
      priceTableVersion: opts.priceTable.version,
      usageEstimated: r.usageEstimated,
      latencyMs: Math.round(r.latencyMs),
      project: a.project ?? null,
      businessUnit: a.businessUnit ?? null,
      environment: a.environment ?? null,
    };
  });
  const created = await db.usageRecord.createMany({ data: rows, skipDuplicates: true });
  return { accepted: created.count, duplicates: rows.length - created.count, costNano };
}

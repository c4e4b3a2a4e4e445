/**
 * One usage sync from a device gateway (POST /api/device/v1/usage):
 *  1. its metered requests become UsageRecords (priced and attributed by the server, idempotent);
 *  2. its quota snapshot (per scope: this gateway process's usage today / this month) replaces the ledger row of
 *     (device, gateway epoch, scope), so the server's total for a scope = sum over devices and epochs;
 *  3. breached budgets fire (enforceBudgetBreaches);
 *  4. the answer: totals for every scope this device's agents count against (the quota engine's applyServerUsage,
 *     with the snapshot id they include), the budgets that apply here as quota limits, the tenant's effective price
 *     table (so every gateway prices reservations the same way) and the attribution of the device's people.
 * The gateway always sends its snapshot: the totals then include exactly its usage up to that snapshot.
 */
import { selectLedgerTotals } from "@/server/db/usage";
import { nanoToUsd, usdToNano } from "@/server/contracts/pricing";
import type { TAttribution, TQuotaScopeRef, TUsageSyncRequest, TUsageSyncResponse } from "@/server/contracts/gateway-protocol";
import type { TTenantScope } from "../tenant-scope";
import { ingestUsageRecords } from "../finops/ingest-usage-records";
import { loadEffectivePriceTable } from "../finops/load-effective-price-table";
import { resolveAttribution } from "../finops/resolve-attribution";
import { utcDay, utcMonth } from "./budget-schemas";
import { enforceBudgetBreaches } from "./enforce-budget-breaches";

const keyOf = (s: { kind: string; id: string }) => `${s.kind}\u0000${s.id}`;

export async function syncDeviceUsage(opts: {
  scope: TTenantScope;
  device: { id: string; ring: string; ownerPersonId: string | null };
  request: TUsageSyncRequest;
  now?: Date;
}): Promise<TUsageSyncResponse> {
  const now = opts.now ?? new Date();
  const day = utcDay(now);
  const month = utcMonth(now);
  const { db, tenantId } = opts.scope;
  const priceTable = await loadEffectivePriceTable({ db });

  const ingested = await ingestUsageRecords({ scope: opts.scope, device: opts.device, records: opts.request.records, priceTable });

  const snapshot = opts.request.snapshot;
  if (snapshot && snapshot.entries.length > 0) {
    await db.$transaction(async (tx) => {
      for (const e of snapshot.entries) {
        const data = { day: e.day, tokens: e.tokens, month: e.month, usdNano: BigInt(usdToNano(e.usd)), snapshotId: snapshot.id };
        // a late, older snapshot of the same process never overwrites a newer one
        const where = { deviceId: opts.device.id, epoch: snapshot.epoch, scopeKind: e.scope.kind, scopeId: e.scope.id };
        const existing = await tx.budgetLedgerEntry.findFirst({ where, select: { snapshotId: true } });
        if (existing && existing.snapshotId > snapshot.id) continue;
        await tx.budgetLedgerEntry.upsert({
          where: { deviceId_epoch_scopeKind_scopeId: where },
          create: { tenantId, ...where, ...data },
          update: data,
        });
      }
    });
  }

  // the scopes this device's agents count against
  const identities = await db.agentIdentity.findMany({ where: { deviceId: opts.device.id, status: "active" }, select: { id: true, personId: true } });
  const personIds = [...new Set([...(opts.device.ownerPersonId ? [opts.device.ownerPersonId] : []), ...identities.map((i) => i.personId).filter((p): p is string => p !== null)])];
  const attribution = await resolveAttribution({ db, personIds, ring: opts.device.ring });
  const scopes = new Map<string, TQuotaScopeRef>();
  const add = (s: TQuotaScopeRef) => scopes.set(keyOf(s), s);
  add({ kind: "device", id: opts.device.id });
  add({ kind: "environment", id: opts.device.ring });
  for (const i of identities) add({ kind: "identity", id: i.id });
  for (const p of personIds) {
    add({ kind: "person", id: p });
    const a = attribution.get(p);
    if (a?.project) add({ kind: "project", id: a.project });
    if (a?.businessUnit) add({ kind: "businessUnit", id: a.businessUnit });
  }
  for (const e of snapshot?.entries ?? []) add(e.scope);

  const scopeList = [...scopes.values()];
  const budgets = scopeList.length
    ? await db.budget.findMany({ where: { OR: scopeList.map((s) => ({ scopeKind: s.kind, scopeId: s.id })) } })
    : [];
  const totals = await selectLedgerTotals({ tenantId, scopes: scopeList, day, month });
  const totalsByKey = new Map(totals.map((t) => [keyOf({ kind: t.scopeKind, id: t.scopeId }), t]));

  await enforceBudgetBreaches({
    scope: opts.scope,
    budgets,
    month,
    spentNano: (b) => totalsByKey.get(keyOf({ kind: b.scopeKind, id: b.scopeId }))?.usdNano ?? 0n,
  });

  const attributionOut: Record<string, TAttribution> = {};
  for (const [p, a] of attribution) attributionOut[p] = a;

  return {
    accepted: ingested.accepted,
    duplicates: ingested.duplicates,
    serverUsage: {
      snapshotId: snapshot ? snapshot.id : null,
      entries: scopeList.map((s) => {
        const t = totalsByKey.get(keyOf(s));
        return { scope: s, day, tokens: t ? Number(t.tokens) : 0, month, usd: t ? nanoToUsd(Number(t.usdNano)) : 0 };
      }),
    },
    limits: budgets.map((b) => ({
      scope: { kind: b.scopeKind as TQuotaScopeRef["kind"], id: b.scopeId },
      limits: {
        ...(b.usdPerMonth !== null ? { usdPerMonth: b.usdPerMonth } : {}),
        ...(b.tokensPerDay !== null ? { tokensPerDay: b.tokensPerDay } : {}),
        ...(b.requestsPerMinute !== null ? { requestsPerMinute: b.requestsPerMinute } : {}),
        ...(b.concurrentRequests !== null ? { concurrentRequests: b.concurrentRequests } : {}),
      },
    })),
    priceTable,
    attribution: attributionOut,
  };
}

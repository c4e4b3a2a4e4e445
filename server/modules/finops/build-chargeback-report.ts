/**
 * Chargeback / showback for a period: spend per business unit, split by project and person, with each line's share
 * of the total, plus the CSV finance imports. Usage without a business unit (person in no mapped group, or a device
 * with no owner) is reported as "(unassigned)", never dropped.
 */
import { selectChargebackRows } from "@/server/db/usage";
import type { TTenantScope } from "../tenant-scope";
import { formatChargebackCsv, type TChargebackRow } from "./format-chargeback-csv";

export type TChargebackReport = {
  from: Date;
  to: Date;
  totalUsd: number;
  businessUnits: Array<{ businessUnit: string; usd: number; sharePct: number; requests: number }>;
  rows: TChargebackRow[];
  csv: string;
  filename: string;
};

const UNASSIGNED = "(unassigned)";

export async function buildChargebackReport(opts: { scope: TTenantScope; from: Date; to: Date }): Promise<TChargebackReport> {
  const { db, tenantId, tenantSlug } = opts.scope;
  const raw = await selectChargebackRows({ tenantId, from: opts.from, to: opts.to });
  const personIds = [...new Set(raw.map((r) => r.personId).filter((p): p is string => p !== null))];
  const people = new Map(
    (await db.person.findMany({ where: { id: { in: personIds } }, select: { id: true, displayName: true, userName: true, emails: { where: { primary: true }, select: { value: true } } } })).map((p) => [
      p.id,
      { name: p.displayName ?? p.userName, email: p.emails[0]?.value ?? p.userName },
    ]),
  );
  const totalNano = raw.reduce((s, r) => s + r.costNano, 0n);
  const share = (nano: bigint) => (totalNano === 0n ? 0 : (Number(nano) / Number(totalNano)) * 100);
  const rows: TChargebackRow[] = raw.map((r) => {
    const person = r.personId ? people.get(r.personId) : undefined;
    return {
      businessUnit: r.businessUnit ?? UNASSIGNED,
      project: r.project ?? UNASSIGNED,
      person: person?.name ?? (r.personId ? r.personId : UNASSIGNED),
      personEmail: person?.email ?? "",
      requests: Number(r.requests),
      inputTokens: Number(r.inputTokens),
      outputTokens: Number(r.outputTokens),
      cacheTokens: Number(r.cacheTokens),
      costUsd: Number(r.costNano) / 1e9,
      sharePct: share(r.costNano),
    };
  });
  const bu = new Map<string, { nano: bigint; requests: number }>();
  for (const r of raw) {
    const key = r.businessUnit ?? UNASSIGNED;
    const cur = bu.get(key) ?? { nano: 0n, requests: 0 };
    cur.nano += r.costNano;
    cur.requests += Number(r.requests);
    bu.set(key, cur);
  }
  const businessUnits = [...bu.entries()]
    .map(([businessUnit, v]) => ({ businessUnit, usd: Number(v.nano) / 1e9, sharePct: share(v.nano), requests: v.requests }))
    .sort((a, b) => b.usd - a.usd);
  const period = `${opts.from.toISOString().slice(0, 10)}_${new Date(opts.to.getTime() - 1).toISOString().slice(0, 10)}`;
  return {
    from: opts.from,
    to: opts.to,
    totalUsd: Number(totalNano) / 1e9,
    businessUnits,
    rows,
    csv: formatChargebackCsv({ from: opts.from, to: opts.to, rows }),
    filename: `marshal-chargeback-${tenantSlug}-${period}.csv`,
  };
}

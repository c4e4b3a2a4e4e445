/**
 * Event retention. Partitions are daily and shared by all tenants, so:
 *  1. each tenant with a retention shorter than the longest one has its older rows deleted
 *     (by tenant, in chunks) from the shared partitions;
 *  2. whole partitions older than the longest retention of any tenant are dropped (cheap, no
 *     row-level work, space returned at once).
 * Retention per tenant: Tenant.settings.eventRetentionDays (1..3650, default 90).
 */
import { deleteTenantEventsBefore, dropEventPartitionsBefore, listTenantEventRetention } from "@/server/db/events";

export const DEFAULT_EVENT_RETENTION_DAYS = 90;
export const MAX_EVENT_RETENTION_DAYS = 3650;
const DAY_MS = 86400_000;

export function retentionDaysOf(value: unknown): number {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(n) || n < 1) return DEFAULT_EVENT_RETENTION_DAYS;
  return Math.min(n, MAX_EVENT_RETENTION_DAYS);
}

export async function applyEventRetention({ now = new Date() }: { now?: Date }): Promise<{ droppedPartitions: string[]; deletedRows: number; longestDays: number }> {
  const tenants = (await listTenantEventRetention()).map((t) => ({ tenantId: t.tenantId, days: retentionDaysOf(t.retentionDays) }));
  const longestDays = Math.max(DEFAULT_EVENT_RETENTION_DAYS, ...tenants.map((t) => t.days));
  let deletedRows = 0;
  for (const tenant of tenants) {
    if (tenant.days >= longestDays) continue;
    deletedRows += await deleteTenantEventsBefore({ tenantId: tenant.tenantId, before: new Date(now.getTime() - tenant.days * DAY_MS) });
  }
  const droppedPartitions = await dropEventPartitionsBefore({ before: new Date(now.getTime() - longestDays * DAY_MS) });
  return { droppedPartitions, deletedRows, longestDays };
}

/**
 * Exceptions: a different verdict for one person, group or device, with a reason and an expiry. Expired exceptions
 * lapse by themselves (verdict resolution ignores them and each check-in rebuilds the device's bundle); revoking
 * one ends it early. Every change is audited and sent to the affected devices.
 */
import { AppError } from "@/server/errors";
import { appendAudit } from "../audit/append-audit";
import type { TTenantScope } from "../tenant-scope";
import { propagatePolicy } from "./propagate-policy";
import { ZRegistryExceptionInput, type TRegistryExceptionInput } from "./registry-schemas";

const MAX_EXCEPTION_DAYS = 366;

export async function createRegistryException({ scope, input, now = new Date() }: { scope: TTenantScope; input: TRegistryExceptionInput; now?: Date }) {
  const parsed = ZRegistryExceptionInput.safeParse(input);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const value = parsed.data;
  if (value.expiresAt <= now) throw new AppError("BAD_REQUEST", "expiresAt: an exception must expire in the future");
  if (value.expiresAt.getTime() - now.getTime() > MAX_EXCEPTION_DAYS * 86_400_000) throw new AppError("BAD_REQUEST", `expiresAt: an exception lasts at most ${MAX_EXCEPTION_DAYS} days`);
  const { db } = scope;
  const subject =
    value.subjectType === "device"
      ? await db.device.findFirst({ where: { id: value.subjectId }, select: { id: true, hostname: true } }).then((d) => d && { id: d.id, label: d.hostname })
      : value.subjectType === "person"
        ? await db.person.findFirst({ where: { id: value.subjectId, deletedAt: null }, select: { id: true, userName: true } }).then((p) => p && { id: p.id, label: p.userName })
        : await db.group.findFirst({ where: { id: value.subjectId }, select: { id: true, displayName: true } }).then((g) => g && { id: g.id, label: g.displayName });
  if (!subject) throw new AppError("BAD_REQUEST", `subjectId: no ${value.subjectType} ${value.subjectId} in this tenant`);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.registryException.create({
      data: { tenantId: scope.tenantId, ...value, createdById: scope.actor.id },
    });
    await appendAudit({
      db: tx,
      tenantId: scope.tenantId,
      actor: scope.actor,
      action: "registry.exception_created",
      target: { type: "registry_exception", id: created.id },
      summary: { productSlug: value.productSlug, subject: `${value.subjectType}:${subject.label}`, verdict: value.verdict, expiresAt: value.expiresAt.toISOString(), reason: value.reason },
    });
    return created;
  });
  const { devicesNotified } = await propagatePolicy({ scope, productSlugs: [value.productSlug] });
  return { ...toException(row, subject.label), devicesNotified };
}

export async function revokeRegistryException({ scope, id }: { scope: TTenantScope; id: string }) {
  const row = await scope.db.$transaction(async (tx) => {
    const existing = await tx.registryException.findFirst({ where: { id } });
    if (!existing) throw new AppError("NOT_FOUND", "Exception not found");
    if (existing.revokedAt) throw new AppError("CONFLICT", "The exception is already revoked");
    const revoked = await tx.registryException.update({ where: { id }, data: { revokedAt: new Date() } });
    await appendAudit({ db: tx, tenantId: scope.tenantId, actor: scope.actor, action: "registry.exception_revoked", target: { type: "registry_exception", id }, summary: { productSlug: existing.productSlug, subject: `${existing.subjectType}:${existing.subjectId}` } });
    return revoked;
  });
  const { devicesNotified } = await propagatePolicy({ scope, productSlugs: [row.productSlug] });
  return { id: row.id, revokedAt: row.revokedAt!, devicesNotified };
}

export async function listRegistryExceptions({ scope, productSlug, includeEnded = false, now = new Date() }: { scope: TTenantScope; productSlug?: string; includeEnded?: boolean; now?: Date }) {
  const rows = await scope.db.registryException.findMany({
    where: { ...(productSlug ? { productSlug } : {}), ...(includeEnded ? {} : { revokedAt: null, expiresAt: { gt: now } }) },
    orderBy: { expiresAt: "asc" },
    take: 500,
  });
  const labels = await subjectLabels({ scope, rows });
  return rows.map((r) => toException(r, labels.get(`${r.subjectType}:${r.subjectId}`) ?? r.subjectId, now));
}

async function subjectLabels({ scope, rows }: { scope: TTenantScope; rows: { subjectType: string; subjectId: string }[] }) {
  const ids = (type: string) => [...new Set(rows.filter((r) => r.subjectType === type).map((r) => r.subjectId))];
  const [devices, people, groups] = await Promise.all([
    scope.db.device.findMany({ where: { id: { in: ids("device") } }, select: { id: true, hostname: true } }),
    scope.db.person.findMany({ where: { id: { in: ids("person") } }, select: { id: true, userName: true } }),
    scope.db.group.findMany({ where: { id: { in: ids("group") } }, select: { id: true, displayName: true } }),
  ]);
  return new Map<string, string>([
    ...devices.map((d) => [`device:${d.id}`, d.hostname] as const),
    ...people.map((p) => [`person:${p.id}`, p.userName] as const),
    ...groups.map((g) => [`group:${g.id}`, g.displayName] as const),
  ]);
}

function toException(row: { id: string; productSlug: string; subjectType: string; subjectId: string; verdict: string; reason: string; expiresAt: Date; revokedAt: Date | null; createdAt: Date }, subjectLabel: string, now = new Date()) {
  return {
    id: row.id,
    productSlug: row.productSlug,
    subjectType: row.subjectType as "person" | "group" | "device",
    subjectId: row.subjectId,
    subjectLabel,
    verdict: row.verdict as "sanctioned" | "tolerated" | "blocked",
    reason: row.reason,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    createdAt: row.createdAt,
    state: (row.revokedAt ? "revoked" : row.expiresAt <= now ? "expired" : "active") as "active" | "expired" | "revoked",
  };
}

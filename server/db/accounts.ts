/**
 * Console logins (Auth.js users and sessions) and tenant membership lookups. These are not
 * tenant data, and resolving "which tenants may this user see" is by nature cross-tenant,
 * so they live here, next to the unscoped client, and nowhere else.
 */
import { randomBytes } from "node:crypto";
import { rootDb } from "./client";
import type { Role } from "./generated/enums";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export function findUserByEmail(email: string) {
  return rootDb().user.findUnique({ where: { email: email.toLowerCase() } });
}

export function findUserById(id: string) {
  return rootDb().user.findUnique({ where: { id }, select: { id: true, email: true, name: true } });
}

export async function createDatabaseSession(userId: string): Promise<{ sessionToken: string; expires: Date }> {
  const sessionToken = randomBytes(32).toString("base64url");
  const expires = new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  await rootDb().session.create({ data: { sessionToken, userId, expires } });
  return { sessionToken, expires };
}

export async function deleteDatabaseSession(sessionToken: string): Promise<void> {
  await rootDb().session.deleteMany({ where: { sessionToken } });
}

export function listMembershipsOfUser(userId: string) {
  return rootDb().member.findMany({
    where: { userId },
    select: { role: true, tenant: { select: { id: true, slug: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
}

export async function findMembership(opts: { userId: string; tenantSlug: string }) {
  const member = await rootDb().member.findFirst({
    where: { userId: opts.userId, tenant: { slug: opts.tenantSlug } },
    select: { id: true, role: true, tenant: { select: { id: true, slug: true, name: true } } },
  });
  return member;
}

export function tenantSlugTaken(slug: string) {
  return rootDb().tenant.findUnique({ where: { slug }, select: { id: true } }).then(Boolean);
}

/** Signs up: a new login (or an existing one) becomes the owner of a new tenant. */
export async function createTenantWithOwner(opts: {
  tenant: { slug: string; name: string; settings?: object };
  user: { email: string; name?: string | null; passwordHash?: string | null };
}) {
  return rootDb().$transaction(async (tx) => {
    const email = opts.user.email.toLowerCase();
    const user =
      (await tx.user.findUnique({ where: { email } })) ??
      (await tx.user.create({ data: { email, name: opts.user.name ?? null, passwordHash: opts.user.passwordHash ?? null } }));
    const tenant = await tx.tenant.create({ data: { slug: opts.tenant.slug, name: opts.tenant.name, settings: opts.tenant.settings ?? {} } });
    const member = await tx.member.create({ data: { tenantId: tenant.id, userId: user.id, role: "owner" } });
    return { user, tenant, member };
  });
}

export async function createUserWithPassword(opts: { email: string; name?: string | null; passwordHash: string }) {
  return rootDb().user.create({ data: { email: opts.email.toLowerCase(), name: opts.name ?? null, passwordHash: opts.passwordHash } });
}

export async function setUserPassword(opts: { userId: string; passwordHash: string }) {
  await rootDb().user.update({ where: { id: opts.userId }, data: { passwordHash: opts.passwordHash } });
}

/** Invite acceptance is cross-tenant by nature: the link's secret names the tenant. */
export function findInviteByTokenHash(tokenHash: string) {
  return rootDb().invite.findUnique({
    where: { tokenHash },
    include: { tenant: { select: { id: true, slug: true, name: true } } },
  });
}

export type TMembershipRole = Role;

/** Tenants whose newest audit entries have not reached the event stream yet (for the sweep job). */
export async function listTenantsWithUnexportedAudit(): Promise<string[]> {
  const rows = await rootDb().$queryRaw<{ id: string }[]>`SELECT id FROM "Tenant" WHERE "auditExportedSeq" < "auditSeq" LIMIT 1000`;
  return rows.map((r) => r.id);
}

/** Test fixtures built through the product's own functions (no hand-written rows). */
import { randomBytes } from "node:crypto";
import { createTenantWithOwner, createUserWithPassword } from "@/server/db/accounts";
import { forTenant } from "@/server/db";
import { hashPassword } from "@/server/auth/password";
import { createCallerFactory } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";
import type { TContext } from "@/server/trpc/context";
import type { TRole } from "@/server/auth/roles";
import type { TTenantScope } from "@/server/modules/tenant-scope";

const createCaller = createCallerFactory(appRouter);
let cachedHash: Promise<string> | undefined;

export function uniqueSuffix() {
  return randomBytes(4).toString("hex");
}

export async function createTestTenant(name = "Tenant") {
  const suffix = uniqueSuffix();
  cachedHash ??= hashPassword("correct horse battery staple");
  const { tenant, user } = await createTenantWithOwner({
    tenant: { slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${suffix}`, name },
    user: { email: `owner-${suffix}@example.test`, name: `${name} Owner`, passwordHash: await cachedHash },
  });
  const owner = { id: user.id, email: user.email, name: user.name };
  const scope: TTenantScope = { db: forTenant(tenant.id), tenantId: tenant.id, tenantSlug: tenant.slug, actor: { type: "member", id: user.id, label: user.email } };
  return { tenant, owner, scope };
}

/** Adds a login with the given role to the tenant. */
export async function addMember(opts: { tenantId: string; role: TRole }) {
  const suffix = uniqueSuffix();
  cachedHash ??= hashPassword("correct horse battery staple");
  const user = await createUserWithPassword({ email: `${opts.role}-${suffix}@example.test`, name: null, passwordHash: await cachedHash });
  await forTenant(opts.tenantId).member.create({ data: { tenantId: opts.tenantId, userId: user.id, role: opts.role } });
  return { id: user.id, email: user.email, name: null };
}

export function callerAs(user: { id: string; email: string; name: string | null } | null, apiKey: TContext["apiKey"] = null) {
  return createCaller({ user, apiKey, badCredential: false, clientKey: "test" });
}

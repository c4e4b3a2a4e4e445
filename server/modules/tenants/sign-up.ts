import { randomBytes } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/server/errors";
import { hashPassword } from "@/server/auth/password";
import { createTenantWithOwner, findUserByEmail, tenantSlugTaken } from "@/server/db/accounts";
import { forTenant } from "@/server/db";
import { appendAudit } from "../audit/append-audit";
import { slugify } from "./slugify";

export const ZSignUp = z.object({
  name: z.string().trim().min(1, "Your name is required").max(100),
  email: z.email("Enter a valid email address").max(254),
  password: z.string().min(12, "Use at least 12 characters").max(200),
  organization: z.string().trim().min(2, "Organization name is required").max(80),
});
export type TSignUp = z.infer<typeof ZSignUp>;

async function uniqueSlug(name: string): Promise<string> {
  const base = slugify(name);
  if (!(await tenantSlugTaken(base))) return base;
  for (let i = 0; i < 5; i++) {
    const candidate = `${base.slice(0, 33)}-${randomBytes(3).toString("hex")}`;
    if (!(await tenantSlugTaken(candidate))) return candidate;
  }
  throw new AppError("CONFLICT", "Could not find a free tenant address; try another organization name");
}

async function auditTenantCreated(opts: { user: { id: string; email: string }; tenant: { id: string; slug: string; name: string } }) {
  await appendAudit({
    db: forTenant(opts.tenant.id),
    tenantId: opts.tenant.id,
    actor: { type: "member", id: opts.user.id, label: opts.user.email },
    action: "tenant.created",
    target: { type: "tenant", id: opts.tenant.id },
    summary: { slug: opts.tenant.slug, name: opts.tenant.name },
  });
}

/** A first visitor signs up: a login, a new tenant, and the owner membership, in one transaction. */
export async function signUp(input: TSignUp) {
  const data = ZSignUp.parse(input);
  if (await findUserByEmail(data.email)) throw new AppError("CONFLICT", "An account with this email exists already: sign in instead");
  const slug = await uniqueSlug(data.organization);
  const { user, tenant } = await createTenantWithOwner({
    tenant: { slug, name: data.organization },
    user: { email: data.email, name: data.name, passwordHash: await hashPassword(data.password) },
  });
  await auditTenantCreated({ user, tenant });
  return { userId: user.id, tenantSlug: tenant.slug };
}

/** A signed-in user without a tenant (e.g. first SSO sign-in) creates one and becomes its owner. */
export async function createTenantForUser(opts: { user: { id: string; email: string }; organization: string }) {
  const organization = ZSignUp.shape.organization.parse(opts.organization);
  const { user, tenant } = await createTenantWithOwner({ tenant: { slug: await uniqueSlug(organization), name: organization }, user: { email: opts.user.email } });
  await auditTenantCreated({ user, tenant });
  return { tenantSlug: tenant.slug };
}

/** Signs up through an invite link: a login only (the invite adds the membership). */
export const ZInviteSignUp = ZSignUp.omit({ organization: true });

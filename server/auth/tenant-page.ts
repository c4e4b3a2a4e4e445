/** For console pages and layouts: the signed-in member of the tenant in the URL, or sign-in / 404. */
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { currentUser } from "./session";
import { findMembership } from "@/server/db/accounts";
import { forTenant } from "@/server/db";
import type { TTenantScope } from "@/server/modules/tenant-scope";
import type { TRole } from "./roles";

export const requireTenantMember = cache(async (tenantSlug: string): Promise<{ scope: TTenantScope; role: TRole; tenantName: string; user: { id: string; email: string; name: string | null } }> => {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=/${encodeURIComponent(tenantSlug)}`);
  const membership = await findMembership({ userId: user.id, tenantSlug });
  if (!membership) notFound();
  return {
    user,
    role: membership.role,
    tenantName: membership.tenant.name,
    scope: {
      db: forTenant(membership.tenant.id),
      tenantId: membership.tenant.id,
      tenantSlug: membership.tenant.slug,
      actor: { type: "member", id: user.id, label: user.email },
    },
  };
});

import type { TTenantDb } from "@/server/db";
import type { TActor } from "./audit/actor";

/** What every tenant-scoped module function receives: the scoped db, the tenant, and who is acting. */
export type TTenantScope = { db: TTenantDb; tenantId: string; tenantSlug: string; actor: TActor };

export { forTenant, TenantScopeViolation, type TTenantDb } from "./for-tenant";
export type { Prisma } from "./generated/client";

/**
 * forTenant(tenantId): the one place tenant isolation is enforced for data access.
 *
 * A Prisma client extension that, for every model carrying a `tenantId` column, adds the
 * tenant to every read filter and every write, and refuses a different tenant. It covers
 * interactive transactions (the `tx` of an extended client is extended too), createMany,
 * upsert, updateMany and deleteMany; a deleteMany or updateMany with no filter throws
 * instead of touching every row of the tenant by accident.
 */
import { Prisma } from "./generated/client";
import { rootDb } from "./client";

export class TenantScopeViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TenantScopeViolation";
  }
}

/** Models with a tenantId column, derived from the generated client so a new model is covered by construction. */
export const TENANT_OWNED_MODELS: ReadonlySet<string> = new Set(
  Object.values(Prisma.ModelName).filter((model) => {
    const fields = (Prisma as unknown as Record<string, Record<string, string> | undefined>)[`${model}ScalarFieldEnum`];
    return Boolean(fields && "tenantId" in fields);
  }),
);

/** Global, non-tenant data a tenant may read (the agent catalog). */
const GLOBAL_READ_MODELS: ReadonlySet<string> = new Set(["AgentProduct"]);
const READ_OPERATIONS = new Set(["findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany", "count", "aggregate", "groupBy"]);

type TArgs = Record<string, unknown> & { where?: Record<string, unknown>; data?: unknown; create?: unknown; update?: unknown };

function scopeWhere(where: Record<string, unknown> | undefined, tenantId: string, model: string) {
  if (where && "tenantId" in where && where.tenantId !== undefined && where.tenantId !== tenantId) {
    throw new TenantScopeViolation(`${model}: filter names another tenant`);
  }
  return { ...(where ?? {}), tenantId };
}

function scopeData(data: unknown, tenantId: string, model: string): unknown {
  if (Array.isArray(data)) return data.map((row) => scopeData(row, tenantId, model));
  if (!data || typeof data !== "object") return data;
  const row = data as Record<string, unknown>;
  if ("tenant" in row) throw new TenantScopeViolation(`${model}: set the tenant through forTenant, not a relation`);
  if (row.tenantId !== undefined && row.tenantId !== tenantId) {
    throw new TenantScopeViolation(`${model}: data names another tenant`);
  }
  return { ...row, tenantId };
}

function refuseTenantChange(data: unknown, model: string) {
  if (data && typeof data === "object" && ("tenantId" in data || "tenant" in data)) {
    throw new TenantScopeViolation(`${model}: the tenant of a row cannot be changed`);
  }
}

function hasFilter(where: Record<string, unknown> | undefined) {
  return where !== undefined && where !== null && Object.keys(where).length > 0;
}

/** The Tenant row itself: a scoped client sees and updates only its own tenant, and never creates or deletes one. */
function scopeTenantArgs(operation: string, args: TArgs, tenantId: string): TArgs {
  switch (operation) {
    case "findUnique":
    case "findUniqueOrThrow":
    case "findFirst":
    case "findFirstOrThrow":
    case "findMany":
    case "count":
      return { ...args, where: { ...(args.where ?? {}), id: tenantId } };
    case "update":
    case "updateMany":
      if (args.where?.id !== undefined && args.where.id !== tenantId) throw new TenantScopeViolation("Tenant: another tenant");
      return { ...args, where: { ...(args.where ?? {}), id: tenantId } };
    default:
      throw new TenantScopeViolation(`Tenant.${operation} is not allowed on a tenant-scoped client`);
  }
}

export function scopeArgs(model: string, operation: string, args: TArgs, tenantId: string): TArgs {
  if (model === "Tenant") return scopeTenantArgs(operation, args, tenantId);
  switch (operation) {
    case "create":
      return { ...args, data: scopeData(args.data, tenantId, model) };
    case "createMany":
    case "createManyAndReturn":
      return { ...args, data: scopeData(args.data, tenantId, model) };
    case "upsert":
      refuseTenantChange(args.update, model);
      return { ...args, where: scopeWhere(args.where, tenantId, model), create: scopeData(args.create, tenantId, model) };
    case "update":
      refuseTenantChange(args.data, model);
      return { ...args, where: scopeWhere(args.where, tenantId, model) };
    case "updateMany":
    case "updateManyAndReturn":
      if (!hasFilter(args.where)) throw new TenantScopeViolation(`${model}.${operation} needs a filter (refusing to update every row)`);
      refuseTenantChange(args.data, model);
      return { ...args, where: scopeWhere(args.where, tenantId, model) };
    case "deleteMany":
      if (!hasFilter(args.where)) throw new TenantScopeViolation(`${model}.deleteMany needs a filter (refusing to delete every row)`);
      return { ...args, where: scopeWhere(args.where, tenantId, model) };
    case "findUnique":
    case "findUniqueOrThrow":
    case "findFirst":
    case "findFirstOrThrow":
    case "findMany":
    case "count":
    case "aggregate":
    case "groupBy":
    case "delete":
      return { ...args, where: scopeWhere(args.where, tenantId, model) };
    default:
      throw new TenantScopeViolation(`${model}.${operation} is not supported on a tenant-scoped client`);
  }
}

export function forTenant(tenantId: string) {
  if (!tenantId) throw new TenantScopeViolation("forTenant needs a tenant id");
  return rootDb().$extends({
    name: "forTenant",
    query: {
      // Raw SQL would bypass the tenant filter: only server/db/ may use it, through rootDb().
      async $queryRaw() { throw new TenantScopeViolation("raw SQL is not allowed on a tenant-scoped client"); },
      async $executeRaw() { throw new TenantScopeViolation("raw SQL is not allowed on a tenant-scoped client"); },
      async $queryRawUnsafe() { throw new TenantScopeViolation("raw SQL is not allowed on a tenant-scoped client"); },
      async $executeRawUnsafe() { throw new TenantScopeViolation("raw SQL is not allowed on a tenant-scoped client"); },
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          if (TENANT_OWNED_MODELS.has(model) || model === "Tenant") {
            return query(scopeArgs(model, operation, (args ?? {}) as TArgs, tenantId) as typeof args);
          }
          if (GLOBAL_READ_MODELS.has(model) && READ_OPERATIONS.has(operation)) return query(args);
          // Least privilege: logins, sessions and nonces are not tenant data; they are reached through server/db only.
          throw new TenantScopeViolation(`${model}.${operation} is not reachable from a tenant-scoped client`);
        },
      },
    },
  });
}

export type TTenantDb = ReturnType<typeof forTenant>;

/**
 * tRPC instance and procedure tiers:
 *  - publicProcedure
 *  - authedProcedure: a signed-in console user
 *  - tenantProcedure: `tenantSlug` in the input, membership checked (not a member: NOT_FOUND),
 *    `ctx.scope.db = forTenant(tenant.id)`; any role may read
 *  - operatorProcedure / adminProcedure / ownerProcedure: writes, by minimum role (auditors never write)
 * AppError, validation and database errors are mapped to tRPC codes here, once.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z, ZodError } from "zod";
import { AppError, TRPC_CODE_FOR, isAppError } from "@/server/errors";
import { forTenant, TenantScopeViolation } from "@/server/db";
import { findMembership } from "@/server/db/accounts";
import { roleAtLeast, type TRole } from "@/server/auth/roles";
import type { TTenantScope } from "@/server/modules/tenant-scope";
import type { TContext } from "./context";

function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

function toTrpcError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (isAppError(error)) {
    return new TRPCError({ code: TRPC_CODE_FOR[error.code] as TRPCError["code"], message: error.message, cause: error });
  }
  if (error instanceof ZodError) return new TRPCError({ code: "BAD_REQUEST", message: describeZodError(error), cause: error });
  if (error instanceof TenantScopeViolation) return new TRPCError({ code: "NOT_FOUND", message: "Not found" });
  const prismaCode = (error as { code?: string })?.code;
  if (prismaCode === "P2002") return new TRPCError({ code: "CONFLICT", message: "That already exists" });
  if (prismaCode === "P2025") return new TRPCError({ code: "NOT_FOUND", message: "Not found" });
  console.error("[trpc] unexpected error", error);
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side" });
}

const t = initTRPC
  .context<TContext>()
  .meta<OpenApiMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const message = cause instanceof ZodError ? describeZodError(cause) : shape.message;
      return { ...shape, message, data: { ...shape.data, stack: undefined } };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTrpcError(result.error.cause ?? result.error);
  return result;
});

export const publicProcedure = t.procedure.use(errorMapping);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new AppError("UNAUTHORIZED", "Sign in first");
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const ZTenantInput = z.object({
  tenantSlug: z.string().min(1).max(64).optional().describe("The tenant; optional with an API key (the key names its tenant)"),
});

export const tenantProcedure = publicProcedure.input(ZTenantInput).use(async ({ ctx, input, next }) => {
  const requested = input.tenantSlug;
  let scope: TTenantScope;
  let role: TRole;
  if (ctx.badCredential) throw new AppError("UNAUTHORIZED", "The API key is invalid or revoked");
  if (ctx.apiKey) {
    if (requested && requested !== ctx.apiKey.tenantSlug) throw new AppError("NOT_FOUND", "Tenant not found");
    role = ctx.apiKey.scope === "admin" ? "admin" : "auditor";
    scope = {
      db: forTenant(ctx.apiKey.tenantId),
      tenantId: ctx.apiKey.tenantId,
      tenantSlug: ctx.apiKey.tenantSlug,
      actor: { type: "api_key", id: ctx.apiKey.id, label: `API key "${ctx.apiKey.name}"` },
    };
  } else if (ctx.user) {
    if (!requested) throw new AppError("BAD_REQUEST", "tenantSlug is required");
    const membership = await findMembership({ userId: ctx.user.id, tenantSlug: requested });
    if (!membership) throw new AppError("NOT_FOUND", "Tenant not found");
    role = membership.role;
    scope = {
      db: forTenant(membership.tenant.id),
      tenantId: membership.tenant.id,
      tenantSlug: membership.tenant.slug,
      actor: { type: "member", id: ctx.user.id, label: ctx.user.email },
    };
  } else {
    throw new AppError("UNAUTHORIZED", "Sign in, or send an API key as `Authorization: Bearer <key>`");
  }
  return next({ ctx: { ...ctx, scope, role } });
});

function requireRole(minimum: TRole) {
  return tenantProcedure.use(({ ctx, next }) => {
    if (!roleAtLeast(ctx.role, minimum)) {
      const who = ctx.apiKey ? "This API key (read scope)" : `Your role (${ctx.role})`;
      throw new AppError("FORBIDDEN", `${who} cannot do this: it needs ${minimum} or above`);
    }
    return next();
  });
}

export const operatorProcedure = requireRole("operator");
export const adminProcedure = requireRole("admin");
export const ownerProcedure = requireRole("owner");

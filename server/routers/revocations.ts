import { z } from "zod";
import { AppError } from "@/server/errors";
import { roleAtLeast } from "@/server/auth/roles";
import { adminProcedure, operatorProcedure, router, tenantProcedure } from "@/server/trpc/init";
import { createRevocation } from "@/server/modules/revocations/create-revocation";
import { getRevocation } from "@/server/modules/revocations/get-revocation";
import { listRevocations } from "@/server/modules/revocations/list-revocations";
import { previewRevocation } from "@/server/modules/revocations/preview-revocation";
import { restoreRevocation } from "@/server/modules/revocations/restore-revocation";
import { ZRevocationScopeType, ZRevocationTrigger } from "@/server/modules/revocations/revocation-schemas";
import { createRevocationWebhook, listRevocationWebhooks, revokeRevocationWebhook } from "@/server/modules/revocations/revocation-webhooks";

const ZId = z.string().min(1).max(64);
const ZProgress = z.object({ total: z.number(), pending: z.number(), delivered: z.number(), stopped: z.number(), failed: z.number() });
const ZRevocationSummary = z.object({
  id: z.string(),
  scopeType: z.string(),
  scopeId: z.string().nullable(),
  scopeLabel: z.string(),
  reason: z.string(),
  trigger: z.string(),
  triggerRef: z.string().nullable(),
  actorLabel: z.string(),
  status: z.string(),
  createdAt: z.date(),
  restoredAt: z.date().nullable(),
  identities: z.number(),
  progress: ZProgress,
});
const ZRevocationDetail = ZRevocationSummary.omit({ identities: true }).extend({
  restoredBy: z.string().nullable(),
  restoreReason: z.string().nullable(),
  targets: z.array(
    z.object({
      deviceId: z.string(),
      hostname: z.string().nullable(),
      status: z.string(),
      failReason: z.string().nullable(),
      proof: z.unknown(),
      createdAt: z.date(),
      deliveredAt: z.date().nullable(),
      completedAt: z.date().nullable(),
    }),
  ),
  identities: z.array(
    z.object({
      identityId: z.string(),
      viaId: z.string().nullable(),
      depth: z.number(),
      previousStatus: z.string(),
      productSlug: z.string().nullable(),
      personId: z.string().nullable(),
      deviceId: z.string().nullable(),
      status: z.string().nullable(),
    }),
  ),
});
const ZScopeInput = { scopeType: ZRevocationScopeType, scopeId: z.string().trim().min(1).max(200).optional() };
const ZWebhook = z.object({ id: z.string(), name: z.string(), prefix: z.string(), createdAt: z.date(), revokedAt: z.date().nullable() });

export const revocationsRouter = router({
  list: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/revocations", protect: true, tags: ["revocations"], summary: "List kill-switch revocations with device progress" } })
    .input(z.object({ status: z.enum(["active", "restored"]).optional(), limit: z.coerce.number().int().min(1).max(200).optional() }))
    .output(z.array(ZRevocationSummary))
    .query(({ ctx, input }) => listRevocations({ scope: ctx.scope, status: input.status, limit: input.limit })),

  get: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/revocations/{id}", protect: true, tags: ["revocations"], summary: "One revocation: each device's status (pending, delivered, stopped, failed) with proof, and the delegation chain" } })
    .input(z.object({ id: ZId }))
    .output(ZRevocationDetail)
    .query(({ ctx, input }) => getRevocation({ scope: ctx.scope, id: input.id })),

  preview: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/revocation-preview", protect: true, tags: ["revocations"], summary: "Impact preview: identities, devices and people a revocation scope would reach" } })
    .input(z.object(ZScopeInput))
    .output(z.object({ scopeLabel: z.string(), identities: z.number(), delegatedChildren: z.number(), devices: z.number(), people: z.number(), matchesNothing: z.boolean() }))
    .query(({ ctx, input }) => previewRevocation({ scope: ctx.scope, target: { type: input.scopeType, id: input.scopeId } })),

  create: operatorProcedure
    .meta({ openapi: { method: "POST", path: "/revocations", protect: true, tags: ["revocations"], summary: "Pull the kill switch: revoke an identity, a product, a person's agents, a device or the whole tenant" } })
    .input(
      z.object({
        ...ZScopeInput,
        reason: z.string().trim().min(3, "Say why (at least 3 characters)").max(500),
        trigger: ZRevocationTrigger.exclude(["scim", "budget"]).default("manual"),
        triggerRef: z.string().trim().min(1).max(200).optional(),
        confirm: z.string().max(100).optional().describe("Tenant-wide only: the tenant slug, typed"),
      }),
    )
    .output(z.object({ id: z.string(), scopeLabel: z.string(), identitiesRevoked: z.number(), devicesTargeted: z.number(), createdAt: z.date() }))
    .mutation(async ({ ctx, input }) => {
      if (input.scopeType === "tenant") {
        if (!roleAtLeast(ctx.role, "admin")) throw new AppError("FORBIDDEN", "A tenant-wide revocation needs admin or above");
        if (input.confirm !== ctx.scope.tenantSlug) throw new AppError("BAD_REQUEST", `To revoke every agent in the tenant, type the tenant slug "${ctx.scope.tenantSlug}" as confirm`);
      }
      const r = await createRevocation({ scope: ctx.scope, target: { type: input.scopeType, id: input.scopeId }, reason: input.reason, trigger: input.trigger, triggerRef: input.triggerRef });
      return { id: r.id, scopeLabel: r.scopeLabel, identitiesRevoked: r.identitiesRevoked, devicesTargeted: r.devicesTargeted, createdAt: r.createdAt };
    }),

  restore: adminProcedure
    .meta({ openapi: { method: "POST", path: "/revocations/{id}/restore", protect: true, tags: ["revocations"], summary: "Restore (lift) a revocation: identities re-authorised, devices unlocked" } })
    .input(z.object({ id: ZId, reason: z.string().trim().min(3).max(500) }))
    .output(z.object({ id: z.string(), restoredAt: z.date(), identitiesRestored: z.number(), devicesNotified: z.number() }))
    .mutation(({ ctx, input }) => restoreRevocation({ scope: ctx.scope, id: input.id, reason: input.reason })),

  webhooks: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/revocation-webhooks", protect: true, tags: ["revocations"], summary: "List SIEM/SOAR revocation webhooks" } })
    .output(z.array(ZWebhook))
    .query(({ ctx }) => listRevocationWebhooks({ scope: ctx.scope })),

  createWebhook: adminProcedure
    .meta({ openapi: { method: "POST", path: "/revocation-webhooks", protect: true, tags: ["revocations"], summary: "Create a SIEM/SOAR revocation webhook; its signing secret is returned once" } })
    .input(z.object({ name: z.string().trim().min(1).max(80) }))
    .output(ZWebhook.extend({ secret: z.string(), url: z.string() }))
    .mutation(({ ctx, input }) => createRevocationWebhook({ scope: ctx.scope, name: input.name })),

  revokeWebhook: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/revocation-webhooks/{id}", protect: true, tags: ["revocations"], summary: "Disable a revocation webhook" } })
    .input(z.object({ id: ZId }))
    .output(z.object({ id: z.string(), revokedAt: z.date() }))
    .mutation(({ ctx, input }) => revokeRevocationWebhook({ scope: ctx.scope, id: input.id })),
});

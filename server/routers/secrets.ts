import { z } from "zod";
import { adminProcedure, router, tenantProcedure } from "@/server/trpc/init";
import { createTenantSecret } from "@/server/modules/secrets/create-tenant-secret";
import { listTenantSecrets } from "@/server/modules/secrets/list-tenant-secrets";
import { rotateTenantSecret } from "@/server/modules/secrets/rotate-tenant-secret";
import { revokeTenantSecret } from "@/server/modules/secrets/revoke-tenant-secret";
import { rewrapTenantSecrets } from "@/server/modules/secrets/rewrap-tenant-secrets";
import { ZSecretProvider, ZTenantSecretMeta } from "@/server/modules/secrets/secret-schemas";

const ZId = z.object({ id: z.string().min(1).max(64) });

export const secretsRouter = router({
  list: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/secrets", protect: true, tags: ["secrets"], summary: "List provider secrets (metadata only; values are never returned)" } })
    .output(z.array(ZTenantSecretMeta))
    .query(({ ctx }) => listTenantSecrets({ scope: ctx.scope })),

  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/secrets", protect: true, tags: ["secrets"], summary: "Store a provider secret (encrypted; never shown again)" } })
    .input(
      z.object({
        name: z.string().max(80),
        provider: ZSecretProvider,
        value: z.string().max(4096),
        headerName: z.string().max(64).optional(),
        valuePrefix: z.string().max(32).optional(),
      }),
    )
    .output(ZTenantSecretMeta)
    .mutation(({ ctx, input }) =>
      createTenantSecret({
        scope: ctx.scope,
        input: { name: input.name, provider: input.provider, value: input.value, headerName: input.headerName, valuePrefix: input.valuePrefix },
      }),
    ),

  rotate: adminProcedure
    .meta({ openapi: { method: "POST", path: "/secrets/{id}/rotate", protect: true, tags: ["secrets"], summary: "Replace a secret's value" } })
    .input(ZId.extend({ value: z.string().max(4096) }))
    .output(ZTenantSecretMeta)
    .mutation(({ ctx, input }) => rotateTenantSecret({ scope: ctx.scope, id: input.id, value: input.value })),

  revoke: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/secrets/{id}", protect: true, tags: ["secrets"], summary: "Revoke a secret (devices get no more copies)" } })
    .input(ZId)
    .output(ZTenantSecretMeta)
    .mutation(({ ctx, input }) => revokeTenantSecret({ scope: ctx.scope, id: input.id })),

  rewrap: adminProcedure
    .meta({ openapi: { method: "POST", path: "/secrets/rewrap", protect: true, tags: ["secrets"], summary: "Re-wrap every secret's data key under the current KEK (KEK rotation)" } })
    .output(z.object({ rewrapped: z.number().int(), alreadyCurrent: z.number().int(), kekId: z.string() }))
    .mutation(({ ctx }) => rewrapTenantSecrets({ scope: ctx.scope })),
});

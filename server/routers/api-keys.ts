import { z } from "zod";
import { adminProcedure, router, tenantProcedure } from "@/server/trpc/init";
import { createApiKey } from "@/server/modules/api-keys/create-api-key";
import { listApiKeys } from "@/server/modules/api-keys/list-api-keys";
import { revokeApiKey } from "@/server/modules/api-keys/revoke-api-key";

const ZKeyScope = z.enum(["read", "admin"]);
const ZApiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scope: ZKeyScope,
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const apiKeysRouter = router({
  list: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/api-keys", protect: true, tags: ["api-keys"], summary: "List API keys (never the keys themselves)" } })
    .output(z.array(ZApiKey))
    .query(({ ctx }) => listApiKeys({ scope: ctx.scope })),

  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/api-keys", protect: true, tags: ["api-keys"], summary: "Create an API key; the key is returned once" } })
    .input(z.object({ name: z.string().trim().min(1, "Name is required").max(80), scope: ZKeyScope }))
    .output(z.object({ id: z.string(), name: z.string(), scope: ZKeyScope, prefix: z.string(), createdAt: z.date(), key: z.string() }))
    .mutation(({ ctx, input }) => createApiKey({ scope: ctx.scope, name: input.name, keyScope: input.scope })),

  revoke: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/api-keys/{id}", protect: true, tags: ["api-keys"], summary: "Revoke an API key" } })
    .input(z.object({ id: z.string().min(1).max(64) }))
    .output(z.object({ id: z.string(), revokedAt: z.date() }))
    .mutation(({ ctx, input }) => revokeApiKey({ scope: ctx.scope, id: input.id })),
});

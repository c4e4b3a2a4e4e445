import { z } from "zod";
import { env } from "@/server/env";
import { adminProcedure, router, tenantProcedure } from "@/server/trpc/init";
import { createScimToken } from "@/server/modules/scim/tokens/create-scim-token";
import { listScimTokens } from "@/server/modules/scim/tokens/list-scim-tokens";
import { revokeScimToken } from "@/server/modules/scim/tokens/revoke-scim-token";
import { listScimRequests } from "@/server/modules/scim/request-log/list-scim-requests";
import { trimBaseUrl } from "@/server/modules/scim/scim-meta";

const ZScimToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

const ZScimRequest = z.object({
  id: z.string(),
  at: z.date(),
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  scimType: z.string().nullable(),
  durationMs: z.number().int(),
  tokenName: z.string().nullable(),
});

export const scimTokensRouter = router({
  setup: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/scim/setup", protect: true, tags: ["scim"], summary: "The SCIM base URL to give Okta or Entra ID" } })
    .output(z.object({ baseUrl: z.string() }))
    .query(() => ({ baseUrl: `${trimBaseUrl(env().MARSHAL_PUBLIC_URL)}/scim/v2` })),

  list: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/scim/tokens", protect: true, tags: ["scim"], summary: "List SCIM tokens (never the tokens themselves)" } })
    .output(z.array(ZScimToken))
    .query(({ ctx }) => listScimTokens({ scope: ctx.scope })),

  create: adminProcedure
    .meta({ openapi: { method: "POST", path: "/scim/tokens", protect: true, tags: ["scim"], summary: "Create a SCIM bearer token; the token is returned once" } })
    .input(z.object({ name: z.string().trim().min(1, "Name is required").max(80) }))
    .output(z.object({ id: z.string(), name: z.string(), prefix: z.string(), createdAt: z.date(), token: z.string() }))
    .mutation(({ ctx, input }) => createScimToken({ scope: ctx.scope, name: input.name })),

  revoke: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/scim/tokens/{id}", protect: true, tags: ["scim"], summary: "Revoke a SCIM token" } })
    .input(z.object({ id: z.string().min(1).max(64) }))
    .output(z.object({ id: z.string(), revokedAt: z.date() }))
    .mutation(({ ctx, input }) => revokeScimToken({ scope: ctx.scope, id: input.id })),

  requests: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/scim/requests", protect: true, tags: ["scim"], summary: "Recent SCIM requests: method, path, status, time (no bodies, no secrets)" } })
    .input(z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), status: z.enum(["all", "errors"]).default("all") }))
    .output(z.array(ZScimRequest))
    .query(({ ctx, input }) => listScimRequests({ scope: ctx.scope, limit: input.limit, status: input.status })),
});

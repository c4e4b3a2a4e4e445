import { z } from "zod";
import { adminProcedure, router, tenantProcedure } from "@/server/trpc/init";
import { getIdentity } from "@/server/modules/identities/get-identity";
import { listIdentities } from "@/server/modules/identities/list-identities";
import { listSigningKeys } from "@/server/modules/identities/list-signing-keys";
import { rotateSigningKey } from "@/server/modules/identities/signing-keys";

const ZStatus = z.enum(["active", "suspended", "revoked"]);
const ZIdentityRow = z.object({
  id: z.string(),
  productSlug: z.string(),
  status: ZStatus,
  statusReason: z.string().nullable(),
  policyClass: z.string(),
  deviceId: z.string(),
  hostname: z.string(),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  parentId: z.string().nullable(),
  children: z.number(),
  lastIssuedAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  createdAt: z.date(),
});
const ZRef = z.object({ id: z.string(), productSlug: z.string(), status: ZStatus });

export const identitiesRouter = router({
  list: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/identities", protect: true, tags: ["identities"], summary: "List agent identities (filters: status, product, person, device, policy class, text)" } })
    .input(
      z.object({
        status: ZStatus.optional(),
        productSlug: z.string().max(64).optional(),
        personId: z.string().max(64).optional(),
        deviceId: z.string().max(64).optional(),
        policyClass: z.string().max(100).optional(),
        q: z.string().trim().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(500).optional(),
        cursor: z.string().max(64).optional(),
      }),
    )
    .output(z.object({ items: z.array(ZIdentityRow), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => {
      const { limit, cursor, tenantSlug: _t, ...filters } = input;
      return listIdentities({ scope: ctx.scope, filters: { ...filters, q: filters.q || undefined }, limit, cursor });
    }),

  get: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/identities/{id}", protect: true, tags: ["identities"], summary: "One agent identity: credentials (never tokens), delegation, last use, history" } })
    .input(z.object({ id: z.string().min(1).max(64) }))
    .output(
      z.object({
        id: z.string(),
        productSlug: z.string(),
        status: ZStatus,
        statusReason: z.string().nullable(),
        policyClass: z.string(),
        scopes: z.array(z.string()),
        device: z.object({ id: z.string(), hostname: z.string() }),
        person: z.object({ id: z.string(), name: z.string(), active: z.boolean() }).nullable(),
        parent: ZRef.nullable(),
        children: z.array(ZRef),
        createdAt: z.date(),
        lastIssuedAt: z.date().nullable(),
        lastUsedAt: z.date().nullable(),
        revokedAt: z.date().nullable(),
        credentials: z.array(z.object({ jti: z.string(), keyId: z.string(), issuedAt: z.date(), expiresAt: z.date(), revokedAt: z.date().nullable(), live: z.boolean() })),
        history: z.array(z.object({ at: z.date(), what: z.string(), detail: z.string() })),
      }),
    )
    .query(({ ctx, input }) => getIdentity({ scope: ctx.scope, id: input.id })),

  signingKeys: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/identities-signing-keys", protect: true, tags: ["identities"], summary: "The tenant's agent-token signing keys (public metadata only)" } })
    .output(z.array(z.object({ kid: z.string(), alg: z.string(), status: z.string(), createdAt: z.date(), retiredAt: z.date().nullable(), publishUntil: z.date().nullable(), published: z.boolean() })))
    .query(({ ctx }) => listSigningKeys({ scope: ctx.scope })),

  rotateSigningKey: adminProcedure
    .meta({ openapi: { method: "POST", path: "/identities-signing-keys/rotate", protect: true, tags: ["identities"], summary: "Rotate the agent-token signing key (the old key stays published until its tokens expire)" } })
    .output(z.object({ kid: z.string(), retired: z.array(z.string()), createdAt: z.date() }))
    .mutation(({ ctx }) => rotateSigningKey({ scope: ctx.scope })),
});

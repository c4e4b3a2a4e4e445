/** Registry, agent policy, exceptions, triage and compliance (issue 5): thin procedures over server/modules/registry, all in the REST API. */
import { z } from "zod";
import { ZProductSlug } from "@/server/contracts/inventory";
import { ZBlockedHandling } from "@/server/contracts/attestation";
import { adminProcedure, router, tenantProcedure } from "@/server/trpc/init";
import { getComplianceMatrix } from "@/server/modules/registry/get-compliance-matrix";
import { getRegistryProduct } from "@/server/modules/registry/get-registry-product";
import { listRegistryProducts, listUnreviewedProducts } from "@/server/modules/registry/list-registry-products";
import { propagatePolicy } from "@/server/modules/registry/propagate-policy";
import { createPolicyRevision, listPolicyRevisions, readCurrentPolicies } from "@/server/modules/registry/policy-revisions";
import { createRegistryException, listRegistryExceptions, revokeRegistryException } from "@/server/modules/registry/registry-exceptions";
import { removeRegistryEntry, setRegistryEntry } from "@/server/modules/registry/registry-entries";
import { ZExceptionSubjectType, ZOutOfPinAction, ZPolicyVerdictClass, ZRegistryEntryVerdict, ZTrustedSource, ZUpdatePolicy } from "@/server/modules/registry/registry-schemas";
import { readRegistrySettings, updateRegistrySettings, ZRegistrySettingsPatch } from "@/server/modules/registry/registry-settings";

const ZVerdictOrUnreviewed = z.enum(["sanctioned", "tolerated", "blocked", "unreviewed"]);
const ZEntry = z.object({
  id: z.string(),
  productSlug: z.string(),
  verdict: ZRegistryEntryVerdict,
  versionRange: z.string().nullable(),
  sha256: z.array(z.string()),
  trustedSources: z.array(ZTrustedSource),
  updatePolicy: ZUpdatePolicy,
  outOfPinAction: ZOutOfPinAction,
  toleratedUntil: z.date().nullable(),
  note: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const ZProduct = z.object({
  productSlug: z.string(),
  displayName: z.string(),
  vendor: z.string().nullable(),
  inCatalog: z.boolean(),
  compilable: z.boolean(),
  verdict: ZVerdictOrUnreviewed,
  entry: ZEntry.nullable(),
  installations: z.number(),
  devices: z.number(),
  firstSeenAt: z.date().nullable(),
  lastSeenAt: z.date().nullable(),
  activeExceptions: z.number(),
  attestations: z.record(z.string(), z.number()),
});
const ZException = z.object({
  id: z.string(),
  productSlug: z.string(),
  subjectType: ZExceptionSubjectType,
  subjectId: z.string(),
  subjectLabel: z.string(),
  verdict: ZRegistryEntryVerdict,
  reason: z.string(),
  expiresAt: z.date(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
  state: z.enum(["active", "expired", "revoked"]),
});
const ZRevision = z.object({
  id: z.string(),
  verdictClass: ZPolicyVerdictClass,
  version: z.number(),
  policy: z.unknown(),
  diff: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })),
  compiled: z.record(z.string(), z.string()),
  note: z.string().nullable(),
  createdById: z.string().nullable(),
  createdAt: z.date(),
});
const ZSettings = z.object({ defaultVerdict: ZVerdictOrUnreviewed, autoRepair: z.boolean(), blockedInstallHandling: ZBlockedHandling });
const ZSlugInput = z.object({ productSlug: ZProductSlug });
const tags = ["registry"];

export const registryRouter = router({
  products: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/registry/products", protect: true, tags, summary: "Every catalog product and every product seen on a device, with its verdict, installs and attestation counts" } })
    .output(z.object({ settings: ZSettings, products: z.array(ZProduct) }))
    .query(({ ctx }) => listRegistryProducts({ scope: ctx.scope })),

  product: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/registry/products/{productSlug}", protect: true, tags, summary: "One product: verdict, exceptions, where it runs, version spread" } })
    .input(ZSlugInput)
    .output(
      ZProduct.extend({
        exceptions: z.array(ZException),
        installationsTruncated: z.boolean(),
        installationList: z.array(
          z.object({
            id: z.string(),
            deviceId: z.string(),
            hostname: z.string(),
            os: z.string(),
            ring: z.string(),
            version: z.string().nullable(),
            installPath: z.string(),
            installMethod: z.string(),
            sha256: z.string().nullable(),
            running: z.boolean(),
            lastSeenAt: z.date(),
            outsidePins: z.string().nullable(),
            attestation: z.object({ deviceId: z.string(), status: z.string(), attestedAt: z.date(), lastDriftAt: z.date().nullable() }).nullable(),
          }),
        ),
        versionSpread: z.array(z.object({ version: z.string(), count: z.number() })),
      }),
    )
    .query(({ ctx, input }) => getRegistryProduct({ scope: ctx.scope, productSlug: input.productSlug })),

  unreviewed: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/registry/unreviewed", protect: true, tags, summary: "Triage queue: products found on devices without a verdict" } })
    .output(z.object({ defaultVerdict: ZVerdictOrUnreviewed, products: z.array(ZProduct) }))
    .query(({ ctx }) => listUnreviewedProducts({ scope: ctx.scope })),

  setVerdict: adminProcedure
    .meta({ openapi: { method: "PUT", path: "/registry/products/{productSlug}", protect: true, tags, summary: "Set a product's verdict, version and hash pins, trusted sources and update policy; sent to affected devices at once" } })
    .input(
      z.object({
        productSlug: ZProductSlug,
        verdict: ZRegistryEntryVerdict,
        versionRange: z.string().max(200).nullable().optional(),
        sha256: z.array(z.string().max(100)).max(200).optional(),
        trustedSources: z.array(ZTrustedSource).max(50).optional(),
        updatePolicy: ZUpdatePolicy.optional(),
        outOfPinAction: ZOutOfPinAction.optional(),
        toleratedUntil: z.coerce.date().nullable().optional(),
        note: z.string().max(2000).nullable().optional(),
      }),
    )
    .output(ZEntry.extend({ devicesNotified: z.number() }))
    .mutation(({ ctx, input }) => {
      const { tenantSlug: _t, ...entry } = input;
      return setRegistryEntry({ scope: ctx.scope, input: entry });
    }),

  removeVerdict: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/registry/products/{productSlug}", protect: true, tags, summary: "Remove a product's verdict (it is unreviewed again)" } })
    .input(ZSlugInput)
    .output(z.object({ productSlug: z.string(), devicesNotified: z.number() }))
    .mutation(({ ctx, input }) => removeRegistryEntry({ scope: ctx.scope, productSlug: input.productSlug })),

  exceptions: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/registry/exceptions", protect: true, tags, summary: "Exceptions (active ones unless includeEnded)" } })
    .input(z.object({ productSlug: ZProductSlug.optional(), includeEnded: z.coerce.boolean().optional() }))
    .output(z.array(ZException))
    .query(({ ctx, input }) => listRegistryExceptions({ scope: ctx.scope, productSlug: input.productSlug, includeEnded: input.includeEnded })),

  createException: adminProcedure
    .meta({ openapi: { method: "POST", path: "/registry/exceptions", protect: true, tags, summary: "A different verdict for one person, group or device, with a reason and an expiry" } })
    .input(
      z.object({
        productSlug: ZProductSlug,
        subjectType: ZExceptionSubjectType,
        subjectId: z.string().min(1).max(64),
        verdict: ZRegistryEntryVerdict,
        reason: z.string().max(1000),
        expiresAt: z.coerce.date(),
      }),
    )
    .output(ZException.extend({ devicesNotified: z.number() }))
    .mutation(({ ctx, input }) => {
      const { tenantSlug: _t, ...exception } = input;
      return createRegistryException({ scope: ctx.scope, input: exception });
    }),

  revokeException: adminProcedure
    .meta({ openapi: { method: "DELETE", path: "/registry/exceptions/{id}", protect: true, tags, summary: "End an exception now" } })
    .input(z.object({ id: z.string().min(1).max(64) }))
    .output(z.object({ id: z.string(), revokedAt: z.date(), devicesNotified: z.number() }))
    .mutation(({ ctx, input }) => revokeRegistryException({ scope: ctx.scope, id: input.id })),

  policies: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/registry/policies", protect: true, tags, summary: "The current agent policy of each verdict class and the revision history" } })
    .input(z.object({ verdictClass: ZPolicyVerdictClass.optional() }))
    .output(z.object({ current: z.object({ sanctioned: ZRevision.nullable(), tolerated: ZRevision.nullable() }), revisions: z.array(ZRevision) }))
    .query(async ({ ctx, input }) => ({
      current: await readCurrentPolicies({ scope: ctx.scope }),
      revisions: await listPolicyRevisions({ scope: ctx.scope, verdictClass: input.verdictClass }),
    })),

  revisePolicy: adminProcedure
    .meta({ openapi: { method: "POST", path: "/registry/policies/{verdictClass}", protect: true, tags, summary: "Save a new revision of a verdict class's agent policy (validated and compiled first); sent to affected devices at once" } })
    .input(z.object({ verdictClass: ZPolicyVerdictClass, policy: z.unknown(), note: z.string().max(2000).nullable().optional() }))
    .output(ZRevision.extend({ devicesNotified: z.number() }))
    .mutation(({ ctx, input }) => createPolicyRevision({ scope: ctx.scope, verdictClass: input.verdictClass, policy: input.policy, note: input.note })),

  settings: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/registry/settings", protect: true, tags, summary: "Default verdict for unreviewed products, auto-repair, blocked install handling" } })
    .output(ZSettings)
    .query(({ ctx }) => readRegistrySettings({ scope: ctx.scope })),

  updateSettings: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/registry/settings", protect: true, tags, summary: "Change registry settings; sent to every device at once" } })
    .input(ZRegistrySettingsPatch)
    .output(ZSettings.extend({ devicesNotified: z.number() }))
    .mutation(async ({ ctx, input }) => {
      const { tenantSlug: _t, ...patch } = input as typeof input & { tenantSlug?: string };
      const settings = await updateRegistrySettings({ scope: ctx.scope, patch });
      const { devicesNotified } = await propagatePolicy({ scope: ctx.scope });
      return { ...settings, devicesNotified };
    }),

  compliance: tenantProcedure
    .meta({ openapi: { method: "GET", path: "/registry/compliance", protect: true, tags, summary: "Devices × agents: is the policy actually in force on each device" } })
    .input(z.object({ take: z.coerce.number().int().min(1).max(500).optional(), cursor: z.string().max(64).optional(), status: z.string().max(40).optional() }))
    .output(
      z.object({
        products: z.array(z.string()),
        rows: z.array(
          z.object({
            deviceId: z.string(),
            hostname: z.string(),
            os: z.string(),
            ring: z.string(),
            lastCheckinAt: z.date().nullable(),
            cells: z.array(
              z.object({
                productSlug: z.string(),
                verdict: z.string(),
                status: z.string(),
                version: z.string().nullable(),
                running: z.boolean(),
                attestedAt: z.date().nullable(),
                lastDriftAt: z.date().nullable(),
                repaired: z.boolean(),
                drift: z.unknown(),
                detail: z.unknown(),
              }),
            ),
          }),
        ),
        nextCursor: z.string().nullable(),
        totals: z.record(z.string(), z.number()),
      }),
    )
    .query(({ ctx, input }) => getComplianceMatrix({ scope: ctx.scope, take: input.take, cursor: input.cursor, status: input.status })),
});

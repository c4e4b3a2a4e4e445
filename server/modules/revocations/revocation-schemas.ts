import { z } from "zod";

export const revocationScopeTypes = ["identity", "product", "person", "device", "tenant"] as const;
export const ZRevocationScopeType = z.enum(revocationScopeTypes);
export type TRevocationScopeType = z.infer<typeof ZRevocationScopeType>;

export const revocationTriggers = ["manual", "scim", "siem", "budget"] as const;
export const ZRevocationTrigger = z.enum(revocationTriggers);
export type TRevocationTrigger = z.infer<typeof ZRevocationTrigger>;

/** What to revoke: one identity, a product across the fleet, a person's agents, a device, or the whole tenant. */
export const ZRevocationScope = z
  .object({
    type: ZRevocationScopeType,
    id: z.string().trim().min(1).max(200).optional().describe("identity id, product slug, person id or device id; omitted for tenant"),
  })
  .superRefine((v, ctx) => {
    if (v.type === "tenant" && v.id !== undefined) ctx.addIssue({ code: "custom", path: ["id"], message: "a tenant-wide revocation takes no id" });
    if (v.type !== "tenant" && v.id === undefined) ctx.addIssue({ code: "custom", path: ["id"], message: `a ${v.type} revocation needs the ${v.type} id` });
  });
export type TRevocationScope = z.infer<typeof ZRevocationScope>;

export const ZCreateRevocationInput = z.object({
  target: ZRevocationScope,
  reason: z.string().trim().min(3, "Say why (at least 3 characters)").max(500),
  trigger: ZRevocationTrigger.default("manual"),
  triggerRef: z.string().trim().min(1).max(200).optional(),
});
export type TCreateRevocationInput = z.input<typeof ZCreateRevocationInput>;

export const revocationTargetStatuses = ["pending", "delivered", "stopped", "failed"] as const;
export type TRevocationTargetStatus = (typeof revocationTargetStatuses)[number];

/** The `revoke` command payload the enroller runs (agent-enroller/src/loop/command-handlers.ts). */
export type TRevokeCommandPayload = {
  revocationId: string;
  reason: string;
  /** Stop every detected agent on the device (device, tenant and owner-person scopes). */
  allAgents: boolean;
  productSlugs: string[];
  /** Kept for enrollers that only know a single product. */
  productSlug?: string;
  identityIds: string[];
};

/** Input schemas of the registry: what a CISO may set per product, and exceptions. Semantic checks live in validate-registry-entry.ts. */
import { z } from "zod";
import { ZProductSlug } from "@/server/contracts/inventory";

export const ZRegistryEntryVerdict = z.enum(["sanctioned", "tolerated", "blocked"]);
export type TRegistryEntryVerdict = z.infer<typeof ZRegistryEntryVerdict>;

export const ZEffectiveVerdict = z.enum(["sanctioned", "tolerated", "blocked", "unreviewed"]);
export type TEffectiveVerdict = z.infer<typeof ZEffectiveVerdict>;

/** Where a trusted install comes from: an npm package, a vendor installer URL, an extension marketplace id, a pip package, an app bundle id. */
export const ZTrustedSource = z.strictObject({
  kind: z.enum(["npm", "vendor-installer", "extension-marketplace", "pip", "app"]),
  value: z.string().trim().min(1).max(500),
});
export type TTrustedSource = z.infer<typeof ZTrustedSource>;

export const ZUpdatePolicy = z.enum(["auto", "pinned", "manual"]);
export const ZOutOfPinAction = z.enum(["block", "flag"]);

export const ZRegistryEntryInput = z.strictObject({
  productSlug: ZProductSlug,
  verdict: ZRegistryEntryVerdict,
  /** npm semver range; null or omitted: any version. */
  versionRange: z.string().max(200).nullable().default(null),
  sha256: z.array(z.string().max(100)).max(200).default([]),
  trustedSources: z.array(ZTrustedSource).max(50).default([]),
  updatePolicy: ZUpdatePolicy.default("auto"),
  outOfPinAction: ZOutOfPinAction.default("flag"),
  /** Required for tolerated (time-boxed); ignored otherwise. */
  toleratedUntil: z.coerce.date().nullable().default(null),
  note: z.string().max(2000).nullable().default(null),
});
export type TRegistryEntryInput = z.input<typeof ZRegistryEntryInput>;

export const ZExceptionSubjectType = z.enum(["person", "group", "device"]);

export const ZRegistryExceptionInput = z.strictObject({
  productSlug: ZProductSlug,
  subjectType: ZExceptionSubjectType,
  subjectId: z.string().min(1).max(64),
  verdict: ZRegistryEntryVerdict,
  reason: z.string().trim().min(3, "Give a reason (at least 3 characters)").max(1000),
  expiresAt: z.coerce.date(),
});
export type TRegistryExceptionInput = z.input<typeof ZRegistryExceptionInput>;

export const ZPolicyVerdictClass = z.enum(["sanctioned", "tolerated"]);
export type TPolicyVerdictClass = z.infer<typeof ZPolicyVerdictClass>;

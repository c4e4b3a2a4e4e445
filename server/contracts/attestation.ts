/**
 * Enforcement and effective-policy attestation (issue 5), shared by the server and the enroller.
 * Pure zod: no node, next or prisma imports.
 *
 * - `ZApplyPolicyPayload`: the payload of an `apply-policy` command: the device's whole policy bundle
 *   (compiled managed files per agent with their hashes, the blocked products and how to handle them).
 *   `policyVersion` is the bundle's hash; the check-in response carries the same value.
 * - `ZAttestation`: what the device reports per agent product at each check-in: the expected policy hash,
 *   the hash of what it found on disk, drift details, the result of the agent's own probe, and a status.
 */
import { z } from "zod";
import { ZAgentPolicy, ZAgentSlug } from "./agent-policy";
import { ZProductSlug, ZSha256Hex } from "./inventory";

export const MAX_ATTESTATIONS = 100;

export const ZAttestationStatus = z.enum([
  /** The managed files on disk are exactly the compiled ones and the agent's probe (where it has one) confirms them; or a block holds. */
  "in_force",
  /** What is on disk differs from what was applied (edited, deleted, unreadable). */
  "drifted",
  /** The files match but the agent itself does not honour them (probe says not in force). */
  "tampered",
  /** Nothing to enforce for this product here. */
  "not_applicable",
  /** Writing or verifying the files failed for a reason other than permissions. */
  "apply_failed",
  /** A blocked product is still installed or running. */
  "blocked_present",
  /** The enroller runs without the rights to write the system files or stop the process; an administrator must act. */
  "needs_elevation",
]);
export type TAttestationStatus = z.infer<typeof ZAttestationStatus>;

export const ZBlockedHandling = z.enum(["quarantine", "remove", "stop-only"]);
export type TBlockedHandling = z.infer<typeof ZBlockedHandling>;

export const ZDriftDetail = z.strictObject({
  path: z.string().min(1).max(4096),
  kind: z.enum(["modified", "missing", "unreadable"]),
  expectedSha256: ZSha256Hex.nullable(),
  foundSha256: ZSha256Hex.nullable(),
});
export type TDriftDetail = z.infer<typeof ZDriftDetail>;

export const ZProbeCheck = z.strictObject({ name: z.string().max(200), ok: z.boolean(), detail: z.string().max(2000) });

/** The agent CLI's own answer (server/modules/registry/compilers/probes.ts); `not-available` when the agent has no probe or no binary was found. */
export const ZAttestationProbe = z.strictObject({
  status: z.enum(["in-force", "not-in-force", "probe-failed", "inconclusive", "not-available"]),
  checks: z.array(ZProbeCheck).max(50),
  detail: z.string().max(2000).optional(),
  ranAt: z.iso.datetime({ offset: true }),
  /** The result was reused from an earlier run: neither the files nor the agent binary changed since. */
  cached: z.boolean(),
});
export type TAttestationProbe = z.infer<typeof ZAttestationProbe>;

export const ZAttestation = z.strictObject({
  productSlug: ZProductSlug,
  /** The compiler slug when Marshal compiles a policy for the product. */
  agent: ZAgentSlug.nullable(),
  /** The bundle the device was enforcing when it attested. */
  policyVersion: z.string().max(100).nullable(),
  expectedHash: ZSha256Hex.nullable(),
  foundHash: ZSha256Hex.nullable(),
  status: ZAttestationStatus,
  drift: z.array(ZDriftDetail).max(50),
  probe: ZAttestationProbe.nullable(),
  /** Drift found at this check-in was repaired (auto-repair on) and verified by re-reading the files. */
  repaired: z.boolean(),
  /** What the enforcement did or could not do (terminated pids, quarantine path, the error), free-form. */
  detail: z.record(z.string(), z.unknown()).optional(),
  checkedAt: z.iso.datetime({ offset: true }),
});
export type TAttestation = z.infer<typeof ZAttestation>;

export const ZAttestations = z.array(ZAttestation).max(MAX_ATTESTATIONS);

export const ZBundleFile = z.strictObject({
  pathByOs: z.strictObject({ linux: z.string().min(1), darwin: z.string().min(1), windows: z.string().min(1) }),
  content: z.string().max(1_000_000),
  sha256: ZSha256Hex,
});
export type TBundleFile = z.infer<typeof ZBundleFile>;

export const ZBundleAgent = z.strictObject({
  productSlug: ZProductSlug,
  agent: ZAgentSlug,
  verdict: z.enum(["sanctioned", "tolerated"]),
  /** computePolicyHash over the files (by their Linux path) and env. */
  policyHash: ZSha256Hex,
  /** The policy itself, so the device can run the agent's probe against it. */
  policy: ZAgentPolicy,
  files: z.array(ZBundleFile).max(20),
  env: z.record(z.string(), z.string()).default({}),
});
export type TBundleAgent = z.infer<typeof ZBundleAgent>;

export const ZBundleBlock = z.strictObject({
  productSlug: ZProductSlug,
  handling: ZBlockedHandling,
  /** Only this install (a version or hash outside the pins); omitted: every install of the product. */
  installPath: z.string().min(1).max(4096).optional(),
  reason: z.string().max(500),
});
export type TBundleBlock = z.infer<typeof ZBundleBlock>;

export const ZApplyPolicyPayload = z.strictObject({
  policyVersion: ZSha256Hex,
  autoRepair: z.boolean(),
  agents: z.array(ZBundleAgent).max(50),
  blocked: z.array(ZBundleBlock).max(200),
});
export type TApplyPolicyPayload = z.infer<typeof ZApplyPolicyPayload>;

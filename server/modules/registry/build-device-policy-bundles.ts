/**
 * The policy bundle of each device: for every product installed there, its effective verdict; sanctioned and
 * tolerated products with a compiler get their compiled managed files (from the current policy revision of their
 * verdict class), blocked products (and installs outside the pins when the entry says block) get the tenant's
 * blocked-install handling. Blocked products are in every bundle whether installed or not. Batched: one query per table for any number of devices; compiled once per class and agent.
 */
import semver from "semver";
import type { TAgentPolicy } from "@/server/contracts/agent-policy";
import type { TApplyPolicyPayload, TBundleAgent, TBundleBlock } from "@/server/contracts/attestation";
import type { TTenantScope } from "../tenant-scope";
import { agentForProduct } from "./agent-for-product";
import { compileAgentPolicy } from "./compilers/compile-agent-policy";
import { sha256Hex } from "./compilers/compute-policy-hash";
import { computeBundleVersion } from "./compute-bundle-version";
import { readCurrentPolicies } from "./policy-revisions";
import { parseRegistrySettings } from "./registry-settings";
import type { TEffectiveVerdict } from "./registry-schemas";
import { resolveEffectiveVerdict } from "./resolve-effective-verdict";
import { withDeviceGateway } from "./with-device-gateway";
import { readRolloutOverrides } from "../rollouts/read-rollout-overrides";

export type TDeviceBundle = TApplyPolicyPayload & { deviceId: string; verdicts: Record<string, TEffectiveVerdict> };

export async function buildDevicePolicyBundles({ scope, deviceIds, now = new Date() }: { scope: TTenantScope; deviceIds: readonly string[]; now?: Date }): Promise<Map<string, TDeviceBundle>> {
  const { db } = scope;
  const [tenant, devices, entries, exceptions, policies] = await Promise.all([
    db.tenant.findFirstOrThrow({ select: { settings: true } }),
    db.device.findMany({
      where: { id: { in: [...deviceIds] } },
      select: { id: true, ring: true, ownerPersonId: true, installations: { select: { productSlug: true, installPath: true, version: true, sha256: true } } },
    }),
    db.registryEntry.findMany(),
    db.registryException.findMany({ where: { revokedAt: null, expiresAt: { gt: now } } }),
    readCurrentPolicies({ scope }),
  ]);
  const settings = parseRegistrySettings({ settings: tenant.settings });
  // Staged rollouts (server/modules/rollouts): a device its ring's rollout reached gets the rollout's revisions.
  const overrides = await readRolloutOverrides({ scope, devices });
  const ownerIds = [...new Set(devices.map((d) => d.ownerPersonId).filter((id): id is string => id !== null))];
  const memberships = ownerIds.length === 0 ? [] : await db.groupMember.findMany({ where: { personId: { in: ownerIds } }, select: { personId: true, groupId: true } });
  const groupsOf = new Map<string, string[]>();
  for (const m of memberships) groupsOf.set(m.personId, [...(groupsOf.get(m.personId) ?? []), m.groupId]);
  const entryOf = new Map(entries.map((e) => [e.productSlug, e]));
  const compiledCache = new Map<string, TBundleAgent | null>();
  const blockedAnywhere = [...entries.filter((e) => e.verdict === "blocked").map((e) => e.productSlug), ...exceptions.filter((e) => e.verdict === "blocked").map((e) => e.productSlug)];

  const compiledFor = ({ productSlug, verdict, revision = policies[verdict] }: { productSlug: string; verdict: "sanctioned" | "tolerated"; revision?: (typeof policies)[typeof verdict] }): TBundleAgent | null => {
    const key = `${verdict}\0${productSlug}\0${revision?.id ?? ""}`;
    if (compiledCache.has(key)) return compiledCache.get(key)!;
    const agent = agentForProduct({ productSlug });
    let result: TBundleAgent | null = null;
    if (agent && revision) {
      // Per-device parts (the loopback gateway and OTLP receiver) are the same on every device: still one compile per class.
      const policy = withDeviceGateway({ policy: revision.policy, settings });
      const compiled = compileAgentPolicy({ product: agent, policy });
      result = {
        productSlug,
        agent,
        verdict,
        policyHash: compiled.policyHash,
        policy: policy as TAgentPolicy,
        files: compiled.files.map((f) => ({ pathByOs: f.pathByOs, content: f.content, sha256: sha256Hex({ data: f.content }) })),
        env: compiled.env ?? {},
      };
    }
    compiledCache.set(key, result);
    return result;
  };

  const out = new Map<string, TDeviceBundle>();
  for (const device of devices) {
    const agents: TBundleAgent[] = [];
    const blocked: TBundleBlock[] = [];
    const verdicts: Record<string, TEffectiveVerdict> = {};
    // Installed products, plus every product blocked anywhere in the registry: a blocked product that shows up
    // later (reinstalled) is stopped by the device itself at its next check-in, without a round trip.
    const override = overrides.get(device.id);
    const overrideBlocked = override ? [...override.entries.values()].filter((e) => e.verdict === "blocked").map((e) => e.productSlug) : [];
    const products = [...new Set([...device.installations.map((i) => i.productSlug), ...blockedAnywhere, ...overrideBlocked])].sort();
    for (const productSlug of products) {
      const entry = override?.entries.get(productSlug) ?? entryOf.get(productSlug) ?? null;
      const { verdict, source } = resolveEffectiveVerdict({
        entry,
        exceptions: exceptions.filter((e) => e.productSlug === productSlug),
        deviceId: device.id,
        personId: device.ownerPersonId,
        groupIds: device.ownerPersonId ? (groupsOf.get(device.ownerPersonId) ?? []) : [],
        defaultVerdict: settings.defaultVerdict,
        now,
      });
      verdicts[productSlug] = verdict;
      if (verdict === "blocked") {
        blocked.push({ productSlug, handling: settings.blockedInstallHandling, reason: `blocked (${source})` });
        continue;
      }
      if (verdict === "unreviewed") continue;
      if (entry && entry.outOfPinAction === "block" && source === "registry") {
        for (const inst of device.installations.filter((i) => i.productSlug === productSlug)) {
          const outside = outsidePins({ entry, version: inst.version, sha256: inst.sha256 });
          if (outside) blocked.push({ productSlug, handling: settings.blockedInstallHandling, installPath: inst.installPath, reason: outside });
        }
      }
      const compiled = compiledFor({ productSlug, verdict, revision: override?.policies[verdict] ?? policies[verdict] });
      if (compiled) agents.push(compiled);
    }
    const policyVersion = computeBundleVersion({ agents, blocked, autoRepair: settings.autoRepair });
    out.set(device.id, { deviceId: device.id, policyVersion, autoRepair: settings.autoRepair, agents, blocked, verdicts });
  }
  return out;
}

/** Why an install is outside the entry's pins, or null when it is inside them. */
export function outsidePins({ entry, version, sha256 }: { entry: { versionRange: string | null; sha256: string[] }; version: string | null; sha256: string | null }): string | null {
  if (entry.versionRange) {
    const coerced = version ? semver.coerce(version)?.version : undefined;
    if (!coerced || !semver.satisfies(coerced, entry.versionRange)) return `version ${version ?? "unknown"} is outside ${entry.versionRange}`;
  }
  if (entry.sha256.length > 0 && (!sha256 || !entry.sha256.includes(sha256))) return `hash ${sha256 ?? "unknown"} is not pinned`;
  return null;
}

/** A tenant with a sanctioned Claude Code, a baseline sanctioned policy, and simulated devices in each ring that applied and attested it. */
import { createPolicyRevision } from "@/server/modules/registry/policy-revisions";
import { setRegistryEntry } from "@/server/modules/registry/registry-entries";
import { SYSTEM_ACTOR } from "@/server/modules/audit/actor";
import { createTestTenant } from "@/test/support/tenants";
import { checkinAll, enrollSimulatedDevices, type TJudge, type TSimulatedDevice } from "./simulated-fleet";

export const BAD_RULE = "Bash(curl:*)";
/** The simulated agents cannot honour a policy denying curl (a stand-in for any revision that does not hold on devices). */
export const judgeCurlDenyBad: TJudge = (bundle) => (bundle.agents.some((a) => a.policy.permissions.deny.includes(BAD_RULE)) ? "tampered" : null);

export async function createRolloutFixture({ counts = { dev: 2, staging: 2, prod: 3 }, judge = judgeCurlDenyBad }: { counts?: { dev: number; staging: number; prod: number }; judge?: TJudge } = {}) {
  const t = await createTestTenant("Rollouts");
  await setRegistryEntry({ scope: t.scope, input: { productSlug: "claude-code", verdict: "sanctioned" } });
  const baseline = await createPolicyRevision({ scope: t.scope, verdictClass: "sanctioned", policy: { permissions: { deny: ["Bash(rm -rf:*)"] } } });
  const devices: Record<"dev" | "staging" | "prod", TSimulatedDevice[]> = {
    dev: await enrollSimulatedDevices({ scope: t.scope, ring: "dev", count: counts.dev, judge }),
    staging: await enrollSimulatedDevices({ scope: t.scope, ring: "staging", count: counts.staging, judge }),
    prod: await enrollSimulatedDevices({ scope: t.scope, ring: "prod", count: counts.prod, judge }),
  };
  const all = [...devices.dev, ...devices.staging, ...devices.prod];
  await checkinAll({ devices: all });
  const baselineVersion = all[0]?.currentVersion() ?? null;
  const system = { ...t.scope, actor: SYSTEM_ACTOR };
  return { ...t, baseline, devices, all, baselineVersion, system };
}

export const goodPolicy = { permissions: { deny: ["Bash(rm -rf:*)", "Read(./.env)"] } };
export const badPolicy = { permissions: { deny: ["Bash(rm -rf:*)", BAD_RULE] } };

export const fastStages = [
  { ring: "dev" as const, soakMinutes: 0 },
  { ring: "staging" as const, soakMinutes: 0, waves: [50, 100] },
  { ring: "prod" as const, soakMinutes: 0, approvalRole: "admin" as const },
];

/**
 * Attestation at check-in: for each agent of the enforced bundle, re-read its managed files, hash them and compare
 * with the expected policy hash; on drift, repair (re-apply and read back) when the tenant turned auto-repair on,
 * and report the drift either way; ask the agent itself with its probe (cached until the files or the agent
 * binary change). For each blocked product, check that it is neither running nor installed, and enforce again if it is.
 */
import type { TApplyPolicyPayload, TAttestation, TAttestationProbe, TBundleAgent } from "../../../server/contracts/attestation";
import type { TInventory } from "../../../server/contracts/inventory";
import { claudeCodeProbe, codexProbe, type TAgentProbe } from "../../../server/modules/registry/compilers/probes";
import type { TScanOptions } from "../discovery/scan-device";
import { applyAgentFiles, readAgentFiles, type TEnforcementTarget } from "./agent-files";
import { enforceBlockedProduct } from "./enforce-blocked-product";
import { readAppliedBundle, readApplyState, readProbeCache, writeApplyState, writeProbeCache } from "./policy-store";
import { runAgentProbe } from "./run-agent-probe";

export type TEnforcementAction = { type: string; outcome: "allowed" | "error"; params: Record<string, unknown> };

function probeFor({ agent, binPath }: { agent: TBundleAgent; binPath: string }): TAgentProbe | null {
  if (agent.agent === "claude-code") return claudeCodeProbe({ binPath, policy: agent.policy });
  if (agent.agent === "codex") return codexProbe({ binPath, policy: agent.policy });
  return null;
}

export async function collectAttestations(options: {
  stateDir: string;
  inventory: TInventory;
  target: TEnforcementTarget;
  scan?: TScanOptions;
  /** Run agent probes (default true). */
  runProbes?: boolean;
  now?: () => Date;
}): Promise<{ attestations: TAttestation[]; actions: TEnforcementAction[] }> {
  const now = options.now ?? (() => new Date());
  const bundle = await readAppliedBundle({ stateDir: options.stateDir });
  if (!bundle) return { attestations: [], actions: [] };
  const applyState = await readApplyState({ stateDir: options.stateDir });
  const cache = await readProbeCache({ stateDir: options.stateDir });
  const nextCache: Record<string, TAttestationProbe> = {};
  const attestations: TAttestation[] = [];
  const actions: TEnforcementAction[] = [];

  for (const agent of bundle.agents) {
    let { foundHash, drift } = await readAgentFiles({ agent, target: options.target });
    const driftSeen = drift;
    let repaired = false;
    let status: TAttestation["status"] | null = null;
    const detail: Record<string, unknown> = {};
    const lastApply = applyState[agent.productSlug];
    if (foundHash !== agent.policyHash) {
      if (bundle.autoRepair) {
        const result = await applyAgentFiles({ stateDir: options.stateDir, agent, target: options.target });
        applyState[agent.productSlug] = result.ok ? { status: "applied", at: now().toISOString() } : { status: result.status, error: result.error, file: result.file, at: now().toISOString() };
        ({ foundHash, drift } = await readAgentFiles({ agent, target: options.target }));
        repaired = result.ok && foundHash === agent.policyHash;
        actions.push({ type: "policy.repaired", outcome: repaired ? "allowed" : "error", params: { productSlug: agent.productSlug, drift: driftSeen, ...(result.ok ? {} : { error: result.error }) } });
        if (!result.ok) {
          status = result.status;
          detail.error = result.error;
        }
      } else {
        actions.push({ type: "policy.drifted", outcome: "error", params: { productSlug: agent.productSlug, drift: driftSeen } });
      }
      if (status === null && foundHash !== agent.policyHash) {
        status = lastApply && lastApply.status !== "applied" ? lastApply.status : "drifted";
        if (lastApply?.error) detail.error = lastApply.error;
      }
    }

    let probe: TAttestationProbe | null = null;
    if (foundHash === agent.policyHash && options.runProbes !== false) {
      const installation = options.inventory.installations.find((i) => i.productSlug === agent.productSlug && i.entryFile);
      const spec = installation?.entryFile ? probeFor({ agent, binPath: installation.entryFile }) : null;
      if (spec && installation) {
        const key = `${agent.productSlug}\t${foundHash}\t${installation.entryFile}\t${installation.sha256 ?? installation.version ?? ""}`;
        const hit = cache[key];
        probe = hit ? { ...hit, cached: true } : { ...(await runAgentProbe({ probe: spec })), ranAt: now().toISOString(), cached: false };
        nextCache[key] = { ...probe, cached: false };
      } else {
        probe = { status: "not-available", checks: [], detail: spec === null && installation ? `no probe for ${agent.agent}` : "the agent's binary was not found", ranAt: now().toISOString(), cached: false };
      }
    }
    if (status === null) status = probe?.status === "not-in-force" ? "tampered" : "in_force";

    attestations.push({
      productSlug: agent.productSlug,
      agent: agent.agent,
      policyVersion: bundle.policyVersion,
      expectedHash: agent.policyHash,
      foundHash,
      status,
      // Drift found at this check-in is reported even when it was repaired a moment later.
      drift: driftSeen.slice(0, 50),
      probe: probe ? { ...probe, checks: probe.checks.slice(0, 50), detail: probe.detail?.slice(0, 2000) } : null,
      repaired,
      ...(Object.keys(detail).length > 0 ? { detail } : {}),
      checkedAt: now().toISOString(),
    });
  }

  for (const block of bundle.blocked) {
    const present = options.inventory.installations.filter((i) => i.productSlug === block.productSlug && (!block.installPath || i.installPath === block.installPath));
    const needsAction = present.some((i) => i.running || (block.handling !== "stop-only" && i.installMethod !== "config-only"));
    let status: TAttestation["status"] = "in_force";
    let detail: Record<string, unknown> = { handling: block.handling, present: present.map((i) => i.installPath) };
    if (needsAction) {
      const result = await enforceBlockedProduct({ block, stateDir: options.stateDir, scan: options.scan });
      status = result.status;
      detail = { ...result };
      actions.push({ type: "process.blocked", outcome: result.status === "in_force" ? "allowed" : "error", params: { ...result } });
    }
    attestations.push({
      productSlug: block.productSlug,
      agent: null,
      policyVersion: bundle.policyVersion,
      expectedHash: null,
      foundHash: null,
      status,
      drift: [],
      probe: null,
      repaired: false,
      detail,
      checkedAt: now().toISOString(),
    });
  }

  await writeApplyState({ stateDir: options.stateDir, state: applyState });
  await writeProbeCache({ stateDir: options.stateDir, cache: nextCache });
  return { attestations: dedupe(attestations), actions };
}

/** One attestation per product (a product both compiled and blocked by an out-of-pin install keeps the worse one). */
function dedupe(list: TAttestation[]): TAttestation[] {
  const byProduct = new Map<string, TAttestation>();
  for (const a of list) {
    const prev = byProduct.get(a.productSlug);
    if (!prev || (prev.status === "in_force" && a.status !== "in_force")) byProduct.set(a.productSlug, a);
  }
  return [...byProduct.values()];
}

export type { TApplyPolicyPayload };

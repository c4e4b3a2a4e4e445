/**
 * The `apply-policy` command: enforce the device's new policy bundle. Files of agents the bundle no longer governs
 * are put back as they were before Marshal; each governed agent's compiled files are written atomically (all or
 * nothing per agent, previous version kept for rollback); each blocked product is stopped and quarantined or
 * removed. Acked "succeeded" only when everything holds; otherwise "failed" with what did not, per product. A
 * check-in follows at once, carrying the attestations.
 */
import { ZApplyPolicyPayload, type TBundleAgent } from "../../../server/contracts/attestation";
import type { TCommandHandler } from "../loop/command-handlers";
import { scanContextOs } from "./scan-context-os";
import { applyAgentFiles, retireAgentFiles } from "./agent-files";
import { enforceBlockedProduct, type TBlockResult } from "./enforce-blocked-product";
import { readAppliedBundle, readApplyState, writeAppliedBundle, writeApplyState } from "./policy-store";

export function createApplyPolicyHandler({ stateDir, enforcementRoot }: { stateDir: string; enforcementRoot?: string }): TCommandHandler {
  return async (command, env) => {
  const parsed = ZApplyPolicyPayload.safeParse(command.payload);
  if (!parsed.success) {
    return { status: "failed", detail: { reason: `apply-policy payload is invalid: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` } };
  }
  const bundle = parsed.data;
  const target = { os: scanContextOs({ scan: env.scan }), rootDir: enforcementRoot };

  const previous = await readAppliedBundle({ stateDir });
  const keep = new Set(bundle.agents.flatMap((a) => a.files.map((f) => f.pathByOs.linux)));
  const retired: Record<string, unknown>[] = [];
  for (const old of previous?.agents ?? []) {
    const stale: TBundleAgent = { ...old, files: old.files.filter((f) => !keep.has(f.pathByOs.linux)) };
    if (stale.files.length > 0) retired.push({ productSlug: old.productSlug, ...(await retireAgentFiles({ stateDir, agent: stale, target })) });
  }
  await writeAppliedBundle({ stateDir, bundle });

  const applyState = await readApplyState({ stateDir });
  const agents: Record<string, unknown>[] = [];
  for (const agent of bundle.agents) {
    const result = await applyAgentFiles({ stateDir, agent, target });
    const at = new Date().toISOString();
    applyState[agent.productSlug] = result.ok ? { status: "applied", at } : { status: result.status, error: result.error, file: result.file, at };
    agents.push({ productSlug: agent.productSlug, policyHash: agent.policyHash, ...result });
  }
  await writeApplyState({ stateDir, state: applyState });

  const blocked: TBlockResult[] = [];
  for (const block of bundle.blocked) blocked.push(await enforceBlockedProduct({ block, stateDir, scan: env.scan }));

  env.requestCheckin();
  const holds = agents.every((a) => a.ok === true) && blocked.every((b) => b.status === "in_force");
  return { status: holds ? "succeeded" : "failed", detail: { policyVersion: bundle.policyVersion, agents, blocked, retired } };
  };
}

/**
 * A device's policy version: sha256 over the canonical JSON of what the bundle enforces (each agent's policy hash,
 * each blocked product and its handling, the repair setting). Same enforcement, same version, on every node.
 */
import { createHash } from "node:crypto";
import type { TBundleAgent, TBundleBlock } from "@/server/contracts/attestation";
import { stringifyCanonicalJson } from "./compilers/canonical-json";

export function computeBundleVersion({ agents, blocked, autoRepair }: { agents: readonly Pick<TBundleAgent, "productSlug" | "policyHash">[]; blocked: readonly TBundleBlock[]; autoRepair: boolean }): string {
  const value = {
    autoRepair,
    agents: agents.map((a) => `${a.productSlug}\t${a.policyHash}`).sort(),
    blocked: blocked.map((b) => `${b.productSlug}\t${b.handling}\t${b.installPath ?? "*"}`).sort(),
  };
  return createHash("sha256").update(stringifyCanonicalJson({ value }), "utf8").digest("hex");
}

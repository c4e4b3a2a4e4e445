/**
 * Compiles one agent policy into the native managed configuration of one agent product,
 * after validating it: an invalid policy throws InvalidAgentPolicyError and compiles nothing.
 */
import type { TAgentPolicy, TAgentSlug, TCompiledAgentPolicy } from "@/server/contracts/agent-policy";
import { ZAgentSlug } from "@/server/contracts/agent-policy";
import { validateAgentPolicy, type TPolicyProblem } from "../validate-agent-policy";
import { compileAider } from "./compile-aider";
import { compileClaudeCode } from "./compile-claude-code";
import { compileCodex } from "./compile-codex";
import { compileCopilotCli } from "./compile-copilot-cli";
import { compileGeminiCli } from "./compile-gemini-cli";
import { computePolicyHash } from "./compute-policy-hash";

export type TCompiledAgentPolicyWithHash = TCompiledAgentPolicy & { policyHash: string };

const COMPILERS: Record<TAgentSlug, (options: { policy: TAgentPolicy }) => TCompiledAgentPolicy> = {
  "claude-code": compileClaudeCode,
  codex: compileCodex,
  "gemini-cli": compileGeminiCli,
  "copilot-cli": compileCopilotCli,
  aider: compileAider,
};

export class InvalidAgentPolicyError extends Error {
  readonly problems: TPolicyProblem[];
  constructor({ problems }: { problems: TPolicyProblem[] }) {
    super(`Invalid agent policy: ${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; ")}`);
    this.name = "InvalidAgentPolicyError";
    this.problems = problems;
  }
}

export function compileAgentPolicy({ product, policy }: { product: string; policy: unknown }): TCompiledAgentPolicyWithHash {
  const slug = ZAgentSlug.safeParse(product);
  if (!slug.success) {
    throw new InvalidAgentPolicyError({
      problems: [{ path: "product", message: `no policy compiler for "${product}" (supported: ${ZAgentSlug.options.join(", ")})` }],
    });
  }
  const validation = validateAgentPolicy({ policy });
  if (!validation.ok) throw new InvalidAgentPolicyError({ problems: validation.problems });
  const compiled = COMPILERS[slug.data]({ policy: validation.value });
  return { ...compiled, policyHash: policyHashOf({ compiled }) };
}

/** The attestation hash of compiled output (see computePolicyHash for the recipe). */
export function policyHashOf({ compiled }: { compiled: TCompiledAgentPolicy }): string {
  return computePolicyHash({
    files: compiled.files.map((file) => ({ key: file.pathByOs.linux, content: file.content })),
    env: compiled.env,
  });
}

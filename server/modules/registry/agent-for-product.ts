/** Which policy compiler governs a catalog product (catalog slugs and compiler slugs differ for Codex). */
import type { TAgentSlug } from "@/server/contracts/agent-policy";

const AGENT_FOR_PRODUCT: Readonly<Record<string, TAgentSlug>> = {
  "claude-code": "claude-code",
  "codex-cli": "codex",
  "gemini-cli": "gemini-cli",
  "copilot-cli": "copilot-cli",
  aider: "aider",
};

export function agentForProduct({ productSlug }: { productSlug: string }): TAgentSlug | null {
  return AGENT_FOR_PRODUCT[productSlug] ?? null;
}

export function productsWithCompiler(): string[] {
  return Object.keys(AGENT_FOR_PRODUCT);
}

/**
 * Each agent's own documented settings that point it at the local gateway, with the agent token (never a vendor
 * key) as its credential:
 * - Claude Code (settings.json / managed-settings.json, https://docs.anthropic.com/en/docs/claude-code/settings):
 *   `env.ANTHROPIC_BASE_URL` = the gateway, `apiKeyHelper` = a /bin/sh command printing the agent token (sent as
 *   X-Api-Key and Authorization: Bearer); `CLAUDE_CODE_API_KEY_HELPER_TTL_MS` re-runs it before the token expires.
 * - Codex (config.toml, https://github.com/openai/codex/blob/main/docs/config.md "model_providers"):
 *   `model_provider = "marshal"`, `[model_providers.marshal] base_url = <gateway>/openai/v1, env_key, wire_api =
 *   "responses"`; Codex reads the agent token from the variable named by `env_key`.
 * - Gemini CLI: `GOOGLE_GEMINI_BASE_URL` = <gateway>/gemini with the agent token as `GEMINI_API_KEY`.
 * The registry engineer's compilers (server/modules/registry/compilers/) can merge these fragments into the
 * managed settings they write; the enroller writes them itself for user-level installs.
 */
export const CODEX_TOKEN_ENV = "MARSHAL_AGENT_TOKEN";

export function buildClaudeGatewaySettings(opts: { gatewayUrl: string; tokenCommand: string; tokenTtlMs?: number }): { env: Record<string, string>; apiKeyHelper: string } {
  return {
    env: {
      ANTHROPIC_BASE_URL: opts.gatewayUrl,
      CLAUDE_CODE_API_KEY_HELPER_TTL_MS: String(opts.tokenTtlMs ?? 5 * 60_000),
    },
    apiKeyHelper: opts.tokenCommand,
  };
}

function tomlString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

export function buildCodexGatewayConfig(opts: { gatewayUrl: string; model?: string }): string {
  return [
    ...(opts.model ? [`model = ${tomlString(opts.model)}`] : []),
    'model_provider = "marshal"',
    "",
    "[model_providers.marshal]",
    'name = "Marshal gateway"',
    `base_url = ${tomlString(`${opts.gatewayUrl}/openai/v1`)}`,
    `env_key = ${tomlString(CODEX_TOKEN_ENV)}`,
    'wire_api = "responses"',
    "",
  ].join("\n");
}

export function buildGeminiGatewayEnv(opts: { gatewayUrl: string }): Record<string, string> {
  return { GOOGLE_GEMINI_BASE_URL: `${opts.gatewayUrl}/gemini` };
}

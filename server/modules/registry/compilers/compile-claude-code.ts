/**
 * Claude Code: `managed-settings.json` (and `managed-mcp.json` when servers are provisioned)
 * in the system directory Claude Code reads managed policy from.
 *
 * Paths: https://code.claude.com/docs/en/settings#settings-files, and the strings in the
 * 2.1.197 binary itself: `/etc/claude-code` (Linux/WSL), `/Library/Application Support/ClaudeCode`
 * (macOS), `C:\Program Files\ClaudeCode` (Windows; the older `C:\ProgramData` location is gone).
 * Keys: the published settings schema https://json.schemastore.org/claude-code-settings.json
 * (`permissions.allow|ask|deny`, `permissions.disableBypassPermissionsMode`,
 * `allowManagedPermissionRulesOnly`, `allowedMcpServers`/`deniedMcpServers` with
 * `serverName|serverUrl|serverCommand`, `allowManagedMcpServersOnly`, `sandbox`, `env`).
 * managed-mcp.json: https://code.claude.com/docs/en/managed-mcp (same `mcpServers` format as `.mcp.json`).
 * Gateway (https://code.claude.com/docs/en/settings and .../llm-gateway): `env.ANTHROPIC_BASE_URL` = the device
 * gateway, `apiKeyHelper` = a shell command whose stdout is the key (sent as X-Api-Key and Authorization: Bearer),
 * re-run after `CLAUDE_CODE_API_KEY_HELPER_TTL_MS`.
 */
import type { TAgentPolicy, TCompiledAgentPolicy, TCompiledFile, TMcpServerRef } from "@/server/contracts/agent-policy";
import { nonEmpty, sortedUnique, stringifyCanonicalJson } from "./canonical-json";
import { buildOtelEnv } from "./otel-env";
import { GATEWAY_TOKEN_REFRESH_MS, gatewayBaseUrl, gatewayTokenCommand } from "./gateway-settings";

export const CLAUDE_CODE_MANAGED_DIR = {
  linux: "/etc/claude-code",
  darwin: "/Library/Application Support/ClaudeCode",
  windows: "C:\\Program Files\\ClaudeCode",
} as const;

/** Tools that write files; denied outright when the policy requires a read-only sandbox. */
const WRITE_TOOLS = ["Edit", "MultiEdit", "NotebookEdit", "Write"];

export function compileClaudeCode({ policy }: { policy: TAgentPolicy }): TCompiledAgentPolicy {
  const notes: string[] = [];
  const readOnly = policy.sandbox.required && policy.sandbox.mode === "read-only";
  const deny = sortedUnique({ items: [...policy.permissions.deny, ...(readOnly ? WRITE_TOOLS : [])] });
  const allow = sortedUnique({ items: policy.permissions.allow });
  const ask = sortedUnique({ items: policy.permissions.ask });

  const env = { ...policy.env, ...buildOtelEnv({ telemetry: policy.telemetry }) };
  if (policy.telemetry.enabled) env.CLAUDE_CODE_ENABLE_TELEMETRY = "1";
  if (policy.gateway) {
    env.ANTHROPIC_BASE_URL = gatewayBaseUrl({ gateway: policy.gateway });
    env.CLAUDE_CODE_API_KEY_HELPER_TTL_MS = String(GATEWAY_TOKEN_REFRESH_MS);
  }

  const settings = {
    allowManagedMcpServersOnly: policy.mcp.managedOnly ? true : undefined,
    allowManagedPermissionRulesOnly: policy.managedRulesOnly ? true : undefined,
    apiKeyHelper: policy.gateway ? gatewayTokenCommand({ gateway: policy.gateway, productSlug: "claude-code" }) : undefined,
    allowedMcpServers: policy.mcp.allowed === undefined ? undefined : toClaudeMcpEntries({ refs: policy.mcp.allowed }),
    deniedMcpServers: policy.mcp.denied.length === 0 ? undefined : toClaudeMcpEntries({ refs: policy.mcp.denied }),
    env: Object.keys(env).length === 0 ? undefined : env,
    permissions: {
      allow: allow.length === 0 ? undefined : allow,
      ask: ask.length === 0 ? undefined : ask,
      deny: deny.length === 0 ? undefined : deny,
      disableBypassPermissionsMode: policy.disableBypassMode ? "disable" : undefined,
    },
    sandbox: policy.sandbox.required
      ? { allowUnsandboxedCommands: false, enabled: true, failIfUnavailable: true }
      : undefined,
  };

  const files: TCompiledFile[] = [
    {
      pathByOs: pathsFor({ fileName: "managed-settings.json" }),
      format: "json",
      content: stringifyCanonicalJson({ value: settings }),
      mode: "0644",
    },
  ];

  if (policy.mcp.provision.length > 0) {
    const mcpServers = Object.fromEntries(
      policy.mcp.provision.map((server) => [
        server.name,
        server.transport === "stdio"
          ? { type: "stdio", command: server.command, args: nonEmpty(server.args), env: nonEmpty(server.env) }
          : { type: "http", url: server.url, headers: nonEmpty(server.headers) },
      ]),
    );
    files.push({
      pathByOs: pathsFor({ fileName: "managed-mcp.json" }),
      format: "json",
      content: stringifyCanonicalJson({ value: { mcpServers } }),
      mode: "0644",
    });
    notes.push("managed-mcp.json takes exclusive control of MCP: users cannot add servers of their own while it is present.");
  }

  if (policy.sandbox.required) {
    notes.push(
      "Claude Code's sandbox confines Bash commands only (file tools are governed by permission rules); on Linux it needs bubblewrap and socat, and failIfUnavailable makes Claude Code refuse to start without them.",
    );
  }
  if (readOnly) notes.push("Claude Code has no read-only sandbox mode: read-only is enforced by denying the Edit, MultiEdit, NotebookEdit and Write tools.");
  notes.push("Approval policies are a Codex concept; Claude Code expresses them through ask/allow rules, so allowedApprovalPolicies is not compiled.");

  return { agent: "claude-code", files, notes };
}

function pathsFor({ fileName }: { fileName: string }): TCompiledFile["pathByOs"] {
  return {
    linux: `${CLAUDE_CODE_MANAGED_DIR.linux}/${fileName}`,
    darwin: `${CLAUDE_CODE_MANAGED_DIR.darwin}/${fileName}`,
    windows: `${CLAUDE_CODE_MANAGED_DIR.windows}\\${fileName}`,
  };
}

type TClaudeMcpEntry = { serverName: string } | { serverUrl: string } | { serverCommand: string[] };

function toClaudeMcpEntries({ refs }: { refs: readonly TMcpServerRef[] }): TClaudeMcpEntry[] {
  const entries = refs.map((ref): TClaudeMcpEntry =>
    "name" in ref ? { serverName: ref.name } : "url" in ref ? { serverUrl: ref.url } : { serverCommand: [...ref.command] },
  );
  const byKey = new Map(entries.map((entry) => [JSON.stringify(entry), entry]));
  return [...byKey.keys()].sort().map((key) => byKey.get(key)!);
}

/**
 * Gemini CLI: the system settings file, which overrides user and workspace settings.
 *
 * Paths: Gemini CLI docs (docs/get-started/configuration.md, "Settings files": system settings)
 * and `getSystemSettingsPath()` in the 0.61.0 bundle: `/etc/gemini-cli/settings.json` (Linux),
 * `/Library/Application Support/GeminiCli/settings.json` (macOS), `C:\ProgramData\gemini-cli\settings.json` (Windows).
 * Keys (settings schema in the same bundle): `tools.exclude` / `tools.allowed` /
 * `tools.confirmationRequired` (tool names, shell commands as `run_shell_command(<prefix>)`),
 * `tools.sandbox`, `mcp.allowed` / `mcp.excluded` (server names), `mcpServers`,
 * `security.disableYoloMode`, `telemetry` { enabled, target, otlpEndpoint, otlpProtocol: grpc|http }.
 */
import type { TAgentPolicy, TCompiledAgentPolicy, TMcpServerRef } from "@/server/contracts/agent-policy";
import { nonEmpty, sortKeysDeep, sortedUnique, stringifyCanonicalJson } from "./canonical-json";
import { parsePermissionRule } from "./parse-permission-rule";
import { gatewayBaseUrl } from "./gateway-settings";

export const GEMINI_CLI_SYSTEM_SETTINGS = {
  linux: "/etc/gemini-cli/settings.json",
  darwin: "/Library/Application Support/GeminiCli/settings.json",
  windows: "C:\\ProgramData\\gemini-cli\\settings.json",
} as const;

/** Claude Code tool → Gemini CLI built-in tool name (tool-name constants in the 0.61.0 bundle). */
const GEMINI_TOOL_BY_CLAUDE_TOOL: Readonly<Record<string, string>> = {
  Bash: "run_shell_command",
  Edit: "replace",
  MultiEdit: "replace",
  Glob: "glob",
  Grep: "grep_search",
  Read: "read_file",
  WebFetch: "web_fetch",
  WebSearch: "google_web_search",
  Write: "write_file",
};

export function compileGeminiCli({ policy }: { policy: TAgentPolicy }): TCompiledAgentPolicy {
  const notes: string[] = [];
  const untranslated: string[] = [];
  const translate = (rules: readonly string[]): string[] =>
    sortedUnique({
      items: rules.flatMap((rule) => {
        const gemini = toGeminiToolRule({ rule });
        if (gemini === undefined) untranslated.push(rule);
        return gemini === undefined ? [] : [gemini];
      }),
    });

  const readOnly = policy.sandbox.required && policy.sandbox.mode === "read-only";
  const exclude = translate([...policy.permissions.deny, ...(readOnly ? ["Edit", "Write"] : [])]);
  const allowed = translate(policy.permissions.allow);
  const confirmationRequired = translate(policy.permissions.ask);

  const mcpAllowed = policy.mcp.allowed === undefined ? undefined : namesOf({ refs: policy.mcp.allowed, notes, list: "allowed" });
  const mcpExcluded = policy.mcp.denied.length === 0 ? undefined : namesOf({ refs: policy.mcp.denied, notes, list: "denied" });

  const settings = {
    mcp:
      mcpAllowed === undefined && mcpExcluded === undefined ? undefined : { allowed: mcpAllowed, excluded: mcpExcluded },
    mcpServers:
      policy.mcp.provision.length === 0
        ? undefined
        : Object.fromEntries(
            policy.mcp.provision.map((server) => [
              server.name,
              server.transport === "stdio"
                ? { command: server.command, args: nonEmpty(server.args), env: nonEmpty(server.env) }
                : { httpUrl: server.url, headers: nonEmpty(server.headers) },
            ]),
          ),
    security: policy.disableBypassMode ? { disableYoloMode: true } : undefined,
    telemetry:
      policy.telemetry.enabled && policy.telemetry.otlpEndpoint !== undefined
        ? {
            enabled: true,
            otlpEndpoint: policy.telemetry.otlpEndpoint,
            otlpProtocol: policy.telemetry.protocol === "grpc" ? "grpc" : "http",
            target: "local",
          }
        : undefined,
    tools: {
      allowed: allowed.length === 0 ? undefined : allowed,
      confirmationRequired: confirmationRequired.length === 0 ? undefined : confirmationRequired,
      exclude: exclude.length === 0 ? undefined : exclude,
      sandbox: policy.sandbox.required ? true : undefined,
    },
  };

  if (untranslated.length > 0) {
    notes.push(`Gemini CLI has no equivalent for these rules, which are not enforced there: ${sortedUnique({ items: untranslated }).join(", ")}.`);
  }
  if (policy.telemetry.enabled && policy.telemetry.protocol === "http/json") {
    notes.push("Gemini CLI's OTLP exporter speaks http (protobuf) or grpc; http/json is sent as http.");
  }
  if (policy.sandbox.required) {
    notes.push(`Gemini CLI's sandbox runs the CLI in a container or macOS Seatbelt profile; it needs docker, podman or sandbox-exec on the device${readOnly ? ", and read-only is approximated by excluding the replace and write_file tools" : ""}.`);
  }
  if (policy.managedRulesOnly) notes.push("Gemini CLI merges tool excludes from every scope; the system file wins on conflicts but users can still add their own allow rules.");
  if (Object.keys(policy.env).length > 0) notes.push("Gemini CLI settings have no environment block; the policy's env must be set by the enroller for Gemini CLI processes.");
  notes.push("Approval policies are a Codex concept; Gemini CLI expresses them through tools.allowed and tools.confirmationRequired.");
  // Gemini CLI reads its endpoint from GOOGLE_GEMINI_BASE_URL (@google/genai SDK base URL) and has no key helper:
  // the enroller sets the variable, and GEMINI_API_KEY to an agent token, for Gemini CLI processes.
  const env = { ...policy.env, ...(policy.gateway ? { GOOGLE_GEMINI_BASE_URL: `${gatewayBaseUrl({ gateway: policy.gateway })}/gemini` } : {}) };
  if (policy.gateway) notes.push("Gemini CLI has no key helper: the enroller must give Gemini CLI processes GEMINI_API_KEY = an agent token (marshal-enroller agent-token --product gemini-cli).");

  return {
    agent: "gemini-cli",
    files: [{ pathByOs: { ...GEMINI_CLI_SYSTEM_SETTINGS }, format: "json", content: stringifyCanonicalJson({ value: settings }), mode: "0644" }],
    env: nonEmpty(sortKeysDeep(env)),
    notes,
  };
}

/** `Bash(git push:*)` → `run_shell_command(git push)`; `Read` → `read_file`; rules with path or domain specifiers have no Gemini equivalent. */
function toGeminiToolRule({ rule }: { rule: string }): string | undefined {
  const parsed = parsePermissionRule({ rule });
  if (!parsed.ok || parsed.mcp) return undefined;
  const tool = GEMINI_TOOL_BY_CLAUDE_TOOL[parsed.tool];
  if (tool === undefined) return undefined;
  if (parsed.specifier === undefined) return tool;
  if (parsed.tool !== "Bash") return undefined;
  // Gemini matches shell commands by prefix, so Claude's trailing ":*" / " *" wildcard is implied.
  const prefix = parsed.specifier.replace(/:?\s*\*$/, "").trim();
  if (prefix === "" || prefix.includes("*")) return undefined;
  return `${tool}(${prefix})`;
}

function namesOf({ refs, notes, list }: { refs: readonly TMcpServerRef[]; notes: string[]; list: "allowed" | "denied" }): string[] {
  const names = refs.flatMap((ref) => ("name" in ref ? [ref.name] : []));
  if (names.length < refs.length) {
    notes.push(`Gemini CLI matches MCP servers by name only; ${list} entries given by URL or command are not enforced there.`);
  }
  return sortedUnique({ items: names });
}

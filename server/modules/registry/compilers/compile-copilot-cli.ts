/**
 * GitHub Copilot CLI: the file-based channel of Copilot "enterprise managed settings".
 *
 * Keys: GitHub docs, "Enterprise managed settings" reference
 * (docs.github.com/copilot/reference/enterprise-administrators/enterprise-managed-settings, public preview):
 * `permissions.disableBypassPermissionsMode: "disable"`, `permissions.allow|ask|deny` with rules such as
 * `Shell(git push *)`, `Read(~/.ssh/**)`, `Edit(//etc/**)`, `Domain(api.github.com)`, and
 * `telemetry` { enabled, endpoint, protocol: "otlp-http" | "otlp-grpc" }.
 * Paths: the per-OS well-known file location of the Copilot file channel (microsoft/vscode PR 321870):
 * `/etc/github-copilot/managed-settings.json`, `/Library/Application Support/GitHubCopilot/managed-settings.json`,
 * `%ProgramFiles%\GitHubCopilot\managed-settings.json`. MDM and server-managed settings take precedence over it.
 */
import type { TAgentPolicy, TCompiledAgentPolicy } from "@/server/contracts/agent-policy";
import { nonEmpty, sortKeysDeep, sortedUnique, stringifyCanonicalJson } from "./canonical-json";
import { parsePermissionRule } from "./parse-permission-rule";

export const COPILOT_MANAGED_SETTINGS = {
  linux: "/etc/github-copilot/managed-settings.json",
  darwin: "/Library/Application Support/GitHubCopilot/managed-settings.json",
  windows: "C:\\Program Files\\GitHubCopilot\\managed-settings.json",
} as const;

export function compileCopilotCli({ policy }: { policy: TAgentPolicy }): TCompiledAgentPolicy {
  const notes: string[] = [];
  const untranslated: string[] = [];
  const translate = (rules: readonly string[]): string[] =>
    sortedUnique({
      items: rules.flatMap((rule) => {
        const copilot = toCopilotRule({ rule });
        if (copilot === undefined) untranslated.push(rule);
        return copilot === undefined ? [] : [copilot];
      }),
    });
  const readOnly = policy.sandbox.required && policy.sandbox.mode === "read-only";
  const allow = translate(policy.permissions.allow);
  const ask = translate(policy.permissions.ask);
  const deny = translate([...policy.permissions.deny, ...(readOnly ? ["Edit", "Write"] : [])]);

  const settings = {
    permissions: {
      allow: allow.length === 0 ? undefined : allow,
      ask: ask.length === 0 ? undefined : ask,
      deny: deny.length === 0 ? undefined : deny,
      disableBypassPermissionsMode: policy.disableBypassMode ? "disable" : undefined,
    },
    telemetry:
      policy.telemetry.enabled && policy.telemetry.otlpEndpoint !== undefined
        ? {
            enabled: true,
            endpoint: policy.telemetry.otlpEndpoint,
            protocol: policy.telemetry.protocol === "grpc" ? "otlp-grpc" : "otlp-http",
          }
        : undefined,
  };

  if (untranslated.length > 0) {
    notes.push(`Copilot CLI has no equivalent for these rules, which are not enforced there: ${sortedUnique({ items: untranslated }).join(", ")}.`);
  }
  if (policy.mcp.allowed !== undefined || policy.mcp.denied.length > 0 || policy.mcp.provision.length > 0) {
    notes.push("MCP allow/deny lists and provisioned servers are not compiled for Copilot CLI: use the enterprise \"MCP servers in Copilot\" policy and MCP registry on GitHub.");
  }
  if (policy.sandbox.required) notes.push("The Copilot CLI sandbox is not compiled; only the deny rules above constrain what it may write.");
  if (policy.managedRulesOnly) notes.push("Copilot CLI has no managed-rules-only switch; user rules still apply alongside the managed ones.");
  if (Object.keys(policy.env).length > 0) notes.push("Copilot managed settings have no environment block; the policy's env must be set by the enroller for Copilot CLI processes.");
  notes.push("Copilot reads this file only when no MDM-delivered or server-managed settings exist for the user; enterprise managed settings are in public preview.");

  return {
    agent: "copilot-cli",
    files: [{ pathByOs: { ...COPILOT_MANAGED_SETTINGS }, format: "json", content: stringifyCanonicalJson({ value: settings }), mode: "0644" }],
    env: nonEmpty(sortKeysDeep(policy.env)),
    notes,
  };
}

/** Claude-style rule → Copilot managed-settings rule, or undefined when Copilot has no equivalent. */
function toCopilotRule({ rule }: { rule: string }): string | undefined {
  const parsed = parsePermissionRule({ rule });
  if (!parsed.ok || parsed.mcp) return undefined;
  const { tool, specifier } = parsed;
  switch (tool) {
    case "Bash":
      // Claude's legacy "prefix:*" form is a prefix match; Copilot writes it with a trailing " *".
      return specifier === undefined ? "Shell" : `Shell(${specifier.replace(/:\*$/, " *")})`;
    case "Read":
      return specifier === undefined ? "Read" : `Read(${specifier})`;
    case "Edit":
    case "MultiEdit":
    case "Write":
      return specifier === undefined ? "Edit" : `Edit(${specifier})`;
    case "WebFetch":
      return specifier === undefined ? undefined : `Domain(${specifier.slice("domain:".length)})`;
    default:
      return undefined;
  }
}

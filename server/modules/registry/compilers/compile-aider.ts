/**
 * Aider: no managed settings file and no permission system, so control is environment-only.
 *
 * Every Aider option can be set as an `AIDER_<OPTION>` environment variable
 * (https://aider.chat/docs/config.html, option list at https://aider.chat/docs/config/options.html):
 * `--[no-]suggest-shell-commands`, `--[no-]detect-urls`, `--[no-]analytics`, `--[no-]yes-always`.
 * Environment variables are read at start-up and can be overridden by the user's own
 * command line, `.aider.conf.yml` or `.env`, which the notes say plainly.
 */
import type { TAgentPolicy, TCompiledAgentPolicy } from "@/server/contracts/agent-policy";
import { sortKeysDeep } from "./canonical-json";
import { parsePermissionRule } from "./parse-permission-rule";

export function compileAider({ policy }: { policy: TAgentPolicy }): TCompiledAgentPolicy {
  const bareDenied = new Set(
    policy.permissions.deny.flatMap((rule) => {
      const parsed = parsePermissionRule({ rule });
      return parsed.ok && parsed.specifier === undefined ? [parsed.tool] : [];
    }),
  );
  const env: Record<string, string> = { ...policy.env };
  if (policy.disableBypassMode) env.AIDER_YES_ALWAYS = "false";
  if (bareDenied.has("Bash")) env.AIDER_SUGGEST_SHELL_COMMANDS = "false";
  if (bareDenied.has("WebFetch")) env.AIDER_DETECT_URLS = "false";
  if (policy.telemetry.enabled) env.AIDER_ANALYTICS = "false";

  const notes = [
    "Aider has no managed settings file: every control here is an environment variable the user can override with flags, .aider.conf.yml or .env.",
    "Aider has no permission rules, MCP support, sandbox or approval policies; only a bare deny of Bash (no shell command suggestions) or WebFetch (no URL scraping) is mapped.",
  ];
  if (policy.telemetry.enabled) {
    notes.push("Aider cannot export OpenTelemetry; its own analytics are switched off and usage is metered at the Marshal gateway instead.");
  }
  return { agent: "aider", files: [], env: sortKeysDeep(env), notes };
}

/**
 * Harmless probes that ask a real agent CLI what policy it is actually running under, so
 * attestation can say "in force" from the agent's own mouth rather than from "the file is there".
 *
 * Each probe is a pure description: the command and arguments to run, the environment to run
 * it in (a fresh temporary HOME so nothing of the user's is read or written, and a model
 * endpoint on the loopback discard port so nothing leaves the machine), and `readResult`,
 * which turns the captured output into checks against the expected policy. The enroller
 * spawns it; the integration tests here spawn it against the real CLIs.
 */
import type { TAgentPolicy } from "@/server/contracts/agent-policy";
import { allowedSandboxModes } from "./compile-codex";
import { parsePermissionRule } from "./parse-permission-rule";

export type TProbeCheck = { name: string; ok: boolean; detail: string };
export type TProbeResult = { status: "in-force" | "not-in-force" | "probe-failed" | "inconclusive"; checks: TProbeCheck[]; detail?: string };
export type TProbeOutput = { exitCode: number | null; stdout: string; stderr: string };

export type TAgentProbe = {
  command: string;
  args: string[];
  /** Variables to set on top of a minimal environment (PATH). `{{tempDir}}` is replaced by a fresh empty directory, also used as cwd. */
  env: Record<string, string>;
  timeoutMs: number;
  description: string;
  readResult: (output: TProbeOutput) => TProbeResult;
};

/** A closed loopback port (discard): a model call fails at once with "connection refused" and never leaves the host. */
const UNREACHABLE_MODEL_ENDPOINT = "http://127.0.0.1:9";

/**
 * Claude Code: `claude -p --dangerously-skip-permissions --output-format stream-json --verbose <prompt>`.
 * Before any model call, Claude Code prints a `{"type":"system","subtype":"init"}` line with the
 * effective `permissionMode` and the `tools` it exposes. With `permissions.disableBypassPermissionsMode:
 * "disable"` in force the requested bypass is refused and `permissionMode` is `"default"`, not
 * `"bypassPermissions"`; a tool denied outright (`"WebSearch"` in `permissions.deny`) is missing from
 * `tools`. (Checked against 2.1.197; as root the CLI refuses bypass unless IS_SANDBOX=1, set here.)
 */
export function claudeCodeProbe({ binPath, policy }: { binPath: string; policy: TAgentPolicy }): TAgentProbe {
  return {
    command: binPath,
    args: ["-p", "--dangerously-skip-permissions", "--output-format", "stream-json", "--verbose", "--no-session-persistence", "marshal attestation probe"],
    env: {
      HOME: "{{tempDir}}",
      CLAUDE_CONFIG_DIR: "{{tempDir}}/.claude",
      IS_SANDBOX: "1",
      ANTHROPIC_API_KEY: "marshal-probe-not-a-key",
      ANTHROPIC_BASE_URL: UNREACHABLE_MODEL_ENDPOINT,
      CLAUDE_CODE_MAX_RETRIES: "0",
      DISABLE_AUTOUPDATER: "1",
    },
    timeoutMs: 60_000,
    description:
      "Runs Claude Code headless with --dangerously-skip-permissions against an unreachable loopback model endpoint and reads the init event: managed settings are in force when the bypass is refused (permissionMode is not bypassPermissions) and tools denied outright are absent.",
    readResult: ({ stdout, stderr }) => {
      const init = stdout
        .split("\n")
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        })
        .find((event) => event.type === "system" && event.subtype === "init");
      if (init === undefined) return { status: "probe-failed", checks: [], detail: `no init event in output: ${stderr.trim().slice(0, 500)}` };
      const permissionMode = String(init.permissionMode);
      const tools = Array.isArray(init.tools) ? (init.tools as unknown[]).map(String) : [];
      const checks: TProbeCheck[] = [];
      if (policy.disableBypassMode) {
        checks.push({
          name: "bypass-refused",
          ok: permissionMode !== "bypassPermissions",
          detail: `requested bypassPermissions, effective permissionMode is ${permissionMode}`,
        });
      }
      for (const tool of bareDeniedTools({ policy })) {
        checks.push({ name: `tool-denied:${tool}`, ok: !tools.includes(tool), detail: tools.includes(tool) ? `${tool} is still offered` : `${tool} is not offered` });
      }
      return summarize({ checks });
    },
  };
}

/**
 * Codex: `codex debug prompt-input -c sandbox_mode="danger-full-access" -c approval_policy="never"`
 * renders the model-visible prompt without calling a model. Its `<permissions instructions>` block
 * states the effective sandbox (`` `sandbox_mode` is `read-only` ``) and, when approvals are off,
 * "Approval policy is currently never". Under requirements.toml Codex replaces a disallowed choice
 * with an allowed one, so the requested danger-full-access / never must not survive. (Checked against 0.169.0.)
 */
export function codexProbe({ binPath, policy }: { binPath: string; policy: TAgentPolicy }): TAgentProbe {
  return {
    command: binPath,
    args: ["debug", "prompt-input", "-c", 'sandbox_mode="danger-full-access"', "-c", 'approval_policy="never"', "marshal attestation probe"],
    // CODEX_HOME must exist; the fresh temp dir serves as both HOME and CODEX_HOME.
    env: { HOME: "{{tempDir}}", CODEX_HOME: "{{tempDir}}" },
    timeoutMs: 60_000,
    description:
      "Renders Codex's prompt input while asking for sandbox_mode=danger-full-access and approval_policy=never; requirements.toml is in force when the effective sandbox mode and approval policy are ones it allows.",
    readResult: ({ stdout, stderr, exitCode }) => {
      const text = permissionsInstructions({ stdout });
      if (text === undefined) return { status: "probe-failed", checks: [], detail: `exit ${exitCode}; no permissions instructions: ${stderr.trim().slice(0, 500)}` };
      const sandboxMode = /`sandbox_mode` is `([a-z-]+)`/.exec(text)?.[1] ?? "unknown";
      const approvalNever = /Approval policy is currently never/.test(text);
      const allowedModes = allowedSandboxModes({ policy });
      const checks: TProbeCheck[] = [
        { name: "sandbox-mode-allowed", ok: allowedModes.includes(sandboxMode), detail: `requested danger-full-access, effective sandbox_mode is ${sandboxMode} (allowed: ${allowedModes.join(", ")})` },
      ];
      if (!policy.allowedApprovalPolicies.includes("never")) {
        checks.push({ name: "approval-never-refused", ok: !approvalNever, detail: approvalNever ? "approval policy never is in effect" : "approval policy never was replaced" });
      }
      return summarize({ checks });
    },
  };
}

function permissionsInstructions({ stdout }: { stdout: string }): string | undefined {
  let items: unknown;
  try {
    items = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  if (!Array.isArray(items)) return undefined;
  for (const item of items as Array<{ content?: Array<{ text?: unknown }> }>) {
    for (const part of item.content ?? []) {
      if (typeof part.text === "string" && part.text.includes("<permissions instructions>")) return part.text;
    }
  }
  return undefined;
}

function bareDeniedTools({ policy }: { policy: TAgentPolicy }): string[] {
  return policy.permissions.deny.flatMap((rule) => {
    const parsed = parsePermissionRule({ rule });
    return parsed.ok && !parsed.mcp && parsed.specifier === undefined ? [parsed.tool] : [];
  });
}

function summarize({ checks }: { checks: TProbeCheck[] }): TProbeResult {
  if (checks.length === 0) return { status: "inconclusive", checks };
  return { status: checks.every((check) => check.ok) ? "in-force" : "not-in-force", checks };
}

/**
 * Codex CLI: admin-enforced `requirements.toml` plus a system `config.toml` of defaults.
 *
 * Paths: https://developers.openai.com/codex/enterprise/managed-configuration — the system
 * requirements file is `/etc/codex/requirements.toml` on Unix (Linux and macOS) and
 * `%ProgramData%\OpenAI\Codex\requirements.toml` on Windows; the 0.169.0 binary also reads
 * `/etc/codex/config.toml` as the system config layer.
 * requirements.toml keys (Configuration Reference, "requirements.toml"; also in openai/codex
 * `codex-rs` ConfigRequirementsToml): `allowed_approval_policies`, `allowed_sandbox_modes`,
 * `[mcp_servers.<name>.identity]` with `command` or `url` (an allowlist: a server is enabled only
 * when both its name and identity match).
 * config.toml keys (openai/codex docs/config.md): `approval_policy`, `sandbox_mode`,
 * `[mcp_servers.<name>]` (`command`, `args`, `env` / `url`, `http_headers`), and `[otel]` with
 * `exporter` / `metrics_exporter` = `{ otlp-http = { endpoint, protocol = "binary"|"json" } }`
 * or `{ otlp-grpc = { endpoint } }`, where an otlp-http endpoint is the full signal URL.
 * Gateway: `model_provider = "marshal"` and `[model_providers.marshal]` (docs/config.md "model_providers":
 * `name`, `base_url`, `wire_api = "responses"`, `requires_openai_auth = false`) with command-backed provider auth
 * `[model_providers.marshal.auth]` (`command`, `args`, `timeout_ms`, `refresh_interval_ms`; openai/codex PR 16267,
 * present in 0.169.0): Codex runs the command for a bearer token, caches it, and re-runs it on refresh or a 401.
 */
import { stringify } from "smol-toml";
import type { TAgentPolicy, TCompiledAgentPolicy, TCompiledFile, TTelemetryPolicy } from "@/server/contracts/agent-policy";
import { describeMcpRef, mcpRefMatches } from "../validate-agent-policy";
import { nonEmpty, sortKeysDeep } from "./canonical-json";
import { GATEWAY_TOKEN_REFRESH_MS, gatewayBaseUrl, gatewayTokenCommand } from "./gateway-settings";

export const CODEX_SYSTEM_DIR = {
  linux: "/etc/codex",
  darwin: "/etc/codex",
  windows: "C:\\ProgramData\\OpenAI\\Codex",
} as const;

export function compileCodex({ policy }: { policy: TAgentPolicy }): TCompiledAgentPolicy {
  const notes: string[] = [];
  const sandboxModes = allowedSandboxModes({ policy });
  const approvals = [...new Set(policy.allowedApprovalPolicies)];

  const requirements: Record<string, unknown> = {
    allowed_approval_policies: approvals,
    allowed_sandbox_modes: sandboxModes,
  };
  if (policy.mcp.allowed !== undefined) {
    requirements.mcp_servers = Object.fromEntries(
      policy.mcp.provision.map((server) => [
        server.name,
        { identity: server.transport === "stdio" ? { command: server.command } : { url: server.url } },
      ]),
    );
    const unprovisioned = policy.mcp.allowed.filter((ref) => !policy.mcp.provision.some((server) => mcpRefMatches({ ref, server })));
    if (unprovisioned.length > 0) {
      notes.push(
        `Codex allowlists MCP servers by name together with their command or URL, so only provisioned servers can be allowed; not expressible: ${unprovisioned.map((ref) => describeMcpRef({ ref })).join(", ")}.`,
      );
    }
  }
  if (policy.mcp.denied.length > 0) {
    notes.push(
      policy.mcp.allowed === undefined
        ? "Codex has no MCP denylist (only an allowlist), so the denied MCP servers are not enforced; define mcp.allowed to lock Codex down."
        : "Codex has no MCP denylist; denied servers are blocked because they are not on the Codex allowlist.",
    );
  }

  const config: Record<string, unknown> = {
    // Codex 0.169 refuses to start with `approval_policy = "untrusted"` in config.toml ("no longer
    // supported") while requirements.toml still accepts it: default to the first other allowed policy,
    // and when "untrusted" is the only one, leave the default out (requirements force it anyway).
    approval_policy: approvals.find((a) => a !== "untrusted"),
    sandbox_mode: policy.sandbox.required ? policy.sandbox.mode : undefined,
    mcp_servers:
      policy.mcp.provision.length === 0
        ? undefined
        : Object.fromEntries(
            policy.mcp.provision.map((server) => [
              server.name,
              server.transport === "stdio"
                ? { command: server.command, args: nonEmpty(server.args), env: nonEmpty(server.env) }
                : { url: server.url, http_headers: nonEmpty(server.headers) },
            ]),
          ),
    otel: otelConfig({ telemetry: policy.telemetry }),
    ...(policy.gateway
      ? {
          model_provider: "marshal",
          model_providers: {
            marshal: {
              name: "Marshal gateway",
              base_url: `${gatewayBaseUrl({ gateway: policy.gateway })}/openai/v1`,
              wire_api: "responses",
              requires_openai_auth: false,
              auth: {
                command: "/bin/sh",
                args: ["-c", gatewayTokenCommand({ gateway: policy.gateway, productSlug: "codex-cli" })],
                timeout_ms: 15_000,
                refresh_interval_ms: GATEWAY_TOKEN_REFRESH_MS,
              },
            },
          },
        }
      : {}),
  };

  const files: TCompiledFile[] = [
    {
      pathByOs: pathsFor({ fileName: "requirements.toml" }),
      format: "toml",
      content: stringifyToml({ value: requirements }),
      mode: "0644",
    },
    {
      pathByOs: pathsFor({ fileName: "config.toml" }),
      format: "toml",
      content: stringifyToml({ value: config }),
      mode: "0644",
    },
  ];

  notes.push("Codex permission rules are not compiled: Codex governs commands through approval policy and sandbox mode, not Claude-style tool patterns.");
  if (policy.managedRulesOnly) notes.push("Codex has no equivalent of managed-rules-only; requirements.toml constrains approval and sandbox choices instead.");
  if (!policy.sandbox.required && policy.disableBypassMode) {
    notes.push("Bypass mode (--dangerously-bypass-approvals-and-sandbox) is refused by disallowing the danger-full-access sandbox mode.");
  }
  if (policy.telemetry.enabled) notes.push("Codex telemetry ([otel]) lives in the system config.toml: a default the user's own config.toml can override, not an enforced requirement.");
  if (policy.gateway) notes.push("The gateway provider is set in the system config.toml: a default; a user's own config.toml can select another model_provider (the vendor then refuses calls without the tenant's key, which only the gateway holds).");
  if (Object.keys(policy.env).length > 0) notes.push("Codex has no managed environment block; the policy's env must be set by the enroller for Codex processes.");

  return {
    agent: "codex",
    files,
    env: nonEmpty(sortKeysDeep(policy.env)),
    notes,
  };
}

export function allowedSandboxModes({ policy }: { policy: TAgentPolicy }): string[] {
  if (policy.sandbox.required) {
    return policy.sandbox.mode === "read-only" ? ["read-only"] : ["read-only", "workspace-write"];
  }
  return policy.disableBypassMode ? ["read-only", "workspace-write"] : ["read-only", "workspace-write", "danger-full-access"];
}

function otelConfig({ telemetry }: { telemetry: TTelemetryPolicy }): Record<string, unknown> | undefined {
  if (!telemetry.enabled || telemetry.otlpEndpoint === undefined) return undefined;
  const base = telemetry.otlpEndpoint.replace(/\/+$/, "");
  if (telemetry.protocol === "grpc") {
    return { exporter: { "otlp-grpc": { endpoint: base } }, metrics_exporter: { "otlp-grpc": { endpoint: base } } };
  }
  const protocol = telemetry.protocol === "http/json" ? "json" : "binary";
  return {
    exporter: { "otlp-http": { endpoint: `${base}/v1/logs`, protocol } },
    metrics_exporter: { "otlp-http": { endpoint: `${base}/v1/metrics`, protocol } },
  };
}

function pathsFor({ fileName }: { fileName: string }): TCompiledFile["pathByOs"] {
  return {
    linux: `${CODEX_SYSTEM_DIR.linux}/${fileName}`,
    darwin: `${CODEX_SYSTEM_DIR.darwin}/${fileName}`,
    windows: `${CODEX_SYSTEM_DIR.windows}\\${fileName}`,
  };
}

function stringifyToml({ value }: { value: Record<string, unknown> }): string {
  const text = stringify(sortKeysDeep(value));
  return text.endsWith("\n") ? text : `${text}\n`;
}

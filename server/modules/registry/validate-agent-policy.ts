/**
 * The gate a policy or pin set passes before anything is saved or compiled: every problem
 * is reported with its path and a message a CISO can act on, and nothing is fixed up silently.
 */
import semver from "semver";
import type { z } from "zod";
import {
  ZAgentPolicy,
  ZPins,
  type TAgentPolicy,
  type TMcpServerDefinition,
  type TMcpServerRef,
  type TPins,
} from "@/server/contracts/agent-policy";
import { parsePermissionRule } from "./compilers/parse-permission-rule";

export type TPolicyProblem = { path: string; message: string };
export type TValidation<T> = { ok: true; value: T } | { ok: false; problems: TPolicyProblem[] };

/** MCP server names as Claude Code accepts them in allowedMcpServers/deniedMcpServers (schemastore `serverName`), capped at 64. */
export const MCP_SERVER_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
/** Environment variable names as the Claude Code settings schema accepts them (`env.propertyNames`). */
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/** Environment variables the compilers derive from `telemetry`; setting them by hand would fight it. */
export const TELEMETRY_ENV_NAMES = [
  "CLAUDE_CODE_ENABLE_TELEMETRY",
  "COPILOT_OTEL_ENABLED",
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_EXPORTER_OTLP_PROTOCOL",
  "OTEL_LOGS_EXPORTER",
  "OTEL_METRICS_EXPORTER",
] as const;

const WRITE_TOOLS = new Set(["Edit", "Write", "MultiEdit", "NotebookEdit"]);

/** Validates a policy (shape and meaning). On success returns the parsed policy with defaults applied. */
export function validateAgentPolicy({ policy }: { policy: unknown }): TValidation<TAgentPolicy> {
  const parsed = ZAgentPolicy.safeParse(policy);
  if (!parsed.success) return { ok: false, problems: zodProblems({ error: parsed.error }) };
  const value = parsed.data;
  const problems = [
    ...checkPermissionRules({ policy: value }),
    ...checkMcp({ policy: value }),
    ...checkTelemetry({ policy: value }),
    ...checkSandbox({ policy: value }),
    ...checkApprovals({ policy: value }),
    ...checkEnv({ policy: value }),
    ...checkGateway({ policy: value }),
  ];
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

/** Validates version pins: a semver range (npm syntax) and sha256 digests (64 hex characters, returned lower-case). */
export function validatePins({ pins }: { pins: unknown }): TValidation<TPins> {
  const parsed = ZPins.safeParse(pins);
  if (!parsed.success) return { ok: false, problems: zodProblems({ error: parsed.error }) };
  const problems: TPolicyProblem[] = [];
  const { versionRange, sha256 } = parsed.data;
  if (versionRange.trim() === "") {
    problems.push({ path: "versionRange", message: 'versionRange is empty; use "*" to allow any version' });
  } else if (semver.validRange(versionRange) === null) {
    problems.push({ path: "versionRange", message: `"${versionRange}" is not a valid semver range (e.g. ">=2.1.0 <3" or "^0.169.0")` });
  }
  const seen = new Set<string>();
  sha256.forEach((digest, i) => {
    if (!SHA256_HEX.test(digest)) {
      problems.push({ path: `sha256[${i}]`, message: `"${digest}" is not a sha256 digest (64 hexadecimal characters)` });
    } else if (seen.has(digest.toLowerCase())) {
      problems.push({ path: `sha256[${i}]`, message: `digest ${digest.toLowerCase()} is listed twice` });
    }
    seen.add(digest.toLowerCase());
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { versionRange: versionRange.trim(), sha256: sha256.map((d) => d.toLowerCase()) } };
}

function zodProblems({ error }: { error: z.ZodError }): TPolicyProblem[] {
  return error.issues.map((issue) => ({ path: formatPath({ path: issue.path }), message: issue.message }));
}

function formatPath({ path }: { path: ReadonlyArray<PropertyKey> }): string {
  return path.reduce<string>((acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), "");
}

function checkPermissionRules({ policy }: { policy: TAgentPolicy }): TPolicyProblem[] {
  const problems: TPolicyProblem[] = [];
  const lists = ["allow", "ask", "deny"] as const;
  for (const list of lists) {
    const seen = new Set<string>();
    policy.permissions[list].forEach((rule, i) => {
      const path = `permissions.${list}[${i}]`;
      const parsed = parsePermissionRule({ rule });
      if (!parsed.ok) problems.push({ path, message: parsed.message });
      if (seen.has(rule)) problems.push({ path, message: `"${rule}" is listed twice in ${list}` });
      seen.add(rule);
    });
  }
  const deny = new Set(policy.permissions.deny);
  const bareDeniedTools = new Set(
    policy.permissions.deny.map((rule) => parsePermissionRule({ rule })).flatMap((p) => (p.ok && p.specifier === undefined ? [p.tool] : [])),
  );
  for (const list of ["allow", "ask"] as const) {
    policy.permissions[list].forEach((rule, i) => {
      const path = `permissions.${list}[${i}]`;
      if (deny.has(rule)) {
        problems.push({ path, message: `"${rule}" is both ${list === "allow" ? "allowed" : "asked"} and denied` });
        return;
      }
      const parsed = parsePermissionRule({ rule });
      if (parsed.ok && parsed.specifier !== undefined && bareDeniedTools.has(parsed.tool)) {
        problems.push({ path, message: `"${rule}" can never apply: deny rule "${parsed.tool}" blocks every ${parsed.tool} call` });
      }
    });
  }
  const ask = new Set(policy.permissions.ask);
  policy.permissions.allow.forEach((rule, i) => {
    if (ask.has(rule)) problems.push({ path: `permissions.allow[${i}]`, message: `"${rule}" is both allowed and asked` });
  });
  return problems;
}

function checkMcpRef({ ref, path }: { ref: TMcpServerRef; path: string }): TPolicyProblem[] {
  if ("name" in ref) {
    return MCP_SERVER_NAME.test(ref.name)
      ? []
      : [{ path: `${path}.name`, message: `"${ref.name}" is not a valid MCP server name (1-64 letters, digits, "_" or "-")` }];
  }
  if ("url" in ref) {
    return isHttpUrl({ value: ref.url, allowWildcards: true })
      ? []
      : [{ path: `${path}.url`, message: `"${ref.url}" is not an http(s) URL` }];
  }
  if (ref.command.length === 0 || ref.command[0]!.trim() === "") {
    return [{ path: `${path}.command`, message: "command must name the executable as its first element" }];
  }
  return [];
}

function checkMcp({ policy }: { policy: TAgentPolicy }): TPolicyProblem[] {
  const problems: TPolicyProblem[] = [];
  const { allowed, denied, provision } = policy.mcp;
  allowed?.forEach((ref, i) => problems.push(...checkMcpRef({ ref, path: `mcp.allowed[${i}]` })));
  denied.forEach((ref, i) => problems.push(...checkMcpRef({ ref, path: `mcp.denied[${i}]` })));
  const deniedKeys = new Set(denied.map((ref) => mcpRefKey({ ref })));
  allowed?.forEach((ref, i) => {
    if (deniedKeys.has(mcpRefKey({ ref }))) {
      problems.push({ path: `mcp.allowed[${i}]`, message: `MCP server ${describeMcpRef({ ref })} is both allowed and denied` });
    }
  });
  const names = new Set<string>();
  provision.forEach((server, i) => {
    const path = `mcp.provision[${i}]`;
    if (!MCP_SERVER_NAME.test(server.name)) {
      problems.push({ path: `${path}.name`, message: `"${server.name}" is not a valid MCP server name (1-64 letters, digits, "_" or "-")` });
    }
    if (names.has(server.name)) problems.push({ path: `${path}.name`, message: `MCP server "${server.name}" is provisioned twice` });
    names.add(server.name);
    if (server.transport === "stdio" && server.command.trim() === "") {
      problems.push({ path: `${path}.command`, message: "command must not be empty" });
    }
    if (server.transport === "http" && !isHttpUrl({ value: server.url, allowWildcards: false })) {
      problems.push({ path: `${path}.url`, message: `"${server.url}" is not an http(s) URL` });
    }
    if (denied.some((ref) => mcpRefMatches({ ref, server }))) {
      problems.push({ path, message: `MCP server "${server.name}" is provisioned but the deny list blocks it` });
    } else if (allowed !== undefined && !allowed.some((ref) => mcpRefMatches({ ref, server }))) {
      problems.push({ path, message: `MCP server "${server.name}" is provisioned but not on the allow list` });
    }
  });
  return problems;
}

function checkTelemetry({ policy }: { policy: TAgentPolicy }): TPolicyProblem[] {
  const { enabled, otlpEndpoint } = policy.telemetry;
  if (otlpEndpoint !== undefined && !isHttpUrl({ value: otlpEndpoint, allowWildcards: false })) {
    return [{ path: "telemetry.otlpEndpoint", message: `"${otlpEndpoint}" is not an http(s) URL` }];
  }
  if (enabled && otlpEndpoint === undefined) {
    return [{ path: "telemetry.otlpEndpoint", message: "telemetry is enabled but no otlpEndpoint says where to send it" }];
  }
  return [];
}

/** Variables the compilers derive from `gateway`; setting them by hand would fight it. */
export const GATEWAY_ENV_NAMES = ["ANTHROPIC_BASE_URL", "CLAUDE_CODE_API_KEY_HELPER_TTL_MS", "GOOGLE_GEMINI_BASE_URL"] as const;

function checkGateway({ policy }: { policy: TAgentPolicy }): TPolicyProblem[] {
  if (!policy.gateway) return [];
  const problems: TPolicyProblem[] = [];
  if (!isHttpUrl({ value: policy.gateway.baseUrl, allowWildcards: false })) {
    problems.push({ path: "gateway.baseUrl", message: `"${policy.gateway.baseUrl}" is not an http(s) URL` });
  }
  if (policy.gateway.apiKeyHelper.trim() === "" || /[\r\n]/.test(policy.gateway.apiKeyHelper)) {
    problems.push({ path: "gateway.apiKeyHelper", message: "apiKeyHelper must be a one-line shell command that prints an agent token" });
  }
  for (const name of GATEWAY_ENV_NAMES) {
    if (name in policy.env) problems.push({ path: `env.${name}`, message: `${name} is derived from the gateway settings; set gateway instead` });
  }
  return problems;
}

function checkSandbox({ policy }: { policy: TAgentPolicy }): TPolicyProblem[] {
  if (!policy.sandbox.required || policy.sandbox.mode !== "read-only") return [];
  const problems: TPolicyProblem[] = [];
  for (const list of ["allow", "ask"] as const) {
    policy.permissions[list].forEach((rule, i) => {
      const parsed = parsePermissionRule({ rule });
      if (parsed.ok && WRITE_TOOLS.has(parsed.tool)) {
        problems.push({ path: `permissions.${list}[${i}]`, message: `"${rule}" permits writing files, but the required sandbox is read-only` });
      }
    });
  }
  return problems;
}

function checkApprovals({ policy }: { policy: TAgentPolicy }): TPolicyProblem[] {
  if (policy.allowedApprovalPolicies.length === 0) {
    return [{ path: "allowedApprovalPolicies", message: "at least one approval policy must be allowed" }];
  }
  return [];
}

function checkEnv({ policy }: { policy: TAgentPolicy }): TPolicyProblem[] {
  const problems: TPolicyProblem[] = [];
  const reserved = new Set<string>(TELEMETRY_ENV_NAMES);
  for (const name of Object.keys(policy.env).sort()) {
    if (!ENV_NAME.test(name)) {
      problems.push({ path: `env.${name}`, message: `"${name}" is not a valid environment variable name (A-Z, 0-9 and "_", not starting with a digit)` });
    } else if (reserved.has(name)) {
      problems.push({ path: `env.${name}`, message: `${name} is derived from the telemetry settings; set telemetry instead` });
    }
  }
  return problems;
}

export function isHttpUrl({ value, allowWildcards }: { value: string; allowWildcards: boolean }): boolean {
  // Claude Code allows `*` wildcards in serverUrl patterns (https://code.claude.com/docs/en/mcp#restriction-options).
  const candidate = allowWildcards ? value.replaceAll("*", "w") : value;
  if (candidate !== candidate.trim() || candidate === "") return false;
  try {
    const url = new URL(candidate);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

export function mcpRefKey({ ref }: { ref: TMcpServerRef }): string {
  if ("name" in ref) return `name:${ref.name}`;
  if ("url" in ref) return `url:${ref.url}`;
  return `command:${JSON.stringify(ref.command)}`;
}

export function describeMcpRef({ ref }: { ref: TMcpServerRef }): string {
  if ("name" in ref) return `"${ref.name}"`;
  if ("url" in ref) return `at ${ref.url}`;
  return `started by ${JSON.stringify(ref.command)}`;
}

/** Whether an allow/deny entry designates a provisioned server (URL patterns match with `*` wildcards). */
export function mcpRefMatches({ ref, server }: { ref: TMcpServerRef; server: TMcpServerDefinition }): boolean {
  if ("name" in ref) return ref.name === server.name;
  if ("url" in ref) return server.transport === "http" && wildcardToRegExp({ pattern: ref.url }).test(server.url);
  return server.transport === "stdio" && JSON.stringify(ref.command) === JSON.stringify([server.command, ...server.args]);
}

function wildcardToRegExp({ pattern }: { pattern: string }): RegExp {
  const escaped = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`);
}

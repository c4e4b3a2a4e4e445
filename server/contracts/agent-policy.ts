/**
 * Agent policy: what a CISO sets per registry verdict class, and the shape of what the
 * per-agent compilers produce from it (the files the enroller writes on a device).
 *
 * These schemas check shape only. `validateAgentPolicy` / `validatePins`
 * (server/modules/registry/validate-agent-policy.ts) are the gate before anything is
 * saved: they add the semantic checks (malformed rule patterns, contradictions, MCP
 * names and URLs, semver ranges, sha256 digests) with a clear message per problem.
 */
import { z } from "zod";

export const ZRegistryVerdict = z.enum(["sanctioned", "tolerated", "blocked", "unreviewed"]);
export type TRegistryVerdict = z.infer<typeof ZRegistryVerdict>;

/** Version range (npm semver syntax, e.g. ">=2.1.0 <3") and trusted sha256 digests of the install. */
export const ZPins = z.object({
  versionRange: z.string(),
  sha256: z.array(z.string()).default([]),
});
export type TPins = z.infer<typeof ZPins>;

/**
 * A permission rule in Claude Code's tool-pattern syntax: `Tool` or `Tool(specifier)`,
 * e.g. `Bash(npm run test:*)`, `Read(./.env)`, `WebFetch(domain:example.com)`, `mcp__github`.
 * See https://code.claude.com/docs/en/settings#permission-rule-syntax. Other agents get
 * a translation where they have an equivalent (see each compiler's notes).
 */
export const ZPermissionRule = z.string();
export type TPermissionRule = z.infer<typeof ZPermissionRule>;

export const ZPermissionRules = z.object({
  allow: z.array(ZPermissionRule).default([]),
  ask: z.array(ZPermissionRule).default([]),
  deny: z.array(ZPermissionRule).default([]),
});
export type TPermissionRules = z.infer<typeof ZPermissionRules>;

/** An MCP server named in an allow or deny list: by its configured name, its URL, or its exact stdio command. */
export const ZMcpServerRef = z.union([
  z.object({ name: z.string() }).strict(),
  z.object({ url: z.string() }).strict(),
  z.object({ command: z.array(z.string()) }).strict(),
]);
export type TMcpServerRef = z.infer<typeof ZMcpServerRef>;

/** An MCP server the tenant provisions on every device (Claude Code managed-mcp.json, Codex/Gemini system config). */
export const ZMcpServerDefinition = z.discriminatedUnion("transport", [
  z
    .object({
      name: z.string(),
      transport: z.literal("stdio"),
      command: z.string(),
      args: z.array(z.string()).default([]),
      env: z.record(z.string(), z.string()).default({}),
    })
    .strict(),
  z
    .object({
      name: z.string(),
      transport: z.literal("http"),
      url: z.string(),
      headers: z.record(z.string(), z.string()).default({}),
    })
    .strict(),
]);
export type TMcpServerDefinition = z.infer<typeof ZMcpServerDefinition>;

export const ZMcpPolicy = z.object({
  /** Undefined: no allowlist (every server allowed unless denied). Empty array: no server allowed. */
  allowed: z.array(ZMcpServerRef).optional(),
  denied: z.array(ZMcpServerRef).default([]),
  /** Servers to provision on the device; they must pass the allow/deny lists themselves. */
  provision: z.array(ZMcpServerDefinition).default([]),
  /** Only the managed allowlist counts; user/project MCP configuration cannot widen it. */
  managedOnly: z.boolean().default(false),
});
export type TMcpPolicy = z.infer<typeof ZMcpPolicy>;

/** OTLP protocols as named by the OpenTelemetry spec (OTEL_EXPORTER_OTLP_PROTOCOL). */
export const ZOtlpProtocol = z.enum(["grpc", "http/protobuf", "http/json"]);
export type TOtlpProtocol = z.infer<typeof ZOtlpProtocol>;

export const ZTelemetryPolicy = z.object({
  enabled: z.boolean(),
  otlpEndpoint: z.string().optional(),
  protocol: ZOtlpProtocol.default("http/protobuf"),
});
export type TTelemetryPolicy = z.infer<typeof ZTelemetryPolicy>;

/**
 * The device gateway agents send their model calls to (the enroller's loopback gateway, see
 * agent-enroller/src/gateway-wiring): `baseUrl` is the gateway, `apiKeyHelper` the shell command that prints a
 * fresh agent token, to which each compiler appends `--product <catalog slug>`. The server fills this per device
 * (build-device-policy-bundles.ts) when the tenant routes agents through the gateway.
 */
export const ZGatewayPolicy = z.strictObject({
  baseUrl: z.string(),
  apiKeyHelper: z.string().default("marshal-enroller agent-token"),
});
export type TGatewayPolicy = z.infer<typeof ZGatewayPolicy>;

export const ZSandboxMode = z.enum(["read-only", "workspace-write"]);
export type TSandboxMode = z.infer<typeof ZSandboxMode>;

export const ZSandboxPolicy = z.object({
  required: z.boolean(),
  mode: ZSandboxMode.default("workspace-write"),
});
export type TSandboxPolicy = z.infer<typeof ZSandboxPolicy>;

/** Approval policies in Codex's vocabulary (`approval_policy`); the set a user may choose from. */
export const ZApprovalPolicy = z.enum(["untrusted", "on-failure", "on-request", "never"]);
export type TApprovalPolicy = z.infer<typeof ZApprovalPolicy>;

export const ZAgentPolicy = z
  .object({
    permissions: ZPermissionRules.default({ allow: [], ask: [], deny: [] }),
    /** Refuse `--dangerously-skip-permissions` / YOLO-style modes. */
    disableBypassMode: z.boolean().default(true),
    /** Only managed permission rules apply; user and project rules are ignored. */
    managedRulesOnly: z.boolean().default(false),
    mcp: ZMcpPolicy.default({ denied: [], provision: [], managedOnly: false }),
    telemetry: ZTelemetryPolicy.default({ enabled: false, protocol: "http/protobuf" }),
    sandbox: ZSandboxPolicy.default({ required: false, mode: "workspace-write" }),
    /** Approval policies a Codex-like agent may run with. */
    allowedApprovalPolicies: z.array(ZApprovalPolicy).default(["untrusted", "on-request"]),
    /** Extra environment variables for the agent's sessions. */
    env: z.record(z.string(), z.string()).default({}),
    /** Route model calls through the device gateway (absent: the agent talks to its vendor as configured). */
    gateway: ZGatewayPolicy.optional(),
  })
  .strict();
export type TAgentPolicy = z.infer<typeof ZAgentPolicy>;
export type TAgentPolicyInput = z.input<typeof ZAgentPolicy>;

/** Products Marshal can compile a policy for. */
export const ZAgentSlug = z.enum(["claude-code", "codex", "gemini-cli", "copilot-cli", "aider"]);
export type TAgentSlug = z.infer<typeof ZAgentSlug>;

export const ZCompiledFile = z.object({
  pathByOs: z.object({ linux: z.string(), darwin: z.string(), windows: z.string() }),
  format: z.enum(["json", "toml", "env"]),
  content: z.string(),
  mode: z.literal("0644"),
});
export type TCompiledFile = z.infer<typeof ZCompiledFile>;

export const ZCompiledAgentPolicy = z.object({
  agent: ZAgentSlug,
  files: z.array(ZCompiledFile),
  /** Environment the enroller must set for the agent's processes (for agents with no managed file for it). */
  env: z.record(z.string(), z.string()).optional(),
  /** What the agent cannot enforce from this policy, in plain words. */
  notes: z.array(z.string()),
});
export type TCompiledAgentPolicy = z.infer<typeof ZCompiledAgentPolicy>;

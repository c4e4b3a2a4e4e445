/** A policy's `gateway` points each agent at the device gateway with its own documented settings. */
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { compileAgentPolicy, InvalidAgentPolicyError } from "./compile-agent-policy";

const policy = {
  telemetry: { enabled: true, otlpEndpoint: "http://127.0.0.1:4318", protocol: "http/json" },
  gateway: { baseUrl: "http://127.0.0.1:47821/", apiKeyHelper: "marshal-enroller agent-token" },
};

const fileContent = (compiled: ReturnType<typeof compileAgentPolicy>, name: string) => compiled.files.find((f) => f.pathByOs.linux.endsWith(name))!.content;

describe("gateway settings in managed configuration", () => {
  it("Claude Code: ANTHROPIC_BASE_URL, apiKeyHelper for claude-code, helper TTL, and OTel to the receiver", () => {
    const settings = JSON.parse(fileContent(compileAgentPolicy({ product: "claude-code", policy }), "managed-settings.json"));
    expect(settings.apiKeyHelper).toBe("marshal-enroller agent-token --product claude-code");
    expect(settings.env).toMatchObject({
      ANTHROPIC_BASE_URL: "http://127.0.0.1:47821",
      CLAUDE_CODE_API_KEY_HELPER_TTL_MS: "300000",
      CLAUDE_CODE_ENABLE_TELEMETRY: "1",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    });
  });

  it("Codex: model_providers.marshal at <gateway>/openai/v1 with command auth for codex-cli, and [otel] to the receiver", () => {
    const config = parseToml(fileContent(compileAgentPolicy({ product: "codex", policy }), "config.toml")) as Record<string, any>;
    expect(config.model_provider).toBe("marshal");
    expect(config.model_providers.marshal).toEqual({
      name: "Marshal gateway",
      base_url: "http://127.0.0.1:47821/openai/v1",
      wire_api: "responses",
      requires_openai_auth: false,
      auth: { command: "/bin/sh", args: ["-c", "marshal-enroller agent-token --product codex-cli"], timeout_ms: 15000, refresh_interval_ms: 300000 },
    });
    expect(config.otel.exporter["otlp-http"]).toEqual({ endpoint: "http://127.0.0.1:4318/v1/logs", protocol: "json" });
  });

  it("Gemini CLI: GOOGLE_GEMINI_BASE_URL for the enroller to set, with a note on the key", () => {
    const compiled = compileAgentPolicy({ product: "gemini-cli", policy });
    expect(compiled.env).toEqual({ GOOGLE_GEMINI_BASE_URL: "http://127.0.0.1:47821/gemini" });
    expect(compiled.notes.join(" ")).toMatch(/GEMINI_API_KEY/);
  });

  it("without gateway nothing points at it, and the policy hash differs", () => {
    const { gateway: _gateway, ...plain } = policy;
    const without = compileAgentPolicy({ product: "claude-code", policy: plain });
    const settings = JSON.parse(fileContent(without, "managed-settings.json"));
    expect(settings.apiKeyHelper).toBeUndefined();
    expect(settings.env.ANTHROPIC_BASE_URL).toBeUndefined();
    expect(without.policyHash).not.toBe(compileAgentPolicy({ product: "claude-code", policy }).policyHash);
  });

  it("refuses a gateway that is not an http(s) URL, a multi-line helper, or env that fights the gateway", () => {
    expect(() => compileAgentPolicy({ product: "claude-code", policy: { gateway: { baseUrl: "file:///etc/passwd" } } })).toThrow(InvalidAgentPolicyError);
    expect(() => compileAgentPolicy({ product: "claude-code", policy: { gateway: { baseUrl: "http://127.0.0.1:1", apiKeyHelper: "a\nb" } } })).toThrow(/apiKeyHelper/);
    expect(() => compileAgentPolicy({ product: "claude-code", policy: { gateway: { baseUrl: "http://127.0.0.1:1" }, env: { ANTHROPIC_BASE_URL: "https://x" } } })).toThrow(/derived from the gateway/);
    expect(compileAgentPolicy({ product: "claude-code", policy: { gateway: { baseUrl: "http://127.0.0.1:1" } } }).files[0]!.content).toContain("marshal-enroller agent-token --product claude-code");
  });
});

import { describe, expect, it } from "vitest";
import { validateAgentPolicy, validatePins } from "./validate-agent-policy";

const problemsOf = (policy: unknown) => {
  const result = validateAgentPolicy({ policy });
  return result.ok ? [] : result.problems;
};

describe("validateAgentPolicy", () => {
  it("accepts an empty policy and fills in the defaults", () => {
    const result = validateAgentPolicy({ policy: {} });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.disableBypassMode).toBe(true);
      expect(result.value.permissions).toEqual({ allow: [], ask: [], deny: [] });
      expect(result.value.mcp.allowed).toBeUndefined();
    }
  });

  it("accepts the documented rule forms", () => {
    const rules = ["Bash", "Bash(npm run test:*)", "Read(./.env)", "Edit(/src/**/*.ts)", "WebFetch(domain:example.com)", "mcp__github", "mcp__github__search_repositories"];
    expect(problemsOf({ permissions: { deny: rules } })).toEqual([]);
  });

  it("rejects a pattern that is both allowed and denied, and one both asked and denied", () => {
    expect(problemsOf({ permissions: { allow: ["Bash(rm:*)"], ask: ["Read(./.env)"], deny: ["Bash(rm:*)", "Read(./.env)"] } })).toEqual([
      { path: "permissions.allow[0]", message: '"Bash(rm:*)" is both allowed and denied' },
      { path: "permissions.ask[0]", message: '"Read(./.env)" is both asked and denied' },
    ]);
  });

  it("rejects an allow rule that a bare deny of the same tool makes dead", () => {
    expect(problemsOf({ permissions: { allow: ["Bash(git status)"], deny: ["Bash"] } })).toEqual([
      { path: "permissions.allow[0]", message: '"Bash(git status)" can never apply: deny rule "Bash" blocks every Bash call' },
    ]);
  });

  it("rejects a pattern both allowed and asked", () => {
    expect(problemsOf({ permissions: { allow: ["Edit"], ask: ["Edit"] } })).toEqual([{ path: "permissions.allow[0]", message: '"Edit" is both allowed and asked' }]);
  });

  it.each([
    ["Bash(npm test", "is not a permission rule"],
    ["Shell(rm)", 'unknown tool "Shell"'],
    ["Bash()", "empty specifier"],
    [" Bash", "leading or trailing spaces"],
    ["Bash(echo $(date))", "parentheses inside its specifier"],
    ["WebFetch(example.com)", "WebFetch(domain:example.com)"],
    ["mcp__bad server", "not a valid MCP rule"],
  ])("rejects the malformed pattern %j", (rule, fragment) => {
    const problems = problemsOf({ permissions: { deny: [rule] } });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe("permissions.deny[0]");
    expect(problems[0]!.message).toContain(fragment);
  });

  it("rejects a duplicated rule", () => {
    expect(problemsOf({ permissions: { deny: ["Bash", "Bash"] } })).toEqual([{ path: "permissions.deny[1]", message: '"Bash" is listed twice in deny' }]);
  });

  it("rejects MCP allowlist entries that are neither a valid name nor an http(s) URL", () => {
    expect(
      problemsOf({ mcp: { allowed: [{ name: "has space" }, { name: "x".repeat(65) }, { url: "ftp://mcp.example.com" }, { url: "not a url" }, { command: [] }] } }),
    ).toEqual([
      { path: "mcp.allowed[0].name", message: '"has space" is not a valid MCP server name (1-64 letters, digits, "_" or "-")' },
      { path: "mcp.allowed[1].name", message: `"${"x".repeat(65)}" is not a valid MCP server name (1-64 letters, digits, "_" or "-")` },
      { path: "mcp.allowed[2].url", message: '"ftp://mcp.example.com" is not an http(s) URL' },
      { path: "mcp.allowed[3].url", message: '"not a url" is not an http(s) URL' },
      { path: "mcp.allowed[4].command", message: "command must name the executable as its first element" },
    ]);
  });

  it("accepts wildcard MCP URL patterns as Claude Code documents them", () => {
    expect(problemsOf({ mcp: { allowed: [{ url: "https://*.example.com/*" }] } })).toEqual([]);
  });

  it("rejects an MCP server both allowed and denied", () => {
    expect(problemsOf({ mcp: { allowed: [{ name: "github" }], denied: [{ name: "github" }] } })).toEqual([
      { path: "mcp.allowed[0]", message: 'MCP server "github" is both allowed and denied' },
    ]);
  });

  it("rejects a provisioned server that its own allow or deny list blocks", () => {
    const provision = [{ name: "docs", transport: "http", url: "https://docs.example.com/mcp" }];
    expect(problemsOf({ mcp: { allowed: [{ name: "github" }], provision } })).toEqual([
      { path: "mcp.provision[0]", message: 'MCP server "docs" is provisioned but not on the allow list' },
    ]);
    expect(problemsOf({ mcp: { denied: [{ url: "https://*.example.com/*" }], provision } })).toEqual([
      { path: "mcp.provision[0]", message: 'MCP server "docs" is provisioned but the deny list blocks it' },
    ]);
  });

  it("rejects an MCP entry with both a name and a URL (one designation per entry)", () => {
    const problems = problemsOf({ mcp: { allowed: [{ name: "a", url: "https://a.example.com" }] } });
    expect(problems.map((p) => p.path)).toEqual(["mcp.allowed[0]"]);
  });

  it("rejects a telemetry endpoint that is not a URL, and telemetry with nowhere to go", () => {
    expect(problemsOf({ telemetry: { enabled: true, otlpEndpoint: "otel.example.com:4317" } })).toEqual([
      { path: "telemetry.otlpEndpoint", message: '"otel.example.com:4317" is not an http(s) URL' },
    ]);
    expect(problemsOf({ telemetry: { enabled: true } })).toEqual([
      { path: "telemetry.otlpEndpoint", message: "telemetry is enabled but no otlpEndpoint says where to send it" },
    ]);
  });

  it("rejects write permissions under a required read-only sandbox", () => {
    expect(problemsOf({ sandbox: { required: true, mode: "read-only" }, permissions: { allow: ["Write(./out/**)"] } })).toEqual([
      { path: "permissions.allow[0]", message: '"Write(./out/**)" permits writing files, but the required sandbox is read-only' },
    ]);
  });

  it("rejects bad environment variable names and variables owned by telemetry", () => {
    expect(problemsOf({ env: { "lower-case": "1", OTEL_EXPORTER_OTLP_ENDPOINT: "https://x.example.com" } })).toEqual([
      { path: "env.OTEL_EXPORTER_OTLP_ENDPOINT", message: "OTEL_EXPORTER_OTLP_ENDPOINT is derived from the telemetry settings; set telemetry instead" },
      { path: "env.lower-case", message: '"lower-case" is not a valid environment variable name (A-Z, 0-9 and "_", not starting with a digit)' },
    ]);
  });

  it("rejects an empty set of approval policies and unknown values", () => {
    expect(problemsOf({ allowedApprovalPolicies: [] })).toEqual([{ path: "allowedApprovalPolicies", message: "at least one approval policy must be allowed" }]);
    expect(problemsOf({ allowedApprovalPolicies: ["sometimes"] }).map((p) => p.path)).toEqual(["allowedApprovalPolicies[0]"]);
  });

  it("rejects unknown top-level keys and wrong types with their path", () => {
    expect(problemsOf({ disableBypassMode: "yes", bogus: 1 }).map((p) => p.path).sort()).toEqual(["", "disableBypassMode"]);
    expect(problemsOf(null).length).toBe(1);
  });
});

describe("validatePins", () => {
  const digest = "a".repeat(64);

  it("accepts a semver range and digests, lower-casing them", () => {
    expect(validatePins({ pins: { versionRange: ">=2.1.0 <3", sha256: ["ABCDEF".padEnd(64, "0")] } })).toEqual({
      ok: true,
      value: { versionRange: ">=2.1.0 <3", sha256: ["abcdef".padEnd(64, "0")] },
    });
  });

  it.each(["not a range", ">=>2", "2.x.y.z"])("rejects the invalid semver range %j", (versionRange) => {
    const result = validatePins({ pins: { versionRange, sha256: [digest] } });
    expect(result).toEqual({ ok: false, problems: [{ path: "versionRange", message: expect.stringContaining("is not a valid semver range") }] });
  });

  it("rejects an empty range with a hint", () => {
    expect(validatePins({ pins: { versionRange: " ", sha256: [] } })).toEqual({
      ok: false,
      problems: [{ path: "versionRange", message: 'versionRange is empty; use "*" to allow any version' }],
    });
  });

  it("rejects digests that are not 64 hex characters, and duplicates", () => {
    const result = validatePins({ pins: { versionRange: "*", sha256: ["abc", "g".repeat(64), digest, digest.toUpperCase()] } });
    expect(result).toEqual({
      ok: false,
      problems: [
        { path: "sha256[0]", message: '"abc" is not a sha256 digest (64 hexadecimal characters)' },
        { path: "sha256[1]", message: `"${"g".repeat(64)}" is not a sha256 digest (64 hexadecimal characters)` },
        { path: "sha256[3]", message: `digest ${digest} is listed twice` },
      ],
    });
  });
});

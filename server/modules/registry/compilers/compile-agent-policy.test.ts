/**
 * Golden-file tests: one fixture policy compiled for every agent and compared byte for byte
 * with the committed files under __golden__/<agent>/. After an intended change, regenerate with
 *   UPDATE_GOLDEN=1 npx vitest run server/modules/registry/compilers
 * and review the diff.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ZAgentSlug, ZCompiledAgentPolicy } from "@/server/contracts/agent-policy";
import claudeSettingsSchema from "./__schemas__/claude-code-settings.subset.json";
import { stringifyCanonicalJson } from "./canonical-json";
import { compileAgentPolicy, InvalidAgentPolicyError } from "./compile-agent-policy";

const goldenDir = path.join(import.meta.dirname, "__golden__");
const fixture = JSON.parse(readFileSync(path.join(goldenDir, "fixture-policy.json"), "utf8")) as Record<string, unknown>;
const update = process.env.UPDATE_GOLDEN === "1";

// The published schema declares draft-07 but keeps its definitions under `$defs` (a 2019-09+
// keyword); zod resolves `$defs` references only for 2020-12 documents, so the declaration is
// dropped before conversion. Every validation keyword is kept.
const { $schema: _declaredDraft, ...claudeSchemaBody } = claudeSettingsSchema as Record<string, unknown>;
const ZClaudeCodeSettings = z.fromJSONSchema(claudeSchemaBody as Parameters<typeof z.fromJSONSchema>[0]);

describe.each(ZAgentSlug.options)("%s compiled from the fixture policy", (agent) => {
  const compiled = compileAgentPolicy({ product: agent, policy: fixture });
  const agentDir = path.join(goldenDir, agent);
  const manifest = stringifyCanonicalJson({
    value: {
      agent: compiled.agent,
      env: compiled.env,
      files: compiled.files.map((file) => ({ format: file.format, golden: path.posix.basename(file.pathByOs.linux), mode: file.mode, pathByOs: file.pathByOs })),
      notes: compiled.notes,
      policyHash: compiled.policyHash,
    },
  });

  if (update) {
    rmSync(agentDir, { recursive: true, force: true });
    mkdirSync(agentDir, { recursive: true });
    writeFileSync(path.join(agentDir, "manifest.json"), manifest);
    for (const file of compiled.files) writeFileSync(path.join(agentDir, path.posix.basename(file.pathByOs.linux)), file.content);
  }

  it("matches the golden manifest (paths, env, notes, policy hash)", () => {
    expect(manifest).toBe(readFileSync(path.join(agentDir, "manifest.json"), "utf8"));
  });

  it("writes exactly the golden files, byte for byte", () => {
    const expected = readdirSync(agentDir).filter((name) => name !== "manifest.json").sort();
    expect(compiled.files.map((file) => path.posix.basename(file.pathByOs.linux)).sort()).toEqual(expected);
    for (const file of compiled.files) {
      expect(file.content).toBe(readFileSync(path.join(agentDir, path.posix.basename(file.pathByOs.linux)), "utf8"));
    }
  });

  it("is a valid compiled-policy message and parses in its declared format", () => {
    expect(ZCompiledAgentPolicy.safeParse(compiled).success).toBe(true);
    for (const file of compiled.files) {
      if (file.format === "json") expect(() => JSON.parse(file.content)).not.toThrow();
      if (file.format === "toml") expect(() => parseToml(file.content)).not.toThrow();
      expect(file.content.endsWith("\n")).toBe(true);
    }
  });
});

describe("Claude Code output against the published settings schema", () => {
  it("passes the schema for the fixture and for a minimal policy", () => {
    for (const policy of [fixture, {}]) {
      const settingsFile = compileAgentPolicy({ product: "claude-code", policy }).files.find((f) => f.pathByOs.linux.endsWith("managed-settings.json"))!;
      const result = ZClaudeCodeSettings.safeParse(JSON.parse(settingsFile.content));
      expect(result.error?.issues ?? []).toEqual([]);
    }
  });

  it("the schema check itself rejects what Claude Code would reject", () => {
    expect(ZClaudeCodeSettings.safeParse({ permissions: { deny: ["Shell(rm)"] } }).success).toBe(false);
    expect(ZClaudeCodeSettings.safeParse({ permissions: { disableBypassPermissionsMode: true } }).success).toBe(false);
    expect(ZClaudeCodeSettings.safeParse({ allowedMcpServers: [{ serverName: "has space" }] }).success).toBe(false);
  });
});

describe("determinism", () => {
  it("gives the same bytes and hash whatever the order of keys and list entries in the policy", () => {
    const shuffled = reverseKeysDeep(fixture) as typeof fixture;
    const permissions = fixture.permissions as Record<string, string[]>;
    shuffled.permissions = { deny: [...permissions.deny!].reverse(), ask: [...permissions.ask!].reverse(), allow: [...permissions.allow!].reverse() };
    for (const agent of ["claude-code", "gemini-cli", "copilot-cli"] as const) {
      const a = compileAgentPolicy({ product: agent, policy: fixture });
      const b = compileAgentPolicy({ product: agent, policy: shuffled });
      expect(b.files.map((f) => f.content)).toEqual(a.files.map((f) => f.content));
      expect(b.policyHash).toBe(a.policyHash);
    }
  });

  it("changes the hash when one rule changes", () => {
    const a = compileAgentPolicy({ product: "claude-code", policy: fixture });
    const changed = { ...fixture, permissions: { ...(fixture.permissions as object), deny: ["Bash(wget:*)"] } };
    expect(compileAgentPolicy({ product: "claude-code", policy: changed }).policyHash).not.toBe(a.policyHash);
  });
});

describe("bad input", () => {
  it("refuses an unknown product by name", () => {
    expect(() => compileAgentPolicy({ product: "cursor", policy: fixture })).toThrow(/no policy compiler for "cursor"/);
  });

  it("refuses a self-contradicting policy with every problem listed, and compiles nothing", () => {
    const bad = { ...fixture, permissions: { allow: ["Bash(curl:*)"], deny: ["Bash(curl:*)"] }, telemetry: { enabled: true, otlpEndpoint: "not a url" } };
    let error: unknown;
    try {
      compileAgentPolicy({ product: "claude-code", policy: bad });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidAgentPolicyError);
    expect((error as InvalidAgentPolicyError).problems).toEqual([
      { path: "permissions.allow[0]", message: '"Bash(curl:*)" is both allowed and denied' },
      { path: "telemetry.otlpEndpoint", message: '"not a url" is not an http(s) URL' },
    ]);
  });
});

it("has a golden directory for every agent and no stale ones", () => {
  const dirs = readdirSync(goldenDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  expect(dirs).toEqual([...ZAgentSlug.options].sort());
  expect(existsSync(path.join(goldenDir, "fixture-policy.json"))).toBe(true);
});

function reverseKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeysDeep);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeysDeep(v)]));
  }
  return value;
}

describe("Codex approval policy defaults", () => {
  const configOf = (policy: Record<string, unknown>) => {
    const compiled = compileAgentPolicy({ product: "codex", policy });
    const config = compiled.files.find((f) => f.pathByOs.linux.endsWith("config.toml"))!;
    const requirements = compiled.files.find((f) => f.pathByOs.linux.endsWith("requirements.toml"))!;
    return { config: parseToml(config.content), requirements: parseToml(requirements.content) };
  };

  it("never writes approval_policy = \"untrusted\" to config.toml (Codex 0.169 refuses to start with it)", () => {
    const { config, requirements } = configOf({});
    expect(config.approval_policy).toBe("on-request");
    expect(requirements.allowed_approval_policies).toEqual(["untrusted", "on-request"]);
    const onlyUntrusted = configOf({ allowedApprovalPolicies: ["untrusted"] });
    expect(onlyUntrusted.config.approval_policy).toBeUndefined();
    expect(onlyUntrusted.requirements.allowed_approval_policies).toEqual(["untrusted"]);
  });
});

/**
 * The real Codex CLI (installed from npm) enforces the compiled requirements.toml: asked for
 * sandbox_mode=danger-full-access and approval_policy=never, it falls back to allowed values,
 * and it accepts the compiled system config.toml. Writes /etc/codex only inside this test and
 * restores what was there.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installRealAgent } from "@/test/support/real-agents";
import { validateAgentPolicy } from "../validate-agent-policy";
import { compileAgentPolicy } from "./compile-agent-policy";
import { CODEX_SYSTEM_DIR } from "./compile-codex";
import { codexProbe } from "./probes";
import { runProbe } from "./test-support/run-probe";
import { takeOverSystemDir, writeCompiledFiles } from "./test-support/take-over-system-dir";

const policyInput = {
  sandbox: { required: true, mode: "read-only" },
  allowedApprovalPolicies: ["on-request", "untrusted"],
  mcp: {
    allowed: [{ name: "docs" }],
    provision: [{ name: "docs", transport: "stdio", command: "docs-mcp-server", args: ["--stdio"] }],
  },
  telemetry: { enabled: true, otlpEndpoint: "http://127.0.0.1:4318", protocol: "http/protobuf" },
};

describe.runIf(process.platform === "linux")("Codex enforces the compiled requirements.toml", () => {
  let binPath: string;
  let guard: ReturnType<typeof takeOverSystemDir>;
  const policy = (() => {
    const result = validateAgentPolicy({ policy: policyInput });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.value;
  })();
  const compiled = compileAgentPolicy({ product: "codex", policy: policyInput });

  beforeAll(() => {
    binPath = installRealAgent("codex").binPath;
    guard = takeOverSystemDir({ dir: CODEX_SYSTEM_DIR.linux });
  });
  afterAll(() => guard?.restore());

  it("without requirements the requested danger-full-access and never are honoured", () => {
    guard.clear();
    const result = runProbe({ probe: codexProbe({ binPath, policy }) });
    expect(result.status).toBe("not-in-force");
    expect(result.checks).toEqual([
      { name: "sandbox-mode-allowed", ok: false, detail: "requested danger-full-access, effective sandbox_mode is danger-full-access (allowed: read-only)" },
      { name: "approval-never-refused", ok: false, detail: "approval policy never is in effect" },
    ]);
  });

  it("with the compiled files Codex falls back to the allowed sandbox mode and approval policy", () => {
    guard.clear();
    writeCompiledFiles({ files: compiled.files });
    const result = runProbe({ probe: codexProbe({ binPath, policy }) });
    expect(result.checks).toEqual([
      { name: "sandbox-mode-allowed", ok: true, detail: "requested danger-full-access, effective sandbox_mode is read-only (allowed: read-only)" },
      { name: "approval-never-refused", ok: true, detail: "approval policy never was replaced" },
    ]);
    expect(result.status).toBe("in-force");
  });

  it("loads the provisioned MCP server from the compiled system config.toml", () => {
    guard.clear();
    writeCompiledFiles({ files: compiled.files });
    const tempHome = mkdtempSync(path.join(os.tmpdir(), "marshal-codex-mcp-"));
    const out = spawnSync(binPath, ["mcp", "list", "--json"], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tempHome, CODEX_HOME: tempHome } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
      timeout: 60_000,
    });
    rmSync(tempHome, { recursive: true, force: true });
    expect(out.status, out.stderr).toBe(0);
    const servers = JSON.parse(out.stdout) as Array<{ name: string; transport?: { command?: string; args?: string[] } }>;
    const docs = servers.find((server) => server.name === "docs");
    expect(docs?.transport?.command).toBe("docs-mcp-server");
    expect(docs?.transport?.args).toEqual(["--stdio"]);
  });
});

/**
 * The real Claude Code (installed from npm) loads the compiled managed-settings.json:
 * with it, a requested --dangerously-skip-permissions is refused and a denied tool disappears;
 * without it, or after a hand edit, the same probe shows the policy is not in force.
 * Writes /etc/claude-code only inside this test and restores what was there.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installRealAgent } from "@/test/support/real-agents";
import { validateAgentPolicy } from "../validate-agent-policy";
import { compileAgentPolicy, policyHashOf } from "./compile-agent-policy";
import { CLAUDE_CODE_MANAGED_DIR } from "./compile-claude-code";
import { claudeCodeProbe } from "./probes";
import { runProbe } from "./test-support/run-probe";
import { takeOverSystemDir, writeCompiledFiles } from "./test-support/take-over-system-dir";

const policyInput = {
  permissions: { deny: ["WebSearch", "Bash(curl:*)", "Read(./.env)"], allow: ["Bash(npm run test:*)"] },
  disableBypassMode: true,
  managedRulesOnly: true,
};

describe.runIf(process.platform === "linux")("Claude Code loads the compiled managed settings", () => {
  let binPath: string;
  let guard: ReturnType<typeof takeOverSystemDir>;
  const policy = (() => {
    const result = validateAgentPolicy({ policy: policyInput });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.value;
  })();
  const compiled = compileAgentPolicy({ product: "claude-code", policy: policyInput });

  beforeAll(() => {
    binPath = installRealAgent("claude").binPath;
    guard = takeOverSystemDir({ dir: CLAUDE_CODE_MANAGED_DIR.linux });
  });
  afterAll(() => guard?.restore());

  it("without managed settings the bypass is granted and WebSearch is offered", () => {
    guard.clear();
    const result = runProbe({ probe: claudeCodeProbe({ binPath, policy }) });
    expect(result.status).toBe("not-in-force");
    expect(result.checks).toEqual([
      { name: "bypass-refused", ok: false, detail: "requested bypassPermissions, effective permissionMode is bypassPermissions" },
      { name: "tool-denied:WebSearch", ok: false, detail: "WebSearch is still offered" },
    ]);
  });

  it("with the compiled file the bypass is refused and WebSearch is gone", () => {
    guard.clear();
    writeCompiledFiles({ files: compiled.files });
    const result = runProbe({ probe: claudeCodeProbe({ binPath, policy }) });
    expect(result.checks).toEqual([
      { name: "bypass-refused", ok: true, detail: "requested bypassPermissions, effective permissionMode is default" },
      { name: "tool-denied:WebSearch", ok: true, detail: "WebSearch is not offered" },
    ]);
    expect(result.status).toBe("in-force");
  });

  it("a hand edit that drops the bypass ban changes the hash and the probe catches it", () => {
    guard.clear();
    writeCompiledFiles({ files: compiled.files });
    const file = compiled.files[0]!.pathByOs.linux;
    const edited = JSON.parse(readFileSync(file, "utf8")) as { permissions: Record<string, unknown> };
    delete edited.permissions.disableBypassPermissionsMode;
    writeFileSync(file, JSON.stringify(edited, null, 2));

    const onDisk = { ...compiled, files: compiled.files.map((f) => ({ ...f, content: readFileSync(f.pathByOs.linux, "utf8") })) };
    expect(policyHashOf({ compiled: onDisk })).not.toBe(compiled.policyHash);
    const result = runProbe({ probe: claudeCodeProbe({ binPath, policy }) });
    expect(result.status).toBe("not-in-force");
    expect(result.checks.find((c) => c.name === "bypass-refused")?.ok).toBe(false);
    expect(result.checks.find((c) => c.name === "tool-denied:WebSearch")?.ok).toBe(true);
  });
});

/**
 * The registry end to end, with the real enroller code and the real agent CLIs from npm:
 * - Codex marked blocked: a device running it stops it and quarantines the install, acks with proof, attests it.
 * - Claude Code sanctioned with a deny rule: the device writes managed-settings.json, Claude Code itself loads it
 *   (its probe), a hand edit shows as drift at the next check-in and is repaired with auto-repair on, and stays
 *   drifted with it off.
 * Writes /etc/claude-code only inside this test and restores what was there.
 */
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installRealAgent } from "@/test/support/real-agents";
import { callerAs, createTestTenant } from "@/test/support/tenants";
import { CLAUDE_CODE_MANAGED_DIR } from "./compilers/compile-claude-code";
import { takeOverSystemDir } from "./compilers/test-support/take-over-system-dir";
import { createRegistryDevice } from "./test-support/registry-device";

describe.runIf(process.platform === "linux")("Codex blocked: stopped and quarantined on the device", () => {
  const codex = installRealAgent("codex");
  // A hard-linked copy of the install, so quarantining it leaves the shared test cache alone.
  const prefix = path.join(mkdtempSync(path.join(os.tmpdir(), "marshal-codex-")), "prefix");
  execFileSync("cp", ["-al", codex.prefix, prefix]);
  const binPath = path.join(prefix, "bin", "codex");
  const pkgDir = path.join(prefix, "lib", "node_modules", "@openai", "codex");
  let proc: ReturnType<typeof spawn>;
  let exited: Promise<{ code: number | null; signal: string | null }>;
  afterAll(() => proc?.kill("SIGKILL"));

  it("a verdict change reaches the device, which stops codex, quarantines it and attests the block", async () => {
    const t = await createTestTenant("Registry");
    const owner = callerAs(t.owner);
    const device = await createRegistryDevice({ scope: t.scope, pathDirs: [path.join(prefix, "bin")], runProbes: false });
    const home = mkdtempSync(path.join(os.tmpdir(), "marshal-codex-home-"));
    // A long-running real codex: the app server (JSON-RPC over stdio) waits on stdin.
    proc = spawn(binPath, ["app-server"], { env: { ...process.env, HOME: home, CODEX_HOME: home }, stdio: ["pipe", "ignore", "ignore"] });
    exited = new Promise((r) => proc.on("exit", (code, signal) => r({ code, signal })));
    // Wait until discovery sees it running (the node launcher starts the native binary).
    let first = await device.checkin();
    for (let i = 0; i < 50 && !first.inventory.installations.some((x) => x.productSlug === "codex-cli" && x.running); i++) {
      await new Promise((r) => setTimeout(r, 100));
      first = await device.checkin();
    }
    const seen = first.inventory.installations.find((x) => x.productSlug === "codex-cli");
    expect(seen, JSON.stringify(first.inventory.installations.map((x) => x.productSlug))).toMatchObject({ running: true, installPath: pkgDir });

    const set = await owner.registry.setVerdict({ tenantSlug: t.tenant.slug, productSlug: "codex-cli", verdict: "blocked" });
    expect(set).toMatchObject({ verdict: "blocked", devicesNotified: 1 });

    const second = await device.checkin();
    const command = second.response.commands.find((c) => c.type === "apply-policy");
    expect(command?.payload).toMatchObject({ blocked: [{ productSlug: "codex-cli", handling: "quarantine" }], agents: [] });
    const outcome = await device.run(command!);
    expect(outcome.status, JSON.stringify(outcome.detail)).toBe("succeeded");
    const block = (outcome.detail as { blocked: Array<Record<string, unknown>> }).blocked[0]!;
    expect(block.runningBefore, JSON.stringify(block)).toContain(proc.pid);
    expect(block.runningAfter).toEqual([]);
    expect(block.status).toBe("in_force");
    const install = (block.installs as Array<{ action: string; quarantinePath: string; installPath: string }>)[0]!;
    expect(install).toMatchObject({ action: "quarantined", installPath: pkgDir });
    expect(existsSync(pkgDir)).toBe(false);
    expect(existsSync(binPath)).toBe(false); // the launcher link went with it
    expect(JSON.parse(readFileSync(path.join(install.quarantinePath, "manifest.json"), "utf8"))).toMatchObject({ productSlug: "codex-cli", installPath: pkgDir });
    const end = await exited;
    expect(end.signal === "SIGTERM" || end.signal === "SIGKILL" || end.code !== null).toBe(true);
    expect(device.checkinRequests()).toBe(1);

    // The next check-in attests the block, and the console (and REST, same procedure) shows it.
    const third = await device.checkin();
    expect(third.attestations).toEqual([expect.objectContaining({ productSlug: "codex-cli", status: "in_force", policyVersion: (command!.payload as { policyVersion: string }).policyVersion })]);
    expect(third.inventory.installations.some((x) => x.productSlug === "codex-cli")).toBe(false);
    const matrix = await owner.registry.compliance({ tenantSlug: t.tenant.slug });
    const row = matrix.rows.find((r) => r.deviceId === device.deviceId)!;
    expect(row.cells).toEqual([expect.objectContaining({ productSlug: "codex-cli", verdict: "blocked", status: "in_force" })]);
    const commands = await t.scope.db.deviceCommand.findMany({ where: { deviceId: device.deviceId, type: "apply-policy" } });
    expect(commands.find((c) => c.id === command!.id)).toMatchObject({ status: "succeeded" });
  });
});

describe.runIf(process.platform === "linux")("Claude Code sanctioned with a deny rule: in force, drift detected and repaired", () => {
  let guard: ReturnType<typeof takeOverSystemDir>;
  const claude = installRealAgent("claude");
  beforeAll(() => {
    guard = takeOverSystemDir({ dir: CLAUDE_CODE_MANAGED_DIR.linux });
  });
  afterAll(() => guard?.restore());

  it("writes managed-settings.json that Claude Code loads, then catches and repairs a hand edit", async () => {
    const t = await createTestTenant("Registry");
    const owner = callerAs(t.owner);
    const slug = t.tenant.slug;
    const device = await createRegistryDevice({ scope: t.scope, pathDirs: [path.join(claude.prefix, "bin")], runProbes: true });
    await device.checkin(); // reports Claude Code

    await owner.registry.revisePolicy({ tenantSlug: slug, verdictClass: "sanctioned", policy: { permissions: { deny: ["WebSearch", "Bash(curl:*)"] }, disableBypassMode: true } });
    await owner.registry.setVerdict({ tenantSlug: slug, productSlug: "claude-code", verdict: "sanctioned" });

    const { response } = await device.checkin();
    const applies = response.commands.filter((c) => c.type === "apply-policy");
    expect(applies).toHaveLength(1); // the verdict change superseded the policy revision's command
    const outcome = await device.run(applies[0]!);
    expect(outcome.status, JSON.stringify(outcome.detail)).toBe("succeeded");
    const file = path.join(CLAUDE_CODE_MANAGED_DIR.linux, "managed-settings.json");
    const written = JSON.parse(readFileSync(file, "utf8")) as { permissions: { deny: string[]; disableBypassPermissionsMode: string } };
    expect(written.permissions).toMatchObject({ deny: ["Bash(curl:*)", "WebSearch"], disableBypassPermissionsMode: "disable" });

    const attested = await device.checkin();
    const inForce = attested.attestations?.find((a) => a.productSlug === "claude-code");
    expect(inForce, JSON.stringify(inForce)).toMatchObject({ status: "in_force", drift: [], repaired: false, probe: { status: "in-force", cached: false } });
    expect(inForce!.foundHash).toBe(inForce!.expectedHash);
    expect(inForce!.probe!.checks).toEqual([
      { name: "bypass-refused", ok: true, detail: "requested bypassPermissions, effective permissionMode is default" },
      { name: "tool-denied:WebSearch", ok: true, detail: "WebSearch is not offered" },
    ]);

    // A hand edit (auto-repair on by default): reported as drift, then repaired and verified.
    const edited = JSON.parse(readFileSync(file, "utf8")) as { permissions: Record<string, unknown> };
    delete edited.permissions.disableBypassPermissionsMode;
    writeFileSync(file, JSON.stringify(edited));
    const repaired = (await device.checkin()).attestations?.find((a) => a.productSlug === "claude-code");
    expect(repaired).toMatchObject({ status: "in_force", repaired: true, drift: [expect.objectContaining({ path: file, kind: "modified" })] });
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(written);
    const afterRepair = await t.scope.db.policyAttestation.findFirstOrThrow({ where: { deviceId: device.deviceId, productSlug: "claude-code" } });
    expect(afterRepair.lastDriftAt).not.toBeNull();

    // Auto-repair off: the next check-in applies the setting, then a hand edit stays drifted and is shown so.
    await owner.registry.updateSettings({ tenantSlug: slug, autoRepair: false });
    const settingsCheckin = await device.checkin();
    const settingsCommand = settingsCheckin.response.commands.find((c) => c.type === "apply-policy")!;
    expect(settingsCommand.payload).toMatchObject({ autoRepair: false });
    await device.run(settingsCommand);
    writeFileSync(file, JSON.stringify(edited));
    const drifted = (await device.checkin()).attestations?.find((a) => a.productSlug === "claude-code");
    expect(drifted).toMatchObject({ status: "drifted", repaired: false, drift: [expect.objectContaining({ kind: "modified" })] });
    expect(drifted!.foundHash).not.toBe(drifted!.expectedHash);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(edited);
    const matrix = await owner.registry.compliance({ tenantSlug: slug });
    expect(matrix.rows.find((r) => r.deviceId === device.deviceId)!.cells).toEqual([expect.objectContaining({ productSlug: "claude-code", verdict: "sanctioned", status: "drifted" })]);
    expect(matrix.totals.drifted).toBe(1);
  });
});

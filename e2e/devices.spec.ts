/**
 * Issue 3, done-when: an admin creates an enrollment token in the console, the printed one-line command runs on
 * a "laptop" (a temporary HOME where the real Claude Code and Codex CLIs are installed), and within 10 s the
 * device is in the console and in GET /api/v1/devices with both agents, their versions and file hashes.
 */
import { expect, test } from "@playwright/test";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { installRealAgent } from "../test/support/real-agents";
import { signUp, uniqueEmail } from "./support/console";

const run = promisify(execFile);

test("a laptop enrolled with the one-line command shows up with its agents, versions and hashes", async ({ page, request }) => {
  test.setTimeout(300_000);
  const claude = installRealAgent("claude");
  const codex = installRealAgent("codex");
  const home = mkdtempSync(path.join(os.tmpdir(), "marshal-e2e-laptop-"));
  try {
    const slug = await signUp(page, { organization: "Initech IT", name: "Ian Admin", email: uniqueEmail("ian"), password: "ian-very-secret-pw" });

    // An enrollment token, with its ready one-line command shown once.
    await page.getByRole("link", { name: "Devices" }).click();
    await page.getByLabel("Name").fill("Engineering laptops");
    await page.getByLabel("Ring").first().selectOption("staging");
    await page.getByRole("button", { name: "Create token" }).click();
    const command = (await page.getByTestId("enroll-command").textContent())!.trim();
    expect(command).toMatch(/^curl -fsSL http:\/\/localhost:\d+\/enroll\.sh \| sh -s -- met_\S+$/);
    await expect(page.getByTestId("enrollment-tokens")).toContainText("Engineering laptops");

    // The laptop runs it (no service manager in a test: --no-service).
    const env = {
      PATH: `${path.join(claude.prefix, "bin")}:${path.join(codex.prefix, "bin")}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: home,
      MARSHAL_HOME: path.join(home, ".marshal"),
      MARSHAL_INSTALL_DIR: path.join(home, ".marshal", "bin"),
    } as unknown as NodeJS.ProcessEnv;
    const { stdout } = await run("sh", ["-c", `${command} --no-service`], { env, timeout: 120_000 });
    expect(stdout).toMatch(/verified sha256/);
    expect(stdout).toMatch(/enrolled: device/);

    // It is in the console, with both agents (the enroll command has finished its first check-in).
    await page.reload();
    const row = page.getByTestId("device-row").first();
    await expect(row).toBeVisible();
    await expect(row).toContainText("staging");
    await row.getByRole("link").click();
    const agents = page.getByTestId("device-agents");
    await expect(agents).toContainText("Claude Code");
    await expect(agents).toContainText(claude.version);
    await expect(agents).toContainText("Codex CLI");
    await expect(agents).toContainText(codex.version);

    // And in the REST API, with the hashes of the real entry files.
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByLabel("Name").fill("inventory export");
    await page.getByLabel("Scope").selectOption("read");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-api-key").textContent())!.trim();
    const list = await request.get("/api/v1/devices", { headers: { authorization: `Bearer ${key}` } });
    expect(list.status()).toBe(200);
    const devices = (await list.json()) as { total: number; items: { id: string; agentCount: number }[] };
    expect(devices.total).toBe(1);
    const detail = (await (await request.get(`/api/v1/devices/${devices.items[0]!.id}`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      installations: { productSlug: string; version: string; sha256: string; entryFile: string }[];
    };
    const bySlug = new Map(detail.installations.map((i) => [i.productSlug, i]));
    for (const [slug2, agent] of [["claude-code", claude], ["codex-cli", codex]] as const) {
      const inst = bySlug.get(slug2);
      expect(inst?.version).toBe(agent.version);
      expect(inst?.sha256).toBe(createHash("sha256").update(readFileSync(realpathSync(inst!.entryFile))).digest("hex"));
    }

    // The Agents page and the Overview charts count them.
    await page.goto(`/${slug}/agents`);
    await expect(page.getByTestId("agent-group-claude-code")).toContainText(claude.version);
    await page.goto(`/${slug}`);
    await expect(page.getByTestId("chart-agents-by-product")).toBeVisible();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

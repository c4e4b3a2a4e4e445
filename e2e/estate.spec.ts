/**
 * The estate journey through the registry: an admin creates an enrollment token in the console; a simulated
 * device (the enroller's own DeviceClient, run from the test process, over real HTTP to the console) enrolls
 * and checks in with Claude Code and Codex; the device is on the Devices page and its agents on the Agents page.
 * The admin then blocks Codex CLI on the Registry page; the compliance view shows the change once the device has
 * checked in again, received the block and attested what it found.
 * (The one-line enroll script with real agent CLIs is covered by e2e/devices.spec.ts.)
 */
import { expect, test } from "@playwright/test";
import { createHash, randomUUID } from "node:crypto";
import { DeviceClient } from "../agent-enroller/src/protocol/device-client";
import type { TApplyPolicyPayload, TAttestation } from "../server/contracts/attestation";
import type { TCheckinRequest } from "../server/contracts/device";
import { signUp, uniqueEmail } from "./support/console";

const hostname = `e2e-laptop-${randomUUID().slice(0, 8)}`;
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

function checkinRequest(attestations?: TAttestation[]): TCheckinRequest {
  const npm = "/usr/local/lib/node_modules";
  return {
    enrollerVersion: "0.1.0",
    inventory: {
      scannedAt: new Date().toISOString(),
      processesScanned: 120,
      installations: [
        { productSlug: "claude-code", displayName: "Claude Code", version: "2.1.197", installPath: `${npm}/@anthropic-ai/claude-code`, entryFile: `${npm}/@anthropic-ai/claude-code/cli.js`, sha256: sha("claude-code@2.1.197"), installMethod: "npm-global", running: true, pids: [4242], mcpServers: [{ name: "github", transport: "stdio", command: "npx", args: ["-y", "@modelcontextprotocol/server-github"], source: "/home/dev/.claude.json" }], configPaths: ["/home/dev/.claude/settings.json"] },
        { productSlug: "codex-cli", displayName: "Codex CLI", version: "0.169.0", installPath: `${npm}/@openai/codex`, entryFile: `${npm}/@openai/codex/bin/codex.js`, sha256: sha("codex@0.169.0"), installMethod: "npm-global", running: false, pids: [], mcpServers: [], configPaths: ["/home/dev/.codex/config.toml"] },
      ],
    },
    ...(attestations ? { attestations } : {}),
  };
}

test("enroll a simulated device, see it and its agents, block an agent and see compliance change after check-in", async ({ page, baseURL }) => {
  const slug = await signUp(page, { organization: "Globex Security", name: "Gina Admin", email: uniqueEmail("gina"), password: "gina-very-secret-pw" });

  // An enrollment token from the console.
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Devices", exact: true }).click();
  await page.getByLabel("Name").fill("Simulated laptops");
  await page.getByLabel("Ring").first().selectOption("dev");
  await page.getByRole("button", { name: "Create token" }).click();
  const command = (await page.getByTestId("enroll-command").textContent())!.trim();
  const token = command.split(" ").at(-1)!;
  expect(token).toMatch(/^met_/);

  // The device enrolls and reports its inventory over the real device API.
  const device = new DeviceClient({ serverUrl: baseURL! });
  const enrolled = await device.enroll({ token, machine: { machineId: `e2e-${randomUUID()}`, hostname, os: "linux", osVersion: "Debian 12", arch: "x64", username: "dev" } });
  expect(enrolled).toMatchObject({ tenantSlug: slug, ring: "dev" });
  await device.checkin({ request: checkinRequest() });

  await page.reload();
  const row = page.getByTestId("device-row").filter({ hasText: hostname });
  await expect(row).toBeVisible();
  await expect(row).toContainText("dev");

  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Agents", exact: true }).click();
  await expect(page.getByTestId("agent-group-claude-code")).toContainText("2.1.197");
  await expect(page.getByTestId("agent-group-codex-cli")).toContainText("0.169.0");

  // Before the block: the device has attested nothing for Codex.
  await page.goto(`/${slug}/registry/compliance`);
  const matrixRow = page.getByTestId("compliance-matrix").getByRole("row").filter({ hasText: hostname });
  await expect(matrixRow).toContainText("unattested");
  await expect(matrixRow).not.toContainText("blocked present");

  // Block Codex CLI on the Registry page.
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Registry", exact: true }).click();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByLabel("Verdict of Codex CLI").selectOption("blocked");
  await expect(page.getByText(/codex-cli is blocked; 1 device\(s\) notified/)).toBeVisible();

  // The device's next check-in brings the block; it acks, and attests at the following check-in that Codex is
  // still installed (a block it could not carry out here: blocked but present).
  const next = await device.checkin({ request: checkinRequest() });
  const apply = next.commands.find((c) => c.type === "apply-policy");
  expect(apply).toBeDefined();
  const payload = apply!.payload as TApplyPolicyPayload;
  expect(payload.blocked.map((b) => b.productSlug)).toContain("codex-cli");
  await device.ack({ commandId: apply!.id, status: "succeeded", detail: { policyVersion: payload.policyVersion } });
  await device.checkin({
    request: checkinRequest([
      { productSlug: "codex-cli", agent: null, policyVersion: payload.policyVersion, expectedHash: null, foundHash: null, status: "blocked_present", drift: [], probe: null, repaired: false, detail: { reason: "simulated device: install left in place" }, checkedAt: new Date().toISOString() },
    ]),
  });

  await page.goto(`/${slug}/registry/compliance`);
  await expect(matrixRow).toContainText("blocked present");
});

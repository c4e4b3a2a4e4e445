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

test("an admin stores, rotates and revokes a provider secret, and manages a budget and a negotiated price on the Costs page", async ({ page }) => {
  const slug = await signUp(page, { organization: "Hooli FinOps", name: "Hank Admin", email: uniqueEmail("hank"), password: "hank-very-secret-pw" });
  const secretValue = `sk-ant-api03-${randomUUID()}`;

  // Secrets: linked from Integrations; the value is typed once and never shown again.
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Integrations", exact: true }).click();
  await page.getByRole("link", { name: "Manage secrets →" }).click();
  await page.getByLabel("Name").fill("Anthropic production");
  await page.getByLabel("Value").fill(secretValue);
  await page.getByRole("button", { name: "Store secret" }).click();
  const table = page.getByTestId("secrets-table");
  await expect(table).toContainText("Anthropic production");
  await expect(table).toContainText(`…${secretValue.slice(-4)}`);
  await expect(page.getByLabel("Value")).toHaveValue("");
  expect(await page.content()).not.toContain(secretValue);

  // A second active Anthropic key is refused with the server's reason, and nothing is added.
  await page.getByLabel("Name").fill("Another Anthropic key");
  await page.getByLabel("Value").fill(`sk-ant-api03-${randomUUID()}`);
  await page.getByRole("button", { name: "Store secret" }).click();
  await expect(page.getByTestId("create-secret-form").getByRole("alert")).toContainText("already the active anthropic key");
  await expect(table.getByRole("row")).toHaveCount(2); // header + one secret

  await page.getByRole("button", { name: "Rotate Anthropic production" }).click();
  await page.getByLabel("New value for Anthropic production").fill(`sk-ant-api03-rotated-${randomUUID()}`);
  await page.getByRole("button", { name: "Save new value" }).click();
  await expect(table).toContainText("v2");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Revoke Anthropic production" }).click();
  await expect(table).toContainText("revoked");

  // Budgets: create, refuse a budget without any limit, edit, delete.
  await page.goto(`/${slug}/costs`);
  await page.getByRole("button", { name: "New budget" }).click();
  const create = page.getByTestId("create-budget-form");
  await create.getByLabel("Name").fill("Production ring cap");
  await create.getByLabel("Applies to").selectOption("environment");
  await create.getByLabel("Which environment").selectOption("prod");
  await create.getByRole("button", { name: "Create budget" }).click();
  await expect(create.getByRole("alert")).toContainText("at least one limit");
  await create.getByLabel("USD per month").fill("750");
  await create.getByRole("button", { name: "Create budget" }).click();
  const budgets = page.getByTestId("budgets");
  await expect(budgets).toContainText("Production ring cap");
  await expect(budgets).toContainText("$750.00 / month");
  await expect(budgets).toContainText("$0.00 of $750.00 this month");

  await page.getByRole("button", { name: "Edit Production ring cap" }).click();
  const edit = page.locator("[data-testid^=edit-budget-]");
  await edit.getByLabel("USD per month").fill("900");
  await edit.getByLabel("Tokens per day").fill("5000000");
  await edit.getByRole("button", { name: "Save budget" }).click();
  await expect(budgets).toContainText("$900.00 / month · 5,000,000 tokens / day");

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete Production ring cap" }).click();
  await expect(budgets).toContainText("No budgets yet");

  // A negotiated price replaces the shipped one for this tenant.
  const prices = page.getByTestId("price-override-form");
  await prices.getByLabel("Model").fill("claude-sonnet-4-5");
  await prices.getByLabel("Input").fill("2.4");
  await prices.getByLabel("Output").fill("12");
  await prices.getByLabel("Cache read").fill("0.24");
  await prices.getByLabel("Cache write").fill("3");
  await prices.getByRole("button", { name: "Set price" }).click();
  const overrides = page.getByTestId("price-overrides-table");
  await expect(overrides).toContainText("claude-sonnet-4-5");
  await expect(overrides).toContainText("$2.4");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Remove price override for claude-sonnet-4-5" }).click();
  await expect(overrides).toContainText("No overrides");
});

/**
 * The kill-switch journey: an admin enrolls a simulated device (the enroller's own DeviceClient, from the test
 * process, over real HTTP to the console), the device reports Claude Code and obtains an agent credential (so an
 * agent identity exists), and holds the command stream open with the enroller's own command handlers. In the
 * browser the admin picks the device by its hostname in the scope picker (no ids typed), gives a reason, pulls
 * the switch, and watches the device prove the agent stopped.
 */
import { expect, test } from "@playwright/test";
import { createHash, randomUUID } from "node:crypto";
import { AgentCredentialStore } from "../agent-enroller/src/identity/agent-credential-store";
import { createCommandHandlers, dispatchCommand, type TCommandEnv, type TCommandOutcome } from "../agent-enroller/src/loop/command-handlers";
import { DeviceClient, type TCommandStream } from "../agent-enroller/src/protocol/device-client";
import type { TCheckinRequest, TDeviceCommand } from "../server/contracts/device";
import { signUp, uniqueEmail } from "./support/console";

const hostname = `ks-laptop-${randomUUID().slice(0, 8)}`;
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

function checkinRequest(): TCheckinRequest {
  const npm = "/usr/local/lib/node_modules";
  return {
    enrollerVersion: "0.1.0",
    inventory: {
      scannedAt: new Date().toISOString(),
      processesScanned: 80,
      installations: [
        { productSlug: "claude-code", displayName: "Claude Code", version: "2.1.197", installPath: `${npm}/@anthropic-ai/claude-code`, entryFile: `${npm}/@anthropic-ai/claude-code/cli.js`, sha256: sha("claude-code@2.1.197"), installMethod: "npm-global", running: false, pids: [], mcpServers: [], configPaths: ["/home/dev/.claude/settings.json"] },
      ],
    },
  };
}

let stream: TCommandStream | null = null;
test.afterEach(() => stream?.close());

test("an admin picks a device by name, pulls the kill switch, and sees the device prove its agents stopped", async ({ page, baseURL }) => {
  const slug = await signUp(page, { organization: "Initech Response", name: "Ivy Admin", email: uniqueEmail("ivy"), password: "ivy-very-secret-pw" });

  // The device's owner comes from the directory: a SCIM token from the console, then the IdP provisions Ada
  // (SCIM 2.0 core User, RFC 7643 §4.1) the way Okta or Entra ID would.
  await page.goto(`/${slug}/integrations/scim`);
  const scimBase = (await page.getByTestId("scim-base-url").textContent())!.trim();
  await page.getByLabel("Name").fill("Okta production");
  await page.getByRole("button", { name: "Create token" }).click();
  const scimToken = (await page.getByTestId("new-scim-token").textContent())!.trim();
  const adaEmail = uniqueEmail("ada");
  const provisioned = await page.request.post(`${scimBase.replace(/\/+$/, "")}/Users`, {
    headers: { authorization: `Bearer ${scimToken}`, "content-type": "application/scim+json" },
    data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: adaEmail, displayName: "Ada Lovelace", name: { givenName: "Ada", familyName: "Lovelace", formatted: "Ada Lovelace" }, emails: [{ value: adaEmail, primary: true, type: "work" }], active: true },
  });
  expect(provisioned.status(), await provisioned.text()).toBe(201);
  const adaId = ((await provisioned.json()) as { id: string }).id;

  // An enrollment token for Ada's laptop, made in the console with Ada picked as the owner.
  await page.goto(`/${slug}/devices`);
  await page.getByLabel("Name").fill("Ada's laptop");
  await page.getByLabel("Max uses").fill("1");
  await page.locator("#token-ring").selectOption("dev");
  await page.getByLabel("Owner (optional)").fill("Ada");
  await expect(page.locator("#token-owner-options option")).toHaveCount(1);
  await page.getByLabel("Owner (optional)").fill(`Ada Lovelace <${adaEmail}>`);
  await page.getByRole("button", { name: "Create token" }).click();
  const command = (await page.getByTestId("enroll-command").textContent())!.trim();
  const token = command.split(" ").pop()!;
  void adaId;
  expect(token).toMatch(/^met_/);

  // The device enrolls, reports Claude Code, and gets an agent credential for it (an agent identity now exists).
  const device = new DeviceClient({ serverUrl: baseURL! });
  await device.enroll({ token, machine: { machineId: `ks-${randomUUID()}`, hostname, os: "linux", osVersion: "Debian 12", arch: "x64", username: "dev" } });
  await device.checkin({ request: checkinRequest() });
  const credentials = new AgentCredentialStore({ serverUrl: device.serverUrl, deviceId: device.deviceId!, privateKey: device.privateKey! });
  const credential = await credentials.getToken({ productSlug: "claude-code" });
  expect(credential.identityId).toBeTruthy();

  // The device holds the command stream with the enroller's own handlers (delivered ack, then the outcome with proof).
  const handlers = createCommandHandlers();
  const env: TCommandEnv = { client: device, requestCheckin: () => {}, requestUnenroll: () => {}, credentials };
  const outcomes: { command: TDeviceCommand; outcome: TCommandOutcome }[] = [];
  const seen = new Set<string>();
  const connected = new Promise<void>((resolve) => {
    stream = device.openCommandStream({
      onConnect: resolve,
      onCommand: async (command) => {
        if (seen.has(command.id)) return;
        seen.add(command.id);
        outcomes.push({ command, outcome: await dispatchCommand({ command, handlers, env }) });
      },
    });
  });
  await connected;

  // The admin picks the device by hostname: no id typed anywhere.
  await page.goto(`/${slug}/kill-switch`);
  await page.getByLabel("Scope").selectOption("device");
  await page.getByRole("combobox", { name: "Device" }).fill(hostname.slice(0, 12));
  await page.getByRole("option", { name: new RegExp(`${hostname} \\(linux, dev\\)`) }).click();
  await expect(page.getByTestId("scope-target-selected")).toContainText(`${hostname} (linux, dev)`);
  await expect(page.getByTestId("scope-target-selected")).toContainText("Ada Lovelace");
  await expect(page.getByTestId("impact-preview")).toContainText("1 identities");
  await expect(page.getByTestId("impact-preview")).toContainText("1 devices");

  // Without a reason the switch stays locked.
  await expect(page.getByTestId("kill-switch-button")).toBeDisabled();
  await page.getByLabel("Reason").fill("incident 4711: laptop reported stolen");
  await page.getByTestId("kill-switch-button").click();

  const progress = page.getByTestId("revocation-progress");
  await expect(progress.getByTestId("proven-stopped")).toHaveText("1 of 1 devices proven stopped");
  await expect(progress).toContainText(hostname);
  await expect(progress).toContainText("credentials dropped: 1");

  // The device really ran the revoke through the enroller's handler, and its credential is locked.
  const revoke = outcomes.find((o) => o.command.type === "revoke");
  expect(revoke?.outcome.status).toBe("succeeded");
  expect(credentials.isLocked({ productSlug: "claude-code" })).toBe(true);
});

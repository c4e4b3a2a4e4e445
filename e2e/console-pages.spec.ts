/**
 * Every console section renders for a new tenant: its heading, no error page, and no failed
 * API call (a 5xx from the console API would show up here before a customer sees it).
 */
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./support/console";

const SECTIONS = [
  ["Overview", null],
  ["Devices", "Devices"],
  ["Agents", "Agents"],
  ["Registry", "Registry"],
  ["Identities", "Identities"],
  ["Kill switch", "Kill switch"],
  ["Rollouts", "Rollouts"],
  ["Costs", "Costs"],
  ["Events", "Events"],
  ["Directory", "Directory"],
  ["Integrations", "Integrations"],
  ["Members", "Members"],
  ["Settings", "Settings"],
  ["Audit", "Audit log"],
] as const;

test("every console section renders without errors", async ({ page }) => {
  const serverErrors: string[] = [];
  page.on("response", (res) => {
    if (res.status() >= 500) serverErrors.push(`${res.status()} ${res.url()}`);
  });
  const pageErrors: string[] = [];
  page.on("pageerror", (err) => pageErrors.push(err.message));

  const owner = { organization: "Wayne Security", name: "Bruce", email: uniqueEmail("bruce"), password: "wayne-very-secret-pw" };
  await signUp(page, owner);
  for (const [link, heading] of SECTIONS) {
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: link, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: heading ?? owner.organization })).toBeVisible();
    await expect(page.getByText(/Application error|Something went wrong|Internal Server Error/)).toHaveCount(0);
    await page.waitForTimeout(400); // let the page's API calls settle (some pages poll, so no "networkidle")
  }
  expect(serverErrors).toEqual([]);
  expect(pageErrors).toEqual([]);
});

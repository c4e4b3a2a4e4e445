import { expect, type Page } from "@playwright/test";

export async function signUp(page: Page, opts: { organization: string; name: string; email: string; password: string }) {
  await page.goto("/sign-up");
  await page.getByLabel("Organization").fill(opts.organization);
  await page.getByLabel("Your name").fill(opts.name);
  await page.getByLabel("Work email").fill(opts.email);
  await page.getByLabel("Password").fill(opts.password);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByRole("heading", { level: 1, name: opts.organization })).toBeVisible();
  return new URL(page.url()).pathname.split("/")[1]!;
}

export async function signIn(page: Page, opts: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(opts.email);
  await page.getByLabel("Password").fill(opts.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.test`;
}

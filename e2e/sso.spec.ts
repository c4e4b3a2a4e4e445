/** Single sign-on through an OpenID Connect identity provider, as with Okta or Entra ID. */
import { expect, test } from "@playwright/test";
import { signOut, signUp, uniqueEmail } from "./support/console";

test("an invited person signs in with SSO and lands in the tenant", async ({ page }) => {
  const owner = { organization: "Stark Security", name: "Tony", email: uniqueEmail("tony"), password: "stark-very-secret-pw" };
  const slug = await signUp(page, owner);
  await page.getByRole("link", { name: "Members" }).click();
  const ssoEmail = uniqueEmail("pepper");
  await page.getByLabel("Email").fill(ssoEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("auditor");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = (await page.getByTestId("invite-link").textContent())!.trim();
  await signOut(page);

  // First SSO sign-in: the IdP's login and consent pages, then back to Marshal with a database session.
  await page.getByRole("button", { name: "Continue with Acme SSO" }).click();
  await page.locator('input[name="login"]').fill(ssoEmail);
  await page.locator('input[name="password"]').fill("anything");
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click(); // consent
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();

  // With the invite link, the SSO login joins the tenant in its invited role.
  await page.goto(new URL(link).pathname);
  await page.getByRole("button", { name: "Accept invite" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await expect(page.getByTestId("current-user")).toHaveText(ssoEmail);
  await expect(page.getByText(`Stark Security · auditor`)).toBeVisible();
});

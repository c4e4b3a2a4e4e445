/**
 * The foundation journey: sign up → tenant created → invite a member → the member signs in →
 * audit entries visible → API key created → the key works on /api/v1 and stops once revoked.
 */
import { expect, test } from "@playwright/test";
import { signIn, signOut, signUp, uniqueEmail } from "./support/console";

test("a security team gets going: sign-up, invite, audit, API key", async ({ page, request }) => {
  const owner = { organization: "Globex Security", name: "Olive Owner", email: uniqueEmail("olive"), password: "olive-very-secret-pw" };
  const slug = await signUp(page, owner);
  await expect(page.getByTestId("current-user")).toHaveText(owner.email);

  // Invite a member: the link is shown, no mail server needed.
  await page.getByRole("link", { name: "Members" }).click();
  const memberEmail = uniqueEmail("mel");
  await page.getByLabel("Email").fill(memberEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("operator");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = (await page.getByTestId("invite-link").textContent())!.trim();
  expect(link).toContain("/invite/");
  await expect(page.getByTestId("pending-invites")).toContainText(memberEmail);
  await signOut(page);

  // The member accepts the invite (creating a password), signs out, and signs in again.
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole("heading", { name: "Join Globex Security" })).toBeVisible();
  await page.getByLabel("Your name").fill("Mel Member");
  await page.getByLabel("Choose a password").fill("mel-very-secret-pw");
  await page.getByRole("button", { name: "Accept invite" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(memberEmail);
  await signOut(page);
  await signIn(page, { email: memberEmail, password: "wrong password here" });
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
  await signIn(page, { email: memberEmail, password: "mel-very-secret-pw" });
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await expect(page.getByTestId("current-user")).toHaveText(memberEmail);
  // An operator cannot invite: the form is not offered.
  await page.getByRole("link", { name: "Members" }).click();
  await expect(page.getByTestId("members-table")).toContainText(owner.email);
  await expect(page.getByRole("button", { name: "Create invite link" })).toHaveCount(0);
  await signOut(page);

  // The owner sees the whole story in the audit log, with the chain verified.
  await signIn(page, owner);
  await page.getByRole("link", { name: "Audit" }).click();
  const audit = page.getByTestId("audit-table");
  await expect(audit).toContainText("tenant.created");
  await expect(audit).toContainText("member.invited");
  await expect(audit).toContainText("member.joined");
  await expect(page.getByTestId("audit-chain-status")).toContainText("Chain verified");

  // An API key works on the REST API, and stops working once revoked.
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Name").fill("SOAR playbook");
  await page.getByLabel("Scope").selectOption("admin");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(key).toMatch(/^mk_/);
  const members = await request.get("/api/v1/members", { headers: { authorization: `Bearer ${key}` } });
  expect(members.status()).toBe(200);
  expect((await members.json()).map((m: { email: string }) => m.email).sort()).toEqual([memberEmail, owner.email].sort());

  await page.getByRole("button", { name: "Revoke SOAR playbook" }).click();
  await expect(page.getByTestId("api-keys-table")).toContainText("revoked");
  const after = await request.get("/api/v1/members", { headers: { authorization: `Bearer ${key}` } });
  expect(after.status()).toBe(401);
  expect((await after.json()).error.message).toMatch(/invalid or revoked/);

  await page.getByRole("link", { name: "Audit" }).click();
  await expect(page.getByTestId("audit-table")).toContainText("api_key.revoked");
});

test("strangers and other tenants see nothing", async ({ page, request, context, baseURL }) => {
  await page.goto("/acme");
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  // A forged or expired session cookie is no session at all.
  await context.addCookies([{ name: "authjs.session-token", value: "forged-session-token", url: baseURL! }]);
  await page.goto("/acme");
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await context.clearCookies();

  const first = { organization: "Hooli Sec", name: "H", email: uniqueEmail("h"), password: "hooli-very-secret-pw" };
  await signUp(page, first);
  await signOut(page);
  const second = { organization: "Pied Piper Sec", name: "P", email: uniqueEmail("p"), password: "piper-very-secret-pw" };
  await signUp(page, second);
  const response = await page.goto("/hooli-sec/members");
  expect(response?.status()).toBe(404);
  const res = await request.get("/api/v1/members", { headers: { authorization: "Bearer mk_forged_forged_forged_forged_forged_forged" } });
  expect(res.status()).toBe(401);
  const openapi = await request.get("/api/v1/openapi.json");
  expect((await openapi.json()).openapi).toMatch(/^3\./);
});

test("a member of several tenants switches between them", async ({ page }) => {
  const user = { organization: "Umbrella Sec", name: "U", email: uniqueEmail("u"), password: "umbrella-very-secret-pw" };
  const first = await signUp(page, user);
  await page.getByLabel("Tenant").selectOption("__new__");
  await page.getByLabel("Organization").fill("Umbrella Labs");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Umbrella Labs" })).toBeVisible();
  await page.getByLabel("Tenant").selectOption(first);
  await expect(page.getByRole("heading", { level: 1, name: "Umbrella Sec" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/${first}$`));
});

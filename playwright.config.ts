/**
 * End-to-end suites in a real browser against `npm start` (the same command users run), on a
 * fresh embedded database in a throwaway data folder and its own build folder.
 * Browser: Debian's /usr/bin/chromium when present (or PLAYWRIGHT_CHROMIUM_PATH), else Playwright's own.
 */
import { defineConfig, devices } from "@playwright/test";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const port = Number(process.env.E2E_PORT ?? 3210);
const idpPort = Number(process.env.E2E_IDP_PORT ?? 3211);
const baseURL = `http://localhost:${port}`;
const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
process.env.E2E_DATA_DIR ??= path.join(os.tmpdir(), `marshal-e2e-${process.pid}-${Date.now()}`);

export default defineConfig({
  testDir: "./e2e",
  testMatch: /.*\.spec\.ts$/,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  globalTeardown: "./e2e/support/global-teardown.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      // A stand-in corporate IdP (OpenID Connect) for the SSO journey.
      command: "node --import tsx e2e/support/oidc-idp.ts",
      url: `http://localhost:${idpPort}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      env: { E2E_IDP_PORT: String(idpPort), E2E_CONSOLE_URL: baseURL },
    },
    {
    command: "node --import tsx scripts/start.ts",
    url: `${baseURL}/sign-in`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      MARSHAL_DATA_DIR: process.env.E2E_DATA_DIR,
      MARSHAL_NEXT_DIST: ".next-e2e",
      MARSHAL_PUBLIC_URL: baseURL,
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_OIDC_ISSUER: `http://localhost:${idpPort}`,
      AUTH_OIDC_CLIENT_ID: "marshal-e2e",
      AUTH_OIDC_CLIENT_SECRET: "marshal-e2e-client-secret",
      AUTH_OIDC_NAME: "Acme SSO",
    },
    },
  ],
});

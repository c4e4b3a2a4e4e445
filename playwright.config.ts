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
  webServer: {
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
    },
  },
});

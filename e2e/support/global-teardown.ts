import { rmSync } from "node:fs";

export default function globalTeardown() {
  // The web server (and its embedded PostgreSQL) has been stopped by Playwright by now.
  if (process.env.E2E_DATA_DIR) rmSync(process.env.E2E_DATA_DIR, { recursive: true, force: true });
}

/**
 * `npm test`: the whole suite, as CI runs it.
 *  1. type check (tsc --noEmit);
 *  2. vitest: unit tests and integration tests against a real PostgreSQL (embedded, fresh per run);
 *  3. Playwright e2e in headless Chromium against `npm start` on a fresh data folder.
 * `npm test -- --no-e2e` skips step 3 (for a quick loop); CI never passes it.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const polyfills = path.join(root, "test/support/node20-polyfills.ts");

function run(label: string, command: string, commandArgs: string[]) {
  process.stdout.write(`\n=== ${label} ===\n`);
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  process.stdout.write(`=== ${label}: ${result.status === 0 ? "passed" : "FAILED"} in ${Math.round((Date.now() - started) / 1000)} s ===\n`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run("typecheck", process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", root]);
run("unit + integration (vitest)", process.execPath, ["--import", "tsx", "--import", polyfills, path.join(root, "node_modules/vitest/vitest.mjs"), "run", ...args.filter((a) => a !== "--no-e2e")]);
if (!args.includes("--no-e2e")) {
  run("e2e (playwright, headless chromium)", process.execPath, [path.join(root, "node_modules/@playwright/test/cli.js"), "test"]);
}

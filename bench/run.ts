/**
 * `npm run bench`: runs every scenario in bench/*.ts (each exports `run(opts)` returning JSON
 * figures) and prints one JSON summary. `npm run bench -- devices-enroll` runs only matching ones.
 * Figures are measurements on this machine, never pass/fail assertions.
 */
import { readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const filters = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const dir = import.meta.dirname;
const scenarios = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.endsWith(".test.ts") && !f.startsWith("_"))
  .map((f) => f.replace(/\.ts$/, ""))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();

const results: Record<string, unknown> = {};
for (const name of scenarios) {
  const started = Date.now();
  process.stderr.write(`bench: ${name}…\n`);
  try {
    const mod = (await import(pathToFileURL(path.join(dir, `${name}.ts`)).href)) as { run: (opts: Record<string, unknown>) => Promise<unknown> };
    results[name] = { ...(await mod.run({})) as object, durationSec: Math.round((Date.now() - started) / 100) / 10 };
  } catch (error) {
    results[name] = { error: (error as Error).message };
  }
}
const summary = {
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  at: new Date().toISOString(),
  results,
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
process.exit(0);

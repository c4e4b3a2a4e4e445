/**
 * `npm run bench`: runs every scenario in bench/*.ts (each exports `run(opts)` returning JSON
 * figures) and prints one JSON summary. `npm run bench -- devices-enroll` runs only matching ones.
 * Each scenario runs in its own process (they start their own databases and servers, and
 * module-level pools must not leak from one scenario into the next).
 * Figures are measurements on this machine, never pass/fail assertions.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const dir = import.meta.dirname;
const args = process.argv.slice(2);

if (args[0] === "--one") {
  // Child mode: run one scenario and print its result as the last line of stdout.
  const name = args[1]!;
  const mod = (await import(pathToFileURL(path.join(dir, `${name}.ts`)).href)) as { run: (opts: Record<string, unknown>) => Promise<unknown> };
  const started = Date.now();
  const result = await mod.run({});
  process.stdout.write(`\n__BENCH_RESULT__${JSON.stringify({ ...(result as object), durationSec: Math.round((Date.now() - started) / 100) / 10 })}\n`);
  process.exit(0);
}

const filters = args.filter((a) => !a.startsWith("--"));
const scenarios = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.endsWith(".test.ts") && !f.startsWith("_"))
  .map((f) => f.replace(/\.ts$/, ""))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();

const results: Record<string, unknown> = {};
for (const name of scenarios) {
  process.stderr.write(`bench: ${name}…\n`);
  const child = spawnSync(process.execPath, ["--import", "tsx", path.join(dir, "run.ts"), "--one", name], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
    env: process.env,
  });
  const line = child.stdout.split("\n").find((l) => l.startsWith("__BENCH_RESULT__"));
  results[name] = line ? JSON.parse(line.slice("__BENCH_RESULT__".length)) : { error: `scenario exited with status ${child.status} without a result` };
}
const summary = {
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg() },
  at: new Date().toISOString(),
  results,
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
process.exit(0);

/**
 * Installs the real agent CLIs from the npm registry into a cached prefix, so tests can
 * discover, configure and run the genuine article rather than a look-alike.
 *
 * Each package is installed once per version into `.data/agent-clis/<name>@<version>/`
 * (git-ignored) and reused by later runs. Versions are pinned so results are reproducible.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

export const REAL_AGENTS = {
  claude: { pkg: "@anthropic-ai/claude-code", version: "2.1.197", bin: "claude" },
  codex: { pkg: "@openai/codex", version: "0.169.0", bin: "codex" },
  gemini: { pkg: "@google/gemini-cli", version: "0.61.0", bin: "gemini" },
} as const;

export type TRealAgent = keyof typeof REAL_AGENTS;

const cacheRoot = path.resolve(import.meta.dirname, "../../.data/agent-clis");

/** Returns the npm global prefix holding the agent (its binary is at `<prefix>/bin/<bin>`). */
export function installRealAgent(agent: TRealAgent): { prefix: string; binPath: string; version: string; pkgDir: string } {
  const spec = REAL_AGENTS[agent];
  const prefix = path.join(cacheRoot, `${spec.pkg.replace("/", "__")}@${spec.version}`);
  const binPath = path.join(prefix, "bin", spec.bin);
  if (!existsSync(binPath)) {
    const staging = `${prefix}.partial-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    execFileSync("npm", ["install", "-g", "--prefix", staging, "--no-audit", "--no-fund", `${spec.pkg}@${spec.version}`], {
      stdio: ["ignore", "ignore", "inherit"],
      timeout: 300_000,
    });
    rmSync(prefix, { recursive: true, force: true });
    renameSync(staging, prefix); // atomic: a half-finished install never looks complete
  }
  return { prefix, binPath, version: spec.version, pkgDir: path.join(prefix, "lib", "node_modules", spec.pkg) };
}

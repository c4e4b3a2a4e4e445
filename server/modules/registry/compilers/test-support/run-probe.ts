/** Test helper: runs an agent probe the way the enroller would (fresh temp HOME/cwd, minimal environment). */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TAgentProbe, TProbeResult } from "../probes";

export function runProbe({ probe }: { probe: TAgentProbe }): TProbeResult & { stdout: string; stderr: string } {
  const tempDir = mkdtempSync(path.join(os.tmpdir(), "marshal-probe-"));
  try {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin" } as unknown as NodeJS.ProcessEnv;
    for (const [name, value] of Object.entries(probe.env)) (env as Record<string, string>)[name] = value.replaceAll("{{tempDir}}", tempDir);
    const result = spawnSync(probe.command, probe.args, { cwd: tempDir, env: env as NodeJS.ProcessEnv, input: "", encoding: "utf8", timeout: probe.timeoutMs });
    const output = { exitCode: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
    return { ...probe.readResult(output), stdout: output.stdout, stderr: output.stderr };
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}

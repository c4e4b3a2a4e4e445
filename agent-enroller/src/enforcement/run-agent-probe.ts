/**
 * Runs an agent's attestation probe (server/modules/registry/compilers/probes.ts) the way it is described: in a
 * fresh empty temp directory as HOME and cwd, with a minimal environment, a timeout, stdin closed. Never throws.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TAgentProbe, TProbeResult } from "../../../server/modules/registry/compilers/probes";

const MAX_OUTPUT = 4 * 1024 * 1024;

export async function runAgentProbe({ probe }: { probe: TAgentProbe }): Promise<TProbeResult> {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), "marshal-probe-"));
  try {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin" } as unknown as NodeJS.ProcessEnv;
    for (const [name, value] of Object.entries(probe.env)) (env as Record<string, string>)[name] = value.replaceAll("{{tempDir}}", tempDir);
    const output = await new Promise<{ exitCode: number | null; stdout: string; stderr: string; error?: string }>((resolve) => {
      let stdout = "";
      let stderr = "";
      const child = spawn(probe.command, probe.args, { cwd: tempDir, env, stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
      const timer = setTimeout(() => child.kill("SIGKILL"), probe.timeoutMs);
      child.stdout.on("data", (d: Buffer) => {
        if (stdout.length < MAX_OUTPUT) stdout += d.toString("utf8");
      });
      child.stderr.on("data", (d: Buffer) => {
        if (stderr.length < MAX_OUTPUT) stderr += d.toString("utf8");
      });
      child.on("error", (err) => {
        clearTimeout(timer);
        resolve({ exitCode: null, stdout, stderr, error: err.message });
      });
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ exitCode: code, stdout, stderr });
      });
    });
    if (output.error) return { status: "probe-failed", checks: [], detail: `could not run ${probe.command}: ${output.error}` };
    return probe.readResult(output);
  } catch (err) {
    return { status: "probe-failed", checks: [], detail: (err as Error).message };
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

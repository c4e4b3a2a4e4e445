/**
 * One agent's compiled managed files on this device: where they go (per OS, optionally under a test root), writing
 * them with backups and all-or-nothing rollback, reading them back and hashing what is there exactly as the server
 * hashed what it compiled (computePolicyHash, keyed by the Linux path), and the drift between the two.
 */
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { TBundleAgent, TDriftDetail } from "../../../server/contracts/attestation";
import type { TDeviceOs } from "../../../server/contracts/device";
import { computePolicyHash, sha256Hex } from "../../../server/modules/registry/compilers/compute-policy-hash";
import { backupBeforeWrite, forgetBackups, readBackup } from "./policy-store";
import { isPermissionError, writeFileAtomic } from "./write-file-atomic";

export type TEnforcementTarget = { os: TDeviceOs; /** Prefix for every system path (tests); "" for the real locations. */ rootDir?: string };

export type TFileTarget = { key: string; file: string; content: string; sha256: string };

export function resolveAgentFiles({ agent, target }: { agent: Pick<TBundleAgent, "files">; target: TEnforcementTarget }): TFileTarget[] {
  return agent.files.map((f) => {
    const osPath = f.pathByOs[target.os];
    return { key: f.pathByOs.linux, file: target.rootDir ? path.join(target.rootDir, osPath) : osPath, content: f.content, sha256: f.sha256 };
  });
}

async function readIfExists({ file }: { file: string }): Promise<{ content: string | null; error: NodeJS.ErrnoException | null }> {
  try {
    return { content: await readFile(file, "utf8"), error: null };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return e.code === "ENOENT" ? { content: null, error: null } : { content: null, error: e };
  }
}

export type TApplyFilesResult =
  | { ok: true; written: string[]; unchanged: string[] }
  | { ok: false; status: "needs_elevation" | "apply_failed"; file: string; error: string; rolledBack: string[] };

/** Writes the agent's files; if any write fails, the ones already written are put back as they were. */
export async function applyAgentFiles({ stateDir, agent, target }: { stateDir: string; agent: Pick<TBundleAgent, "files">; target: TEnforcementTarget }): Promise<TApplyFilesResult> {
  const written: TFileTarget[] = [];
  const unchanged: string[] = [];
  for (const f of resolveAgentFiles({ agent, target })) {
    try {
      const current = await readIfExists({ file: f.file });
      if (current.error) throw current.error;
      if (current.content === f.content) {
        unchanged.push(f.file);
        continue;
      }
      await backupBeforeWrite({ stateDir, file: f.file, current: current.content });
      await writeFileAtomic({ file: f.file, content: f.content, mode: 0o644 });
      written.push(f);
    } catch (err) {
      const rolledBack = await rollBack({ stateDir, files: written });
      return {
        ok: false,
        status: isPermissionError(err) ? "needs_elevation" : "apply_failed",
        file: f.file,
        error: `${(err as NodeJS.ErrnoException).code ?? "ERROR"}: ${(err as Error).message}`,
        rolledBack,
      };
    }
  }
  return { ok: true, written: written.map((f) => f.file), unchanged };
}

async function rollBack({ stateDir, files }: { stateDir: string; files: TFileTarget[] }): Promise<string[]> {
  const done: string[] = [];
  for (const f of files.reverse()) {
    const prev = await readBackup({ stateDir, file: f.file, which: "prev" });
    if (!prev.found) continue;
    try {
      if (prev.content === null) await rm(f.file, { force: true });
      else await writeFileAtomic({ file: f.file, content: prev.content });
      done.push(f.file);
    } catch {
      /* reported through the attestation: the file will show as drifted */
    }
  }
  return done;
}

/** Files Marshal wrote for an agent that the new bundle no longer has: put back what was there before Marshal (or delete). */
export async function retireAgentFiles({ stateDir, agent, target }: { stateDir: string; agent: Pick<TBundleAgent, "files">; target: TEnforcementTarget }): Promise<{ restored: string[]; removed: string[]; failed: string[] }> {
  const out = { restored: [] as string[], removed: [] as string[], failed: [] as string[] };
  for (const f of resolveAgentFiles({ agent, target })) {
    const original = await readBackup({ stateDir, file: f.file, which: "original" });
    try {
      if (original.found && original.content !== null) {
        await writeFileAtomic({ file: f.file, content: original.content });
        out.restored.push(f.file);
      } else {
        await rm(f.file, { force: true });
        out.removed.push(f.file);
      }
      await forgetBackups({ stateDir, file: f.file });
    } catch {
      out.failed.push(f.file);
    }
  }
  return out;
}

/** Reads the agent's files back: the hash of what is there (as the server computes it) and how each file differs. */
export async function readAgentFiles({ agent, target }: { agent: Pick<TBundleAgent, "files" | "env">; target: TEnforcementTarget }): Promise<{ foundHash: string | null; drift: TDriftDetail[] }> {
  const drift: TDriftDetail[] = [];
  const found: { key: string; content: string }[] = [];
  let complete = true;
  for (const f of resolveAgentFiles({ agent, target })) {
    const read = await readIfExists({ file: f.file });
    if (read.error) {
      complete = false;
      drift.push({ path: f.file, kind: "unreadable", expectedSha256: f.sha256, foundSha256: null });
    } else if (read.content === null) {
      complete = false;
      drift.push({ path: f.file, kind: "missing", expectedSha256: f.sha256, foundSha256: null });
    } else {
      const sha = sha256Hex({ data: read.content });
      if (sha !== f.sha256) drift.push({ path: f.file, kind: "modified", expectedSha256: f.sha256, foundSha256: sha });
      found.push({ key: f.key, content: read.content });
    }
  }
  // The environment part of the hash is what the enroller itself sets for the agent's processes, not a file.
  return { foundHash: complete ? computePolicyHash({ files: found, env: agent.env }) : null, drift };
}

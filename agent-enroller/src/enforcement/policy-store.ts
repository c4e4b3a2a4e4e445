/**
 * What the enroller keeps about policy in its state directory (0700): the bundle it was told to enforce
 * (`policy/bundle.json`), the previous content of every file it replaced (`policy/backups/`: `<key>.prev` is the
 * version before the last write, `<key>.original` the file as it was before Marshal first touched it, or a marker
 * that there was none), and cached probe results.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ZApplyPolicyPayload, ZAttestationProbe, type TApplyPolicyPayload, type TAttestationProbe } from "../../../server/contracts/attestation";
import { writePrivateFile } from "../state/device-state";

export const policyFiles = (stateDir: string) => ({
  dir: path.join(stateDir, "policy"),
  bundle: path.join(stateDir, "policy", "bundle.json"),
  backups: path.join(stateDir, "policy", "backups"),
  probeCache: path.join(stateDir, "policy", "probe-cache.json"),
  quarantine: path.join(stateDir, "quarantine"),
});

export async function readAppliedBundle({ stateDir }: { stateDir: string }): Promise<TApplyPolicyPayload | null> {
  try {
    return ZApplyPolicyPayload.parse(JSON.parse(await readFile(policyFiles(stateDir).bundle, "utf8")));
  } catch {
    return null;
  }
}

export async function writeAppliedBundle({ stateDir, bundle }: { stateDir: string; bundle: TApplyPolicyPayload }): Promise<void> {
  await writePrivateFile({ file: policyFiles(stateDir).bundle, content: JSON.stringify(bundle) });
}

function backupKey({ file }: { file: string }): string {
  return createHash("sha256").update(file).digest("hex").slice(0, 32);
}

const NO_ORIGINAL = "\u0000marshal:no-original\u0000";

/** Before a write: keeps the current content as `.prev`, and the very first content seen as `.original`. */
export async function backupBeforeWrite({ stateDir, file, current }: { stateDir: string; file: string; current: string | null }): Promise<void> {
  const dir = policyFiles(stateDir).backups;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const key = backupKey({ file });
  const original = path.join(dir, `${key}.original`);
  try {
    await writeFile(original, current ?? NO_ORIGINAL, { flag: "wx", mode: 0o600 });
  } catch {
    /* already kept */
  }
  await writePrivateFile({ file: path.join(dir, `${key}.prev`), content: current ?? NO_ORIGINAL });
}

/** The content to roll back to: `.prev` (the last version before Marshal's write) or `.original`; null: the file did not exist. */
export async function readBackup({ stateDir, file, which }: { stateDir: string; file: string; which: "prev" | "original" }): Promise<{ found: boolean; content: string | null }> {
  try {
    const text = await readFile(path.join(policyFiles(stateDir).backups, `${backupKey({ file })}.${which}`), "utf8");
    return { found: true, content: text === NO_ORIGINAL ? null : text };
  } catch {
    return { found: false, content: null };
  }
}

export async function forgetBackups({ stateDir, file }: { stateDir: string; file: string }): Promise<void> {
  const dir = policyFiles(stateDir).backups;
  await rm(path.join(dir, `${backupKey({ file })}.prev`), { force: true });
  await rm(path.join(dir, `${backupKey({ file })}.original`), { force: true });
}

const ZProbeCache = z.record(z.string(), ZAttestationProbe);

export async function readProbeCache({ stateDir }: { stateDir: string }): Promise<Record<string, TAttestationProbe>> {
  try {
    return ZProbeCache.parse(JSON.parse(await readFile(policyFiles(stateDir).probeCache, "utf8")));
  } catch {
    return {};
  }
}

export async function writeProbeCache({ stateDir, cache }: { stateDir: string; cache: Record<string, TAttestationProbe> }): Promise<void> {
  await writePrivateFile({ file: policyFiles(stateDir).probeCache, content: JSON.stringify(cache) });
}

/** The outcome of the last write of each agent's files (so a failed write is reported as such, not as drift). */
const ZApplyState = z.record(
  z.string(),
  z.object({ status: z.enum(["applied", "needs_elevation", "apply_failed"]), error: z.string().optional(), file: z.string().optional(), at: z.string() }),
);
export type TApplyState = z.infer<typeof ZApplyState>;

export async function readApplyState({ stateDir }: { stateDir: string }): Promise<TApplyState> {
  try {
    return ZApplyState.parse(JSON.parse(await readFile(path.join(policyFiles(stateDir).dir, "apply-state.json"), "utf8")));
  } catch {
    return {};
  }
}

export async function writeApplyState({ stateDir, state }: { stateDir: string; state: TApplyState }): Promise<void> {
  await writePrivateFile({ file: path.join(policyFiles(stateDir).dir, "apply-state.json"), content: JSON.stringify(state) });
}

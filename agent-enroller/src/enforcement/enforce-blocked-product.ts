/**
 * A blocked product on this device: stop every process of it (SIGTERM, grace, SIGKILL, rescan until none is left,
 * as the revoke command does), then handle its installs per tenant setting: quarantine (move the install and its
 * launcher links into the enroller's quarantine folder with a manifest, so an admin can restore it), remove, or
 * stop-only. Config-only "installs" (a settings folder) are never moved. Without the rights to do it, the result
 * says needs_elevation instead of pretending.
 */
import { lstat, mkdir, readdir, readlink, rename, rm, cp } from "node:fs/promises";
import path from "node:path";
import type { TBundleBlock } from "../../../server/contracts/attestation";
import type { TInstallation } from "../../../server/contracts/inventory";
import { isWithin } from "../discovery/found-installation";
import { scanDevice, type TScanOptions } from "../discovery/scan-device";
import { terminateProcesses } from "../loop/terminate-processes";
import { writePrivateFile } from "../state/device-state";
import { policyFiles } from "./policy-store";
import { isPermissionError } from "./write-file-atomic";

export type TInstallAction = {
  installPath: string;
  version: string | null;
  action: "quarantined" | "removed" | "left-in-place" | "failed";
  quarantinePath?: string;
  links?: string[];
  error?: string;
};

export type TBlockResult = {
  productSlug: string;
  status: "in_force" | "blocked_present" | "needs_elevation";
  handling: TBundleBlock["handling"];
  runningBefore: number[];
  terminated: number[];
  forceKilled: number[];
  runningAfter: number[];
  installs: TInstallAction[];
  presentAfter: string[];
};

const MOVABLE = new Set<TInstallation["installMethod"]>(["npm-global", "binary", "vscode-extension", "app", "pip"]);

function matches({ block, installation }: { block: TBundleBlock; installation: TInstallation }): boolean {
  return installation.productSlug === block.productSlug && (!block.installPath || installation.installPath === block.installPath);
}

export async function enforceBlockedProduct({ block, stateDir, scan }: { block: TBundleBlock; stateDir: string; scan?: TScanOptions }): Promise<TBlockResult> {
  const scanOpts = { ...scan, runVersionCommands: false };
  const scanMine = async () => (await scanDevice(scanOpts)).inventory.installations.filter((installation) => matches({ block, installation }));
  const before = await scanMine();
  const runningBefore = before.flatMap((i) => i.pids);
  const terminated: number[] = [];
  const forceKilled: number[] = [];
  let running = runningBefore;
  let permissionDenied = false;
  for (let round = 0; round < 5 && running.length > 0; round++) {
    const r = await terminateProcesses({ pids: running });
    terminated.push(...r.terminated);
    forceKilled.push(...r.killed);
    for (const pid of r.survivors) {
      try {
        process.kill(pid, 0);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EPERM") permissionDenied = true;
      }
    }
    running = (await scanMine()).flatMap((i) => i.pids);
  }

  const installs: TInstallAction[] = [];
  if (running.length === 0) {
    for (const inst of before) {
      if (block.handling === "stop-only" || !MOVABLE.has(inst.installMethod)) {
        installs.push({ installPath: inst.installPath, version: inst.version, action: "left-in-place" });
        continue;
      }
      try {
        installs.push(
          block.handling === "quarantine"
            ? await quarantineInstall({ installation: inst, stateDir, pathDirs: scan?.ctx?.pathDirs ?? (process.env.PATH ?? "").split(path.delimiter) })
            : await removeInstall({ installation: inst }),
        );
      } catch (err) {
        if (isPermissionError(err)) permissionDenied = true;
        installs.push({ installPath: inst.installPath, version: inst.version, action: "failed", error: `${(err as NodeJS.ErrnoException).code ?? "ERROR"}: ${(err as Error).message}` });
      }
    }
  }

  const after = await scanMine();
  const runningAfter = after.flatMap((i) => i.pids);
  // stop-only: the block holds while nothing runs; otherwise nothing of the product may be left installed.
  const presentAfter = after.filter((i) => block.handling !== "stop-only" && MOVABLE.has(i.installMethod)).map((i) => i.installPath);
  const holds = runningAfter.length === 0 && presentAfter.length === 0;
  return {
    productSlug: block.productSlug,
    status: holds ? "in_force" : permissionDenied ? "needs_elevation" : "blocked_present",
    handling: block.handling,
    runningBefore,
    terminated: [...new Set(terminated)],
    forceKilled: [...new Set(forceKilled)],
    runningAfter,
    installs,
    presentAfter,
  };
}

/** Launchers on PATH (npm's bin links) that point into the install: moved along with it so nothing dangles. */
async function findLauncherLinks({ installPath, pathDirs }: { installPath: string; pathDirs: string[] }): Promise<string[]> {
  const out: string[] = [];
  for (const dir of new Set(pathDirs)) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        if (!(await lstat(file)).isSymbolicLink()) continue;
        const target = path.resolve(dir, await readlink(file));
        if (isWithin({ child: target, parent: installPath, sep: path.sep })) out.push(file);
      } catch {
        /* vanished */
      }
    }
  }
  return out;
}

async function moveAcross({ from, to }: { from: string; to: string }): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true, mode: 0o700 });
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EXDEV") throw err;
    await cp(from, to, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    await rm(from, { recursive: true, force: true });
  }
}

async function quarantineInstall({ installation, stateDir, pathDirs }: { installation: TInstallation; stateDir: string; pathDirs: string[] }): Promise<TInstallAction> {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const slot = path.join(policyFiles(stateDir).quarantine, `${installation.productSlug.replace(/[^a-z0-9-]/gi, "_")}-${stamp}`);
  const links = await findLauncherLinks({ installPath: installation.installPath, pathDirs });
  await moveAcross({ from: installation.installPath, to: path.join(slot, "install") });
  const movedLinks: string[] = [];
  for (const [i, link] of links.entries()) {
    try {
      await moveAcross({ from: link, to: path.join(slot, "links", `${i}-${path.basename(link)}`) });
      movedLinks.push(link);
    } catch {
      /* a dangling launcher is harmless: its target is gone */
    }
  }
  await writePrivateFile({
    file: path.join(slot, "manifest.json"),
    content: `${JSON.stringify({ productSlug: installation.productSlug, version: installation.version, installPath: installation.installPath, sha256: installation.sha256, links: movedLinks, quarantinedAt: new Date().toISOString() }, null, 2)}\n`,
  });
  return { installPath: installation.installPath, version: installation.version, action: "quarantined", quarantinePath: slot, links: movedLinks };
}

async function removeInstall({ installation }: { installation: TInstallation }): Promise<TInstallAction> {
  await rm(installation.installPath, { recursive: true });
  return { installPath: installation.installPath, version: installation.version, action: "removed" };
}

/**
 * The difference between the installations stored for a device and what it just reported: rows to create,
 * rows whose fields changed, rows seen again unchanged, and rows gone from the device. Pure.
 */
import type { TInstallation } from "@/server/contracts/inventory";
import { installationKey } from "./hash-inventory";

export type TStoredInstallation = {
  id: string;
  productSlug: string;
  installPath: string;
  displayName: string;
  version: string | null;
  entryFile: string | null;
  sha256: string | null;
  installMethod: string;
  running: boolean;
  pids: number[];
  mcpServers: unknown;
  configPaths: string[];
};

export type TInstallationDiff = {
  added: TInstallation[];
  changed: { id: string; before: TStoredInstallation; after: TInstallation }[];
  unchanged: string[];
  removed: TStoredInstallation[];
};

function sameArray<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function installationChanged(options: { stored: TStoredInstallation; reported: TInstallation }): boolean {
  const { stored: s, reported: r } = options;
  return (
    s.displayName !== r.displayName ||
    s.version !== r.version ||
    s.entryFile !== r.entryFile ||
    s.sha256 !== r.sha256 ||
    s.installMethod !== r.installMethod ||
    s.running !== r.running ||
    !sameArray(s.pids, r.pids) ||
    !sameArray(s.configPaths, r.configPaths) ||
    JSON.stringify(s.mcpServers) !== JSON.stringify(r.mcpServers)
  );
}

export function diffInstallations(options: { stored: TStoredInstallation[]; reported: TInstallation[] }): TInstallationDiff {
  const storedByKey = new Map(options.stored.map((s) => [installationKey(s), s]));
  const diff: TInstallationDiff = { added: [], changed: [], unchanged: [], removed: [] };
  const seen = new Set<string>();
  for (const reported of options.reported) {
    const key = installationKey(reported);
    seen.add(key);
    const stored = storedByKey.get(key);
    if (!stored) diff.added.push(reported);
    else if (installationChanged({ stored, reported })) diff.changed.push({ id: stored.id, before: stored, after: reported });
    else diff.unchanged.push(stored.id);
  }
  for (const [key, stored] of storedByKey) if (!seen.has(key)) diff.removed.push(stored);
  return diff;
}

/** Installations reported twice under the same identity (productSlug + installPath): bad input. */
export function findDuplicateInstallations(options: { reported: TInstallation[] }): string[] {
  const seen = new Set<string>();
  const dups: string[] = [];
  for (const r of options.reported) {
    const key = installationKey(r);
    if (seen.has(key)) dups.push(`${r.productSlug} at ${r.installPath}`);
    seen.add(key);
  }
  return dups;
}

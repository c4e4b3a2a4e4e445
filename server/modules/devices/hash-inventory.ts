/**
 * A fingerprint of what a check-in reports, so an unchanged inventory skips the installation diff. Volatile
 * fields (scannedAt, processesScanned) are left out; installations are sorted by their identity
 * (productSlug, installPath) so the order the scan found them in does not matter. Field order inside an
 * installation is the contract's (zod output follows the schema's shape).
 */
import { createHash } from "node:crypto";
import type { TInstallation, TInventory } from "@/server/contracts/inventory";

export function installationKey(options: { productSlug: string; installPath: string }): string {
  return `${options.productSlug}\u0000${options.installPath}`;
}

export function sortInstallations(options: { installations: TInstallation[] }): TInstallation[] {
  return [...options.installations].sort((a, b) => {
    const ka = installationKey(a);
    const kb = installationKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

export function hashInventory(options: { inventory: TInventory }): string {
  const hash = createHash("sha256");
  for (const inst of sortInstallations({ installations: options.inventory.installations })) hash.update(JSON.stringify(inst)).update("\n");
  return hash.digest("hex");
}

import type { TAgentCatalogEntry } from "../../../server/contracts/agent-catalog";
import type { TInstallMethod } from "../../../server/contracts/inventory";

/** An installation as a finder sees it, before hashing, process matching and MCP attachment. */
export type TFoundInstallation = {
  entry: TAgentCatalogEntry;
  installMethod: TInstallMethod;
  installPath: string;
  entryFile: string | null;
  version: string | null;
  /** Paths whose appearance in a process's executable or argv marks it as this installation running. */
  matchPaths: string[];
};

export function isWithin(options: { child: string; parent: string; sep?: string }): boolean {
  const sep = options.sep ?? "/";
  return options.child === options.parent || options.child.startsWith(options.parent.endsWith(sep) ? options.parent : options.parent + sep);
}

/**
 * Desktop applications at their documented install locations. On macOS the version and main executable come
 * from the bundle's Contents/Info.plist (CFBundleShortVersionString, CFBundleExecutable); elsewhere from an
 * Electron app's resources/app/package.json when present.
 */
import path from "node:path";
import type { TAgentCatalog } from "../../../server/contracts/agent-catalog";
import { expandPathTemplate } from "./expand-path-template";
import type { TFoundInstallation } from "./found-installation";
import { isFile, pathExists, tryReadJson, tryReadText } from "./fs-probe";
import type { TScanContext } from "./scan-context";

export function readPlistString(options: { xml: string; key: string }): string | null {
  const re = new RegExp(`<key>${options.key}</key>\\s*<string>([^<]*)</string>`);
  return options.xml.match(re)?.[1] ?? null;
}

export async function findAppInstallations(options: { ctx: TScanContext; catalog: TAgentCatalog }): Promise<TFoundInstallation[]> {
  const { ctx, catalog } = options;
  const found: TFoundInstallation[] = [];
  for (const entry of catalog) {
    for (const template of entry.appPaths) {
      const appPath = expandPathTemplate({ template, ctx });
      if (!appPath || !(await pathExists(appPath))) continue;
      let version: string | null = null;
      let entryFile: string | null = (await isFile(appPath)) ? appPath : null;
      const plist = await tryReadText(path.join(appPath, "Contents", "Info.plist"));
      if (plist) {
        version = readPlistString({ xml: plist, key: "CFBundleShortVersionString" });
        const exe = readPlistString({ xml: plist, key: "CFBundleExecutable" });
        if (exe) entryFile = path.join(appPath, "Contents", "MacOS", exe);
      } else {
        const pkg = (await tryReadJson(path.join(appPath, "resources", "app", "package.json"))) as Record<string, unknown> | undefined;
        if (pkg && typeof pkg.version === "string") version = pkg.version;
      }
      found.push({ entry, installMethod: "app", installPath: appPath, entryFile, version, matchPaths: [appPath] });
    }
  }
  return found;
}

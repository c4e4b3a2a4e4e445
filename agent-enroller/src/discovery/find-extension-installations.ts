/**
 * VS Code-family extensions (VS Code, Insiders, VS Code Server, Cursor, Windsurf, VSCodium): each extension is a
 * folder `<publisher>.<name>-<version>[-<platform>]` under `<editor home>/extensions` holding its package.json
 * (publisher, name, version, main), per the VS Code extension manifest reference.
 */
import path from "node:path";
import type { TAgentCatalog } from "../../../server/contracts/agent-catalog";
import type { TFoundInstallation } from "./found-installation";
import { isFile, tryReadJson, tryReaddir } from "./fs-probe";
import type { TScanContext } from "./scan-context";

export const EXTENSION_ROOTS = [".vscode", ".vscode-insiders", ".vscode-server", ".vscode-oss", ".cursor", ".windsurf"];

export async function findExtensionInstallations(options: { ctx: TScanContext; catalog: TAgentCatalog }): Promise<TFoundInstallation[]> {
  const { ctx, catalog } = options;
  const byId = new Map<string, TAgentCatalog[number]>();
  for (const entry of catalog) for (const id of entry.extensionIds) byId.set(id.toLowerCase(), entry);
  if (byId.size === 0) return [];
  const found: TFoundInstallation[] = [];
  for (const root of EXTENSION_ROOTS) {
    const extDir = path.join(ctx.home, root, "extensions");
    for (const name of await tryReaddir(extDir)) {
      const guess = name.toLowerCase();
      if (![...byId.keys()].some((id) => guess.startsWith(`${id}-`) || guess === id)) continue;
      const dir = path.join(extDir, name);
      const pkg = (await tryReadJson(path.join(dir, "package.json"))) as Record<string, unknown> | undefined;
      if (!pkg || typeof pkg.publisher !== "string" || typeof pkg.name !== "string") continue;
      const entry = byId.get(`${pkg.publisher}.${pkg.name}`.toLowerCase());
      if (!entry) continue;
      let entryFile: string | null = null;
      if (typeof pkg.main === "string") {
        const main = path.join(dir, pkg.main);
        entryFile = (await isFile(main)) ? main : (await isFile(`${main}.js`)) ? `${main}.js` : null;
      }
      found.push({
        entry,
        installMethod: "vscode-extension",
        installPath: dir,
        entryFile,
        version: typeof pkg.version === "string" ? pkg.version : null,
        matchPaths: [dir],
      });
    }
  }
  return found;
}

/**
 * Catalog binaries found on PATH that are not already explained by an npm prefix: npm packages under an
 * unusual prefix, pip console scripts (Aider), and native/standalone binaries (e.g. Claude Code's native
 * installer, Homebrew casks). Version: the npm package.json, the pip dist-info, or `versionArgs`.
 */
import path from "node:path";
import type { TAgentCatalog } from "../../../server/contracts/agent-catalog";
import { isWithin, type TFoundInstallation } from "./found-installation";
import { isFile, tryRealpath } from "./fs-probe";
import { readNpmPackage } from "./find-npm-installations";
import { readCommandVersion } from "./read-command-version";
import { findSitePackages, readPipVersion, readShebangPython } from "./read-pip-version";
import type { TScanContext } from "./scan-context";

const WINDOWS_EXTS = [".exe", ".cmd", ".bat", ".ps1", ""];

export async function findPathInstallations(options: {
  ctx: TScanContext;
  catalog: TAgentCatalog;
  known: TFoundInstallation[];
  runVersionCommands?: boolean;
}): Promise<TFoundInstallation[]> {
  const { ctx, catalog, known } = options;
  const found: TFoundInstallation[] = [];
  const seen = new Set<string>();
  const explained = (real: string) =>
    [...known, ...found].some((k) => k.matchPaths.some((p) => isWithin({ child: real, parent: p, sep: path.sep })));
  for (const entry of catalog) {
    for (const name of entry.binaries) {
      for (const dir of ctx.pathDirs) {
        for (const ext of ctx.os === "windows" ? WINDOWS_EXTS : [""]) {
          const candidate = path.join(dir, name + ext);
          if (!(await isFile(candidate))) continue;
          const real = (await tryRealpath(candidate)) ?? candidate;
          if (seen.has(real)) continue;
          seen.add(real);
          if (explained(real) || explained(candidate)) continue;
          const inst = await classifyBinary({ candidate, real, entry, ctx, runVersionCommands: options.runVersionCommands ?? true });
          if (inst) found.push(inst);
        }
      }
    }
  }
  return found;
}

async function classifyBinary(options: {
  candidate: string;
  real: string;
  entry: TAgentCatalog[number];
  ctx: TScanContext;
  runVersionCommands: boolean;
}): Promise<TFoundInstallation | null> {
  const { candidate, real, entry, ctx } = options;
  // An npm package outside the prefixes we know: walk up to node_modules/<pkg>.
  for (const pkgName of entry.npmPackages) {
    const marker = `${path.sep}node_modules${path.sep}${pkgName.split("/").join(path.sep)}${path.sep}`;
    const at = real.indexOf(marker);
    if (at >= 0) {
      const pkgDir = real.slice(0, at + marker.length - 1);
      const inst = await readNpmPackage({ pkgDir, prefix: null, entry, ctx });
      if (inst) return { ...inst, matchPaths: [...inst.matchPaths, candidate] };
    }
  }
  const python = await readShebangPython({ file: real });
  if (python && entry.pipPackages.length > 0) {
    const sitePackages = await findSitePackages({ pythonPath: python, home: ctx.home });
    let version: string | null = null;
    for (const dist of entry.pipPackages) version ??= await readPipVersion({ sitePackages, distribution: dist });
    return { entry, installMethod: "pip", installPath: real, entryFile: real, version, matchPaths: [real, candidate] };
  }
  const version =
    options.runVersionCommands && entry.versionArgs
      ? await readCommandVersion({ file: candidate, args: entry.versionArgs, env: { ...process.env, HOME: ctx.home } })
      : null;
  return { entry, installMethod: "binary", installPath: real, entryFile: real, version, matchPaths: [real, candidate] };
}

/**
 * Global npm installs of catalog packages. `npm prefix -g` is too slow to spawn on every scan, so candidate
 * prefixes are derived from PATH (`<prefix>/bin`), `$npm_config_prefix`, the usual defaults (`/usr/local`,
 * `/usr`, `~/.npm-global`, `~/.local`, Homebrew), nvm's per-version prefixes and the running node's own prefix.
 * Layout per npm docs (folders): `<prefix>/lib/node_modules/<pkg>` on Unix, `<prefix>/node_modules/<pkg>` on Windows.
 */
import path from "node:path";
import type { TAgentCatalog } from "../../../server/contracts/agent-catalog";
import type { TFoundInstallation } from "./found-installation";
import { pathExists, tryReadJson, tryReaddir, tryRealpath } from "./fs-probe";
import type { TScanContext } from "./scan-context";

export async function listNpmPrefixes(options: { ctx: TScanContext }): Promise<string[]> {
  const { ctx } = options;
  const candidates: string[] = [];
  for (const dir of ctx.pathDirs) {
    if (ctx.os === "windows") candidates.push(dir);
    else if (path.basename(dir) === "bin") candidates.push(path.dirname(dir));
  }
  for (const v of [ctx.env.npm_config_prefix, ctx.env.NPM_CONFIG_PREFIX, ctx.env.PREFIX]) if (v) candidates.push(v);
  candidates.push(path.join(ctx.home, ".npm-global"), path.join(ctx.home, ".local"));
  if (ctx.os === "windows") {
    if (ctx.env.APPDATA) candidates.push(path.join(ctx.env.APPDATA, "npm"));
  } else {
    candidates.push("/usr/local", "/usr", "/opt/homebrew");
    const nvmDir = ctx.env.NVM_DIR || path.join(ctx.home, ".nvm");
    for (const v of await tryReaddir(path.join(nvmDir, "versions", "node"))) candidates.push(path.join(nvmDir, "versions", "node", v));
  }
  candidates.push(path.dirname(path.dirname(process.execPath)));
  return [...new Set(candidates.map((c) => path.resolve(c)))];
}

function nodeModulesOf(prefix: string, ctx: TScanContext): string {
  return ctx.os === "windows" ? path.join(prefix, "node_modules") : path.join(prefix, "lib", "node_modules");
}

type TPackageJson = { name?: unknown; version?: unknown; bin?: unknown };

/** Picks the bin entry: the one named like a catalog binary, else the only/first one. */
export function pickBin(options: { pkg: TPackageJson; pkgName: string; binaries: string[] }): { name: string; rel: string } | null {
  const { pkg, pkgName, binaries } = options;
  if (typeof pkg.bin === "string") return { name: pkgName.replace(/^@[^/]+\//, ""), rel: pkg.bin };
  if (typeof pkg.bin !== "object" || pkg.bin === null) return null;
  const bins = Object.entries(pkg.bin as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string");
  const hit = bins.find(([n]) => binaries.includes(n)) ?? bins[0];
  return hit ? { name: hit[0], rel: hit[1] } : null;
}

export async function readNpmPackage(options: {
  pkgDir: string;
  prefix: string | null;
  entry: TAgentCatalog[number];
  ctx: TScanContext;
}): Promise<TFoundInstallation | null> {
  const { pkgDir, prefix, entry, ctx } = options;
  const pkg = (await tryReadJson(path.join(pkgDir, "package.json"))) as TPackageJson | undefined;
  if (!pkg || typeof pkg.name !== "string" || !entry.npmPackages.includes(pkg.name)) return null;
  const real = (await tryRealpath(pkgDir)) ?? pkgDir;
  const bin = pickBin({ pkg, pkgName: pkg.name, binaries: entry.binaries });
  const entryFile = bin ? await tryRealpath(path.join(real, bin.rel)) : null;
  const matchPaths = [real];
  if (entryFile) matchPaths.push(entryFile);
  if (bin && prefix) {
    const shim = ctx.os === "windows" ? path.join(prefix, bin.name) : path.join(prefix, "bin", bin.name);
    matchPaths.push(shim);
    if (ctx.os === "windows") matchPaths.push(`${shim}.cmd`, `${shim}.ps1`);
  }
  return {
    entry,
    installMethod: "npm-global",
    installPath: real,
    entryFile,
    version: typeof pkg.version === "string" ? pkg.version : null,
    matchPaths,
  };
}

export async function findNpmInstallations(options: { ctx: TScanContext; catalog: TAgentCatalog }): Promise<TFoundInstallation[]> {
  const { ctx, catalog } = options;
  const prefixes = await listNpmPrefixes({ ctx });
  const found: TFoundInstallation[] = [];
  await Promise.all(
    prefixes.map(async (prefix) => {
      const nm = nodeModulesOf(prefix, ctx);
      if (!(await pathExists(nm))) return;
      for (const entry of catalog) {
        for (const pkgName of entry.npmPackages) {
          const inst = await readNpmPackage({ pkgDir: path.join(nm, pkgName), prefix, entry, ctx });
          if (inst) found.push(inst);
        }
      }
    }),
  );
  return found;
}

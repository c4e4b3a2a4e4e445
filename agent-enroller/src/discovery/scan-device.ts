/**
 * Discovery: every AI agent on this device with version, location, entry-file hash, install method, running
 * processes and configured MCP servers. Signatures come from the catalog (data); nothing here names a product.
 */
import type { TAgentCatalog } from "../../../server/contracts/agent-catalog";
import { MAX_INSTALLATIONS, ZInventory, type TInstallation, type TInventory, type TMcpServer } from "../../../server/contracts/inventory";
import { expandPathTemplate } from "./expand-path-template";
import { findAppInstallations } from "./find-app-installations";
import { findExtensionInstallations } from "./find-extension-installations";
import { findNpmInstallations } from "./find-npm-installations";
import { findPathInstallations } from "./find-path-installations";
import type { TFoundInstallation } from "./found-installation";
import { pathExists } from "./fs-probe";
import { tryHashFile } from "./hash-file";
import { listProcesses, type TProcessInfo } from "./list-processes";
import { loadAgentCatalog } from "./load-agent-catalog";
import { matchProcesses } from "./match-processes";
import { readMcpServers } from "./read-mcp-servers";
import { createScanContext, type TScanContext } from "./scan-context";

export type TScanResult = { inventory: TInventory; problems: string[] };

export type TScanOptions = {
  ctx?: TScanContext;
  catalog?: TAgentCatalog;
  /** Run `<binary> --version` for non-npm binaries (default true). */
  runVersionCommands?: boolean;
  /** Override the process table (tests, or callers that already listed it). */
  processes?: TProcessInfo[];
};

function dedupeServers(servers: TMcpServer[]): TMcpServer[] {
  const seen = new Set<string>();
  return servers.filter((s) => {
    const key = JSON.stringify([s.name, s.source, s.transport, s.command, s.args, s.url]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export async function scanDevice(options: TScanOptions = {}): Promise<TScanResult> {
  const ctx = options.ctx ?? createScanContext();
  const catalog = options.catalog ?? loadAgentCatalog();
  const problems: string[] = [];

  const [npm, extensions, apps, processes] = await Promise.all([
    findNpmInstallations({ ctx, catalog }),
    findExtensionInstallations({ ctx, catalog }),
    findAppInstallations({ ctx, catalog }),
    options.processes ? Promise.resolve(options.processes) : listProcesses({ os: ctx.os }),
  ]);
  const onPath = await findPathInstallations({ ctx, catalog, known: [...npm, ...apps], runVersionCommands: options.runVersionCommands });

  // One installation per real location.
  const found = new Map<string, TFoundInstallation>();
  for (const inst of [...npm, ...onPath, ...extensions, ...apps]) {
    const key = `${inst.entry.slug}\0${inst.installPath}`;
    const prev = found.get(key);
    if (prev) prev.matchPaths = [...new Set([...prev.matchPaths, ...inst.matchPaths])];
    else found.set(key, inst);
  }

  const installations: TInstallation[] = [];
  for (const entry of catalog) {
    const mcpServers: TMcpServer[] = [];
    const configPaths: string[] = [];
    for (const template of entry.configPaths) {
      const p = expandPathTemplate({ template, ctx });
      if (p && (await pathExists(p))) configPaths.push(p);
    }
    for (const source of entry.mcpConfigs) {
      const read = await readMcpServers({ source, ctx });
      mcpServers.push(...read.servers);
      problems.push(...read.problems);
      for (const f of read.configFiles) if (!configPaths.includes(f)) configPaths.push(f);
    }
    const servers = dedupeServers(mcpServers).slice(0, 200);
    const mine = [...found.values()].filter((f) => f.entry.slug === entry.slug);
    if (mine.length === 0 && configPaths.length > 0) {
      mine.push({ entry, installMethod: "config-only", installPath: configPaths[0]!, entryFile: null, version: null, matchPaths: [] });
    }
    for (const inst of mine) {
      const byName = inst.installMethod === "app" || inst.installMethod === "config-only";
      const pids = matchProcesses({ installation: inst, processes, ignorePids: ctx.ignorePids, byNameToo: byName });
      installations.push({
        productSlug: entry.slug,
        displayName: entry.displayName,
        version: inst.version,
        installPath: inst.installPath,
        entryFile: inst.entryFile,
        sha256: await tryHashFile({ file: inst.entryFile }),
        installMethod: inst.installMethod,
        running: pids.length > 0,
        pids,
        mcpServers: servers,
        configPaths: configPaths.slice(0, 100),
      });
    }
  }
  if (installations.length > MAX_INSTALLATIONS) problems.push(`${installations.length} installations found; reporting the first ${MAX_INSTALLATIONS}`);
  const inventory = ZInventory.parse({
    scannedAt: new Date().toISOString(),
    installations: installations.slice(0, MAX_INSTALLATIONS),
    processesScanned: processes.length,
  });
  return { inventory, problems };
}

